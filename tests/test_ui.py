from odoo.tests import HttpCase, new_test_user, tagged


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
