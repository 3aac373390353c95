from odoo import api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestPairsConcurrency(BaseCase):
    """Two workers saving two duplicates at the same time: neither sees the
    other's lead, and the pair is found once both have committed. Two real
    transactions on two connections, cleaned up at the end."""

    EMAIL = "same.time@concurrent-pairs.example"

    def setUp(self):
        super().setUp()
        self.database = db_connect(get_db_name())
        self.addCleanup(self._delete_leads)

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})

    def _delete_leads(self):
        with self.database.cursor() as cr:
            env = self._env(cr)
            env["crm.lead"].search([("email_from", "=", self.EMAIL)]).unlink()

    def _pair_count(self, lead_ids):
        with self.database.cursor() as cr:
            cr.execute(
                """SELECT count(*) FROM crm_lead_similar_pair
                    WHERE lead_id = ANY(%s) AND other_id = ANY(%s)""",
                [lead_ids, lead_ids],
            )
            return cr.fetchone()[0]

    def _create(self, cr, name):
        env = self._env(cr)
        lead = env["crm.lead"].create(
            {"name": name, "contact_name": "Sam Time", "email_from": self.EMAIL}
        )
        env["crm.lead.similar.pair"].flush_model()  # its pairs, as it sees them
        return lead.id

    def test_duplicates_saved_at_the_same_time(self):
        with self.database.cursor() as cr_a, self.database.cursor() as cr_b:
            lead_a = self._create(cr_a, "Worker A")
            lead_b = self._create(cr_b, "Worker B")  # A has not committed yet
            cr_a.commit()
            cr_b.commit()
        ids = [lead_a, lead_b]
        self.assertEqual(self._pair_count(ids), 0, "neither saw the other")
        with self.database.cursor() as cr:
            self._env(cr)["crm.lead.similar.pair"]._cron_rescore()
        self.assertEqual(self._pair_count(ids), 2, "found once both committed")
        with self.database.cursor() as cr:
            lead = self._env(cr)["crm.lead"].browse(lead_a)
            self.assertEqual(lead.similar_duplicate_count, 1)
