from odoo.exceptions import AccessError, MissingError
from odoo.tests import Form, tagged

from ..engine import candidates, pairs, rescore_job
from ..engine.lead_undo import LeadUndo
from .common import MergeInvariantsMixin, SimilarLeadsCase, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestDuplicateQueue(MergeInvariantsMixin, SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Group = cls.env["crm.lead.duplicate.group"]

    def _groups(self, *leads):
        """The groups holding any of ``leads``."""
        return self.Group.search([("lead_ids", "in", [lead.id for lead in leads])])

    def _dry_run(self, groups):
        action = groups.action_merge_exact()
        return (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )

    def test_groups_from_the_scores(self):
        exact = self._leads_sharing(
            "Exact",
            3,
            contact_name="Quentin Queue",
            email_from="q@acme-queue.com",
            phone="+33 6 01 02 03 04",
        )
        near = self._lead(
            "Near", contact_name="Éloïse Mül", partner_name="Fabrique Nord"
        )
        near_too = self._lead(
            "Near too", contact_name="Eloise Mul", partner_name="Fabrique du Nord"
        )
        colleague = self._lead(
            "Colleague", contact_name="Other Person", email_from="other@acme-queue.com"
        )
        won = self._lead(
            "Won",
            email_from="q@acme-queue.com",
            contact_name="Quentin Queue",
            type="opportunity",
        )
        won.action_set_won()

        group = self._groups(*exact)
        self.assertEqual(len(group), 1, "same email and phone: one group, not two")
        self.assertEqual(group.lead_ids, exact, "won leads stay out")
        self.assertEqual(group.lead_id, exact[0])
        self.assertEqual(group.lead_count, 3)
        self.assertTrue(group.is_exact)
        self.assertEqual(group.similar_class, "duplicate")
        self.assertEqual(group.reason, "email")
        self.assertIn("Same email", group.explanation)
        names = self._groups(near)
        self.assertEqual(names.lead_ids, near | near_too, "names are grouped too")
        self.assertFalse(names.is_exact)
        self.assertGreater(group.score, names.score)
        self.assertFalse(self._groups(colleague), "same domain, other person")

    def test_chains_do_not_glue(self):
        """A like B, B like C, A not like C: C is not in A's group, and B is
        in one group only; C waits until A's group is merged."""
        a, b, c = self._leads_in_order(
            {
                "contact_name": "Chain Person",
                "email_from": "chain.a@mail-chain.example",
            },
            {
                "contact_name": "Chain Person",
                "email_from": "chain.a@mail-chain.example",
                "phone": "+33 6 44 00 00 01",
            },
            {"contact_name": "Other Human", "phone": "+33 6 44 00 00 01"},
        )
        (a | b | c).user_id = self.salesman
        self.assertIn(c, b.similar_lead_ids, "B and C are alike")
        self.assertNotIn(c, a.similar_lead_ids, "A and C are not")
        self.assertEqual(self._groups(a, b, c).lead_ids, a | b, "one group: A's")
        for user in (self.manager, self.salesman):  # stored, made for the user
            self.env.invalidate_all()
            groups = self.Group.with_user(user).search([("lead_ids", "in", c.ids)])
            self.assertFalse(groups, "C waits: B joined A's group")
        merge(a | b, a)
        self.assertEqual(self._groups(c).lead_ids, a | c, "then compared with A")

    def test_the_exact_mark_is_the_bulk_merge_rule(self):
        """Two leads each the same person as the lead kept, by its email
        for one and its phone for the other, are not exact duplicates of
        each other: the group is not exact, for any user, and the dry run
        agrees."""
        kept, by_email, by_phone = self._leads_in_order(
            {
                "contact_name": "Xena Exact",
                "email_from": "xena@exact-pairs.example",
                "phone": "+33 6 55 00 00 09",
            },
            {"contact_name": "Xena Exact", "email_from": "xena@exact-pairs.example"},
            {"contact_name": "Xena Exact", "phone": "+33 6 55 00 00 09"},
        )
        (kept | by_email | by_phone).user_id = self.salesman
        group = self._groups(kept)
        self.assertEqual(group.lead_ids, kept | by_email | by_phone)
        self.assertEqual(set(group.member_ids.mapped("is_exact")), {True})
        self.assertFalse(group.is_exact, "email and phone leads: not exact")
        made = self.Group.with_user(self.salesman).search([("lead_id", "=", kept.id)])
        self.assertFalse(made.is_exact, "the same for a user who reads fewer")
        self.assertIn(
            "Not every pair is an exact duplicate", self._dry_run(group).preview
        )
        by_phone.email_from = "xena@exact-pairs.example"
        self.assertTrue(self._groups(kept).is_exact, "now every two are")

    def test_first_created_is_the_earliest_date(self):
        newer, older = self._leads_in_order(
            {"contact_name": "Dora Date", "email_from": "dora@date-q.example"},
            {"contact_name": "Dora Date", "email_from": "dora@date-q.example"},
        )
        # The lead with the higher id was created first.
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = create_date - interval '10 days' "
            "WHERE id = %s",
            [older.id],
        )
        self.env["crm.lead"].invalidate_model(["create_date"])
        group = self._groups(newer)
        self.assertEqual(group.lead_id, older)
        self.assertEqual(group.first_create_date, older.create_date)

    def test_always_current(self):
        first, second = self._leads_sharing(
            "Current", 2, contact_name="Cora Current", email_from="cur@acme-cur.com"
        )
        group = self._groups(first)
        self.assertEqual(group.lead_ids, first | second)
        # A key change takes the lead out, in the same transaction.
        second.write(
            {"email_from": "someone.else@other-cur.example", "contact_name": "X"}
        )
        self.assertFalse(self._groups(first))
        second.write({"email_from": "cur@acme-cur.com", "contact_name": "Cora Current"})
        self.assertTrue(self._groups(first))
        # "Keep separate" on the lead form.
        first.action_similar_keep_separate()
        self.assertFalse(self._groups(first))
        self.env["crm.lead.not.duplicate"].search([("lead_id", "=", first.id)]).unlink()
        self.assertTrue(self._groups(first))
        # Deleted.
        second.unlink()
        self.assertFalse(self._groups(first))

    def test_merged_and_undone(self):
        first, second = self._leads_sharing(
            "Undo", 2, contact_name="Una Undo", email_from="undo@acme-q.com"
        )
        group = self._groups(first)
        action = group.action_merge()
        wizard = Form(
            self.env["crm.lead.merge.wizard"].with_context(**action["context"])
        )
        self.assertEqual(wizard.lead_ids[:], first | second)
        wizard.save().action_merge()
        self.assertEqual(second.merged_into_id, first)
        self.assertFalse(self._groups(first, second), "merged: gone at once")
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", first.id)]
        )
        LeadUndo(journal).run()
        self.assertEqual(self._groups(first).lead_ids, first | second, "undone: back")

    def test_dismiss(self):
        leads = self._leads_sharing(
            "Dismiss", 3, contact_name="Dina Miss", email_from="dismiss@acme-dis.com"
        )
        self._groups(*leads).action_dismiss()
        self.assertFalse(self._groups(*leads))
        self.assertEqual(leads[0].similar_duplicate_count, 0, "the button agrees")
        third = self._lead(
            "Fourth", contact_name="Dina Miss", email_from="dismiss@acme-dis.com"
        )
        self.assertEqual(self._groups(third).lead_ids, leads[0] | third)

    def test_mass_merge_dry_run_and_limits(self):
        exact_a = self._leads_sharing(
            "EA",
            2,
            type="lead",
            contact_name="Ea Exact",
            email_from="ea@acme-m.com",
            phone="+33 6 11 22 33 01",
        )
        exact_b = self._leads_sharing(
            "EB",
            3,
            type="lead",
            contact_name="Eb Exact",
            email_from="eb@acme-m.com",
            phone="+33 6 11 22 33 02",
        )
        loose = self._leads_sharing("L", 2, email_from="l@acme-m.com", type="lead")
        too_big = self._leads_sharing(
            "Big", 4, contact_name="Bea Big", email_from="big@acme-m.com", type="lead"
        )
        self.company.similar_max_group_size = 3
        groups = self._groups(*exact_a, *exact_b, *loose, *too_big)
        self.assertEqual(len(groups), 4)
        dry_run = self._dry_run(groups)
        self.assertEqual(dry_run.merge_count, 2)
        self.assertIn("EB 0", dry_run.preview)
        self.assertIn("EB 1, EB 2", dry_run.preview, "the leads merged, one list")
        self.assertIn("Not every pair is an exact duplicate", dry_run.preview)
        self.assertIn("4 leads: more than 3", dry_run.preview)
        self.assertIn("Messages and notes", dry_run.preview, "what moves, by kind")
        self.assertFalse(exact_a.merged_into_id, "a dry run changes nothing")
        # A group that changes after the dry run is left alone.
        exact_b[2].write({"email_from": "changed@acme-m.com"})
        result = dry_run.action_merge()
        self.assertIn("One group merged", result["params"]["message"])
        self.assertEqual(exact_a[1].merged_into_id, exact_a[0])
        self.assertFalse(exact_b.merged_into_id, "changed since the dry run")
        self.assertFalse(loose.merged_into_id, "not exact: left to a person")
        self.assertFalse(too_big.merged_into_id, "too big: left to a person")

    def test_a_group_changed_while_the_dry_run_is_shown_is_left_alone(self):
        """As the web client does it: the dry run is shown (computed before
        the window is saved), a lead changes meanwhile, then the click."""
        kept = self._leads_sharing(
            "Shown",
            2,
            type="lead",
            contact_name="Sy Shown",
            email_from="sy@acme-sh.com",
        )
        changed = self._leads_sharing(
            "Moved",
            2,
            type="lead",
            contact_name="Mo Moved",
            email_from="mo@acme-sh.com",
        )
        groups = self._groups(*kept, *changed)
        action = groups.action_merge_exact()
        shown = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(shown.merge_count, 2)
        # A third copy arrives meanwhile: merging it would merge a lead the
        # manager never saw in the dry run.
        newcomer = self._lead(
            "Moved 2", type="lead", contact_name="Mo Moved", email_from="mo@acme-sh.com"
        )
        pairs.up_to_date(self.env)
        shown.save().action_merge()
        self.assertEqual(kept[1].merged_into_id, kept[0])
        self.assertFalse(
            (changed | newcomer).merged_into_id, "changed since the dry run was shown"
        )

    def test_several_deals_of_one_customer_never_merged_in_bulk(self):
        """The Acme case: one contact, same email and phone, three deals."""
        customer = self.env["res.partner"].create(
            {
                "name": "Acme Buyer",
                "email": "buyer@acme-deals.example",
                "phone": "+33 1 40 00 00 00",
            }
        )
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": title,
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "expected_revenue": revenue,
                }
                for title, revenue in (
                    ("Warehouse shelving", 30000),
                    ("Forklift maintenance contract", 15500),
                    ("Office chairs", 11000),
                )
            ]
        )
        groups = self._groups(*deals)
        dry_run = self._dry_run(groups) if groups else None
        self.assertFalse(dry_run and dry_run.merge_count)
        self.assertEqual(deals[0].similar_duplicate_count, 0)

    def test_rights(self):
        mine = self._leads_sharing(
            "Mine",
            2,
            contact_name="Mo Mine",
            email_from="mine@acme-q.com",
            user_id=self.salesman.id,
        )
        others = self._leads_sharing(
            "Others",
            2,
            contact_name="Otto Other",
            email_from="others@acme-q.com",
            user_id=self.manager.id,
        )
        mixed = self._leads_sharing(
            "Mixed",
            2,
            contact_name="Max Mixed",
            email_from="mixed@acme-q.com",
            user_id=self.manager.id,
        )
        mixed[1].user_id = self.salesman
        Group = self.Group.with_user(self.salesman)
        visible = Group.search([])
        self.assertEqual(visible, self._groups(*mine))
        self.assertEqual(
            Group.search([("is_mine", "=", True)]),
            visible,
            "My Duplicates",
        )
        # Groups are made of the leads the user may read: these are no
        # groups for them (missing, as any id that is not theirs).
        for hidden in (self._groups(*others), self._groups(*mixed)):
            self.env.invalidate_all()
            self.assertFalse(hidden.with_user(self.salesman).read(["lead_ids"]))
            with self.assertRaises(MissingError):
                hidden.with_user(self.salesman).action_dismiss()
        with self.assertRaises(AccessError):
            Group.action_scan_now()
        with self.assertRaises(AccessError):
            visible.action_merge_exact()
        menu = self.env.ref("crm_similar_leads.crm_lead_duplicate_group_menu")
        visible_menus = (
            self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        )
        self.assertNotIn(menu.id, visible_menus)
        mine_menu = self.env.ref("crm_similar_leads.crm_lead_duplicate_group_menu_mine")
        self.assertIn(mine_menu.id, visible_menus)

    def test_a_rescan_of_the_same_data_stores_the_same_pairs(self):
        """More leads share a name than the look-up reads around each: which
        ones it reads does not depend on where PostgreSQL keeps their rows."""
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Tie {index}",
                    "contact_name": "Tia Tie",
                    "partner_name": "Tie Works",
                }
                for index in range(candidates.NAME_NEIGHBOURS + 6)
            ]
        )
        stored = """SELECT lead_id, other_id FROM crm_lead_similar_pair
                     WHERE lead_id = ANY(%s) ORDER BY 1, 2"""
        pairs.refresh_all(self.env)
        self.env.cr.execute(stored, [leads.ids])
        first_scan = self.env.cr.fetchall()
        self.assertTrue(first_scan)
        # The same rows written again, the last first: PostgreSQL keeps them
        # elsewhere, in the other order.
        for lead in reversed(leads):
            self.env.cr.execute(
                """UPDATE crm_lead SET similar_contact_key = similar_contact_key || '~',
                                       similar_company_key = similar_company_key || '~'
                    WHERE id = %s""",
                [lead.id],
            )
        self.env.cr.execute(
            """UPDATE crm_lead
                  SET similar_contact_key = rtrim(similar_contact_key, '~'),
                      similar_company_key = rtrim(similar_company_key, '~')
                WHERE id = ANY(%s)""",
            [leads.ids],
        )
        pairs.refresh_all(self.env)
        self.env.cr.execute(stored, [leads.ids])
        self.assertEqual(self.env.cr.fetchall(), first_scan)

    def test_rescan(self):
        first, second = self._leads_sharing(
            "Rescan", 2, contact_name="Ray Scan", email_from="rescan@acme-q.com"
        )
        pairs.up_to_date(self.env)
        self.env.cr.execute(
            """DELETE FROM crm_lead_similar_pair WHERE lead_id IN %(ids)s;
               DELETE FROM crm_lead_similar_membership WHERE lead_id IN %(ids)s;
               DELETE FROM crm_lead_similar_grouping WHERE kept_id IN %(ids)s""",
            {"ids": (first.id, second.id)},
        )
        self.Group.invalidate_model()
        self.assertFalse(self._groups(first))
        # Best scores gone wrong (a restore, an SQL script): set right again.
        self.env.cr.execute(
            "UPDATE crm_lead SET similar_top_score = CASE WHEN id = %s THEN NULL "
            "ELSE 99 END WHERE id IN %s",
            [first.id, (first.id, second.id)],
        )
        self.Group.with_user(self.manager).action_scan_now()
        while rescore_job.step(self.env):  # the scheduled job, without its commits
            pass
        self.assertEqual(self._groups(first).lead_ids, first | second)
        self.env.cr.execute(
            """SELECT count(*) FROM crm_lead lead
                WHERE lead.similar_top_score IS DISTINCT FROM (
                      SELECT max(pair.score) FROM crm_lead_similar_pair pair
                       WHERE pair.lead_id = lead.id AND pair.score >= 0)"""
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "every best score exact")
        self.assertIn(
            first, self.env["crm.lead"].search([("similar_duplicate_count", ">", 0)])
        )
        self.assertFalse(
            self.env["ir.config_parameter"].get_param("crm_similar_leads.rescore_from")
        )

    def test_logged_leads_scored_again(self):
        lead = self._lead("Logged", email_from="logged@acme-q.com")
        pairs.up_to_date(self.env)
        self.env.cr.execute(
            "SELECT count(*) FROM crm_lead_similar_pending WHERE lead_id = %s",
            [lead.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)
        self.assertEqual(rescore_job.rescore_logged(self.env, limit=100000) >= 1, True)
        self.env.cr.execute(
            "SELECT count(*) FROM crm_lead_similar_pending WHERE lead_id = %s",
            [lead.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
