from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TwoConnectionsCase, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeConcurrency(TwoConnectionsCase):
    """Two users merging overlapping leads at once, as two Odoo workers
    would."""

    def setUp(self):
        super().setUp()
        self.lead_ids = self.create_leads(
            {"name": f"Concurrent {i}", "email_from": "race@acme-race.com"}
            for i in range(3)
        )

    def test_overlapping_merges(self):
        first, second, third = self.lead_ids
        with self.database.cursor() as cr_a, self.database.cursor() as cr_b:
            env_a, env_b = self.env_of(cr_a), self.env_of(cr_b)
            master = merge(env_a["crm.lead"].browse([first, second]))
            # A has not committed yet: B waits for nobody and is told so.
            with self.assertRaisesRegex(UserError, "Someone else"):
                merge(env_b["crm.lead"].browse([second, third]))
            cr_b.rollback()
            cr_a.commit()
            self.assertEqual(master.id, first)
            # B tries again after A's commit: a clear error, nothing half-done.
            with self.assertRaisesRegex(UserError, "already merged"):
                merge(env_b["crm.lead"].browse([second, third]))
            cr_b.rollback()
        with self.database.cursor() as cr:
            env = self.env_of(cr)
            leads = env["crm.lead"].browse(self.lead_ids)
            self.assertEqual(leads.mapped("merged_into_id").ids, [first])
            self.assertTrue(leads[2].active)
            self.assertFalse(leads[2].merged_into_id)
            notes = leads[0].message_ids.filtered(
                lambda m: "into this one" in (m.body or "")
            )
            self.assertEqual(len(notes), 1, "one merge, one note")
