from odoo.exceptions import AccessError
from odoo.sql_db import db_connect
from odoo.tests import Form, tagged

from .common import SimilarLeadsCase


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestDuplicateQueue(SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Group = cls.env["crm.lead.duplicate.group"]

    def _groups(self, *leads):
        """The groups holding any of ``leads``."""
        return self.Group.search([("lead_ids", "in", [lead.id for lead in leads])])

    def test_full_scan_groups(self):
        exact = self._leads_sharing(
            "Exact", 3, email_from="q@acme-queue.com", phone="+33 6 01 02 03 04"
        )
        phone_a = self._lead("Phone A", phone="+33 6 09 09 09 09")
        phone_b = self._lead(
            "Phone B", phone="+33 6 09 09 09 09", email_from="b@acme-q2.com"
        )
        colleague = self._lead("Colleague", email_from="other@acme-queue.com")
        won = self._lead("Won", email_from="q@acme-queue.com", type="opportunity")
        won.action_set_won()
        self.Group._scan(full=True)

        exact_group = self._groups(*exact)
        self.assertEqual(
            len(exact_group), 1, "same email and phone: one group, not two"
        )
        self.assertEqual(exact_group.lead_ids, exact, "won leads stay out")
        self.assertTrue(exact_group.is_exact)
        self.assertEqual(exact_group.first_lead_id, exact[0])
        self.assertEqual(exact_group.lead_count, 3)
        phone_group = self._groups(phone_a)
        self.assertEqual(phone_group.lead_ids, phone_a | phone_b)
        self.assertEqual(phone_group.reason, "phone")
        self.assertFalse(phone_group.is_exact)
        self.assertGreater(exact_group.score, phone_group.score)
        self.assertFalse(self._groups(colleague), "same domain, other person")

    def test_dismiss_is_remembered_until_leads_change(self):
        first = self._lead("First", email_from="dismiss@acme-dis.com")
        self._lead("Second", email_from="dismiss@acme-dis.com")
        self.Group._scan(full=True)
        group = self._groups(first)
        group.action_dismiss()
        self.Group._scan(full=True)
        self.assertEqual(group.state, "dismissed")
        third = self._lead("Third", email_from="dismiss@acme-dis.com")
        self.Group._scan()
        self.assertEqual(group.state, "open", "a new lead joined: review again")
        self.assertIn(third, group.lead_ids)

    def test_incremental_scan(self):
        first = self._lead("First", email_from="inc@acme-inc.com")
        second = self._lead("Second", email_from="inc@acme-inc.com")
        self.Group._scan(full=True)
        group = self._groups(first)
        self.assertEqual(group.lead_count, 2)
        # Only what changed is rescanned: a group of untouched leads is
        # not rewritten.
        untouched_write = group.write_date
        newcomer_a = self._lead("New A", phone="+33 6 77 66 55 44")
        newcomer_b = self._lead("New B", phone="+33 6 77 66 55 44")
        self.env.cr.execute(
            "UPDATE crm_lead SET write_date = now() - interval '1 day' WHERE id IN %s",
            [(first.id, second.id)],
        )
        self.Group._scan()
        self.assertEqual(self._groups(newcomer_a).lead_ids, newcomer_a | newcomer_b)
        self.assertEqual(group.write_date, untouched_write)
        # A lead that leaves the group takes the group with it.
        second.email_from = "changed@acme-inc.com"
        self.Group._scan()
        self.assertFalse(group.exists())

    def test_merge_from_the_queue(self):
        first = self._lead("First", email_from="qm@acme-qm.com")
        second = self._lead("Second", email_from="qm@acme-qm.com")
        self.Group._scan(full=True)
        group = self._groups(first)
        action = group.action_merge()
        wizard = Form(
            self.env["crm.lead.merge.wizard"].with_context(**action["context"])
        )
        self.assertEqual(wizard.lead_ids[:], first | second)
        wizard.save().action_merge()
        self.assertEqual(group.state, "merged")
        self.assertEqual(second.merged_into_id, first)
        self.Group._scan()
        self.assertFalse(group.exists(), "merged leads leave the queue")

    def test_mass_merge_exact_groups(self):
        exact_a = self._leads_sharing(
            "EA", 2, email_from="ea@acme-m.com", phone="+33 6 11 22 33 01"
        )
        exact_b = self._leads_sharing(
            "EB", 3, email_from="eb@acme-m.com", phone="+33 6 11 22 33 02"
        )
        loose = self._leads_sharing("L", 2, email_from="l@acme-m.com")
        self.Group._scan(full=True)
        groups = self._groups(*exact_a, *exact_b, *loose)
        self.assertEqual(len(groups), 3)
        result = groups.action_merge_exact()
        self.assertIn("2 groups merged, 1 skipped", result["params"]["message"])
        self.assertEqual(exact_a[1].merged_into_id, exact_a[0])
        self.assertEqual(set(exact_b[1:].mapped("merged_into_id")), {exact_b[0]})
        self.assertFalse(loose.merged_into_id, "not exact: left to a person")

    def test_scan_now_and_lock(self):
        self._lead("A", email_from="lock@acme-lock.com")
        self._lead("B", email_from="lock@acme-lock.com")
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute("SELECT pg_advisory_lock(hashtext('crm_similar_leads.scan'))")
            try:
                self.assertIsNone(self.Group._scan(), "another worker is scanning")
            finally:
                other.execute(
                    "SELECT pg_advisory_unlock(hashtext('crm_similar_leads.scan'))"
                )
        result = self.Group.action_scan_now()
        self.assertEqual(result["params"]["type"], "success")

    def test_salesman_sees_only_groups_of_leads_he_can_read(self):
        mine = self._leads_sharing(
            "Mine", 2, email_from="mine@acme-q.com", user_id=self.salesman.id
        )
        others = self._leads_sharing(
            "Others", 2, email_from="others@acme-q.com", user_id=self.manager.id
        )
        self.Group._scan(full=True)
        Group = self.Group.with_user(self.salesman)
        visible = Group.search([])
        self.assertEqual(visible, self._groups(*mine), visible.mapped("match_label"))
        self.assertFalse(visible & self._groups(*others))
        with self.assertRaises(AccessError):
            self._groups(*others).with_user(self.salesman).read(["lead_ids"])
        with self.assertRaises(AccessError):
            Group.action_scan_now()
        with self.assertRaises(AccessError):
            visible.action_merge_exact()
        menu = self.env.ref("crm_similar_leads.crm_lead_duplicate_group_menu")
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        )
