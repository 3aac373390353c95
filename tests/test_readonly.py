"""Every read path works on a read-only cursor (a replica, with
``db_replica_host``): Odoo serves read-only calls on one and retries them on
the primary when they write; none of the addon's reads may write (the test
server simulates read-only connections as a replica's)."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import RpcMixin, run_scoring_job


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestReadOnlyPaths(RpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env, login="ro_manager", groups="sales_team.group_sale_manager"
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Read only {i}",
                    "email_from": "read.only@replica.example",
                    "contact_name": "Rita Replica",
                }
                for i in range(3)
            ]
        )

    def test_reads_never_write(self):
        run_scoring_job(self.env)
        reads = [
            (
                "crm.lead",
                "web_search_read",
                [[("id", "in", self.leads.ids)]],
                {
                    "specification": {
                        "similar_duplicate_count": {},
                        "similar_lead_ids": {},
                    }
                },
            ),
            (
                "crm.lead",
                "web_search_read",
                [[("similar_duplicate_count", ">", 0)]],
                {"specification": {"name": {}}, "limit": 80},
            ),
            (
                "crm.lead",
                "search_count",
                [[("similar_duplicate_count", ">", 0)]],
                {},
            ),
            (
                "crm.lead.duplicate.group",
                "web_search_read",
                [[]],
                {"specification": {"lead_id": {}, "score": {}, "explanation": {}}},
            ),
        ]
        for model, method, args, kwargs in reads:
            with (
                self.subTest(method=method, model=model),
                self.assertNoLogs("odoo.http", level="WARNING"),
            ):
                result = self.rpc("ro_manager", model, method, args, kwargs)
                self.assertTrue(result, (model, method))
        [lead] = self.rpc(
            "ro_manager",
            "crm.lead",
            "web_search_read",
            [[("id", "=", self.leads[0].id)]],
            {"specification": {"similar_duplicate_count": {}}},
        )["records"]
        self.assertEqual(lead["similar_duplicate_count"], 2)
