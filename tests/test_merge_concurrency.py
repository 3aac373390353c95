from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged

from .common import merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeConcurrency(BaseCase):
    """Two users merging overlapping leads at once, as two Odoo workers would:
    two real transactions on two connections (a test transaction cannot show
    this), cleaned up at the end."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.database = db_connect(get_db_name())
        with self.database.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            leads = env["crm.lead"].create(
                [
                    {"name": f"Concurrent {i}", "email_from": "race@acme-race.com"}
                    for i in range(3)
                ]
            )
            self.lead_ids = leads.ids
        self.addCleanup(self._delete_leads)

    def _delete_leads(self):
        with self.database.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["crm.lead"].with_context(active_test=False).browse(
                self.lead_ids
            ).unlink()

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})

    def test_overlapping_merges(self):
        first, second, third = self.lead_ids
        with self.database.cursor() as cr_a, self.database.cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
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
            env = self._env(cr)
            leads = env["crm.lead"].browse(self.lead_ids)
            self.assertEqual(leads.mapped("merged_into_id").ids, [first])
            self.assertTrue(leads[2].active)
            self.assertFalse(leads[2].merged_into_id)
            notes = leads[0].message_ids.filtered(
                lambda m: "into this one" in (m.body or "")
            )
            self.assertEqual(len(notes), 1, "one merge, one note")
