from odoo.tests import HttpCase, new_test_user, tagged

from .common import run_scoring_job


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestSimilarLeadsUi(HttpCase):
    """Browser tours: from a lead to its duplicates, merged; the proposal on save."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.similar_proposal = "propose"
        cls.seller = new_test_user(
            cls.env,
            login="flow_seller",
            groups="sales_team.group_sale_salesman",
            name="Flow Seller",
        )

    def start_tour(self, url_path, tour_name, **kwargs):
        # The leads created here were committed: the job woken by the commit
        # has scored them by the time the user opens them.
        run_scoring_job(self.env)
        return super().start_tour(url_path, tour_name, **kwargs)

    def _opportunity(self, name, **values):
        return self.env["crm.lead"].create(
            {"name": name, "type": "opportunity", **values}
        )

    def test_merge_proposal_on_save(self):
        original = self._opportunity(
            "Original tour quote", email_from="tour.original@tour-dup.example"
        )
        self.start_tour("/odoo/crm/new", "crm_similar_leads_proposal", login="admin")
        new = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("name", "=", "Duplicate tour quote")])
        )
        self.assertEqual(new.merged_into_id, original)
        self.assertFalse(new.active)

    def test_merge_proposal_on_quick_create(self):
        original = self._opportunity(
            "Original quick quote", email_from="quick.original@quick-dup.example"
        )
        self.start_tour("/odoo/crm", "crm_similar_leads_quick_create", login="admin")
        new = self.env["crm.lead"].search([("name", "=", "Duplicate quick quote")])
        self.assertTrue(new.active, "kept separate")
        self.assertEqual(new.similar_duplicate_count, 0)
        self.assertTrue(
            self.env["crm.lead.not.duplicate"].search(
                [("lead_id", "in", (new | original).ids)]
            )
        )

    def test_similar_leads_to_merged_opportunity(self):
        original = self._opportunity(
            "Original flow quote", email_from="flow@flow-dup.example"
        )
        duplicate = self._opportunity(
            "Duplicate flow quote", email_from="FLOW@flow-dup.example"
        )
        extra = self._opportunity(
            "Extra flow quote", email_from="flow.extra@flow-dup.example"
        )
        self.start_tour(
            f"/odoo/crm/{original.id}", "crm_similar_leads_merge_flow", login="admin"
        )
        self.assertEqual((duplicate | extra).merged_into_id, original)
        self.assertEqual(original.user_id, self.seller)
        self.assertEqual(original.email_from, "flow.extra@flow-dup.example")
        note = original.message_ids.filtered(
            lambda m: "merged 2 records into this one" in (m.body or "")
        )
        self.assertTrue(note)

    def _created(self, lead, days_ago):
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = now() - interval '1 day' * %s "
            "WHERE id = %s",
            [days_ago, lead.id],
        )
        lead.invalidate_recordset(["create_date"])

    def _opportunities_in_order(self, prefix, count, **values):
        """``count`` opportunities of one person, of the own-leads salesperson,
        created a day apart in their order; beside them, another deal of the
        salesperson, so that the tour sees the list change with its search
        (a selection made before the search's reload would be lost)."""
        self._opportunity("Unrelated tour deal", user_id=self.seller.id)
        email = f"{prefix.split()[0].lower()}@{prefix.split()[0].lower()}-tour.example"
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "email_from": email,
                    "type": "opportunity",
                    "user_id": self.seller.id,
                    **values,
                }
                for index in range(1, count + 1)
            ]
        )
        for index, lead in enumerate(leads):
            self._created(lead, 30 - index)
        return leads

    def test_goldman_keeps_the_live_pipeline_state(self):
        """Issue's walk-through: an active opportunity (Proposition, 5,500,
        its salesperson and team) and an older lost lead of the same person.
        The record created first is kept, with the live deal's pipeline
        state: it stays in its salesperson's pipeline."""
        seller = new_test_user(
            self.env,
            login="goldman_seller",
            groups="sales_team.group_sale_salesman",
            name="Goldman Seller",
        )
        sales, other_team = self.env["crm.team"].create(
            [{"name": "Goldman Sales"}, {"name": "Goldman Old Team"}]
        )
        person = {
            "contact_name": "Jean-Jacques Goldman",
            "email_from": "jj.goldman@goldman-tour.example",
        }
        old = self.env["crm.lead"].create(
            {
                "name": "Old Goldman request",
                "type": "lead",
                **person,
                "user_id": self.seller.id,
                "team_id": other_team.id,
            }
        )
        old.action_set_lost()
        self._created(old, 60)
        proposition = self.env.ref("crm.stage_lead3")
        live = self._opportunity(
            "Pellet stove Goldman",
            **person,
            stage_id=proposition.id,
            expected_revenue=5500,
            user_id=seller.id,
            team_id=sales.id,
        )
        self.start_tour(
            f"/odoo/crm/{live.id}", "crm_similar_leads_goldman", login="admin"
        )
        self.assertEqual(live.merged_into_id, old, "the record created first is kept")
        self.assertTrue(old.active)
        self.assertEqual(old.won_status, "pending", "back in the pipeline")
        self.assertEqual(old.type, "opportunity")
        self.assertEqual(
            (old.stage_id, old.user_id, old.team_id, old.expected_revenue),
            (proposition, seller, sales, 5500),
        )
        self.assertEqual(old.name, "Pellet stove Goldman", "the live deal's title")
        my_pipeline = (
            self.env["crm.lead"]
            .with_user(seller)
            .search([("user_id", "=", seller.id), ("type", "=", "opportunity")])
        )
        self.assertIn(old, my_pipeline)

    def test_three_records_with_what_moves(self):
        trio = self._opportunities_in_order("Trio quote", 3, contact_name="Tess Trio")
        # A long value without spaces: wrapped, never widening the window.
        for index, lead in enumerate(trio[1:]):
            lead.website = f"https://www.trio-tour.example/{index}/" + "quote" * 60
        for lead in trio[1:]:
            lead.activity_schedule("mail.mail_activity_data_todo", summary="Call")
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline?view_type=list",
            "crm_similar_leads_three_records",
            login="flow_seller",
        )
        self.assertEqual((trio[0] | trio[2]).merged_into_id, trio[1])
        self.assertEqual(len(trio[1].activity_ids), 2)

    def test_six_records_one_choice_list_per_field(self):
        sextet = self._opportunities_in_order(
            "Sextet quote", 6, contact_name="Sam Sextet"
        )
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline?view_type=list",
            "crm_similar_leads_six_records",
            login="flow_seller",
        )
        kept = sextet[0]
        self.assertEqual((sextet - kept).merged_into_id, kept, "the first created")
        self.assertEqual(kept.name, "Sextet quote 4", "the title chosen in the list")

    def test_french_window(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "crm", "crm_similar_leads"], ["fr_FR"]
        )
        vendeur = new_test_user(
            self.env,
            login="vendeur",
            groups="sales_team.group_sale_salesman",
            lang="fr_FR",
        )
        first, _second = self.env["crm.lead"].create(
            [
                {
                    "name": f"Devis {index}",
                    "email_from": "marie@devis-fr.example",
                    "user_id": vendeur.id,
                }
                for index in (1, 2)
            ]
        )
        self.start_tour(
            f"/odoo/crm/{first.id}", "crm_similar_leads_french_window", login="vendeur"
        )

    def test_merge_window_compares_with_the_record_kept(self):
        person = {"contact_name": "Kim Kept", "email_from": "kim@kept-tour.example"}
        original, duplicate = self._opportunities_in_order("Kept", 2, **person)
        original.name, duplicate.name = "Veranda quote Kim", "Kim veranda quote"
        self._opportunity(
            "Stan alarm system",
            contact_name="Stan Stranger",
            email_from="stan@stranger-tour.example",
            phone="+33 1 99 88 77 66",
        )
        won = self._opportunity("Won veranda quote", **person)
        won.action_set_won()
        self.start_tour(
            f"/odoo/crm/{original.id}", "crm_similar_leads_record_kept", login="admin"
        )
        self.assertEqual((original | duplicate).merged_into_id, won, "the won one kept")
        self.assertEqual(won.won_status, "won")

    def test_convert_window_merges_a_won_opportunity_once_confirmed(self):
        person = {"contact_name": "Cora Convert", "email_from": "cora@convert.example"}
        lead = self.env["crm.lead"].create(
            {"name": "Convert request", "type": "lead", **person}
        )
        duplicate = self._opportunity("Convert duplicate", **person)
        won = self._opportunity("Convert won deal", **person)
        won.action_set_won()
        self.env.ref("base.group_user").implied_ids |= self.env.ref(
            "crm.group_use_lead"
        )
        self.start_tour(
            f"/odoo/crm/{lead.id}", "crm_similar_leads_convert_won", login="admin"
        )
        merged = (lead | duplicate).with_context(active_test=False)
        self.assertEqual(merged.merged_into_id, won)
        self.assertEqual(won.won_status, "won")
