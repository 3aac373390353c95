from datetime import datetime, timedelta

from odoo.tests import TransactionCase, new_test_user


def run_scoring_job(env):
    """What the commit of leads created without reading pairs (an import, a
    test's setup) and the job it wakes do: log them, then score them
    (``engine/pairs.py``). Run before the browser or an RPC arrives, as the
    job would have run by then."""
    env.cr.flush()
    Pair = env["crm.lead.similar.pair"].sudo()
    while Pair._rescore_step():
        pass


class SimilarLeadsCase(TransactionCase):
    """Users and a helper to create leads, for the similar-lead tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.us")
        cls.company_b = cls.env["res.company"].create(
            {"name": "Company B", "country_id": cls.env.ref("base.fr").id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.team = cls.env["crm.team"].create(
            {"name": "Similar Team", "company_id": False}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="sl_salesman",
            groups="sales_team.group_sale_salesman",
            name="Sam Sales",
        )
        cls.salesman_all = new_test_user(
            cls.env,
            login="sl_salesman_all",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Alex All",
        )
        cls.manager = new_test_user(
            cls.env,
            login="sl_manager",
            groups="sales_team.group_sale_manager",
            name="Mia Manager",
        )
        cls.fr = cls.env.ref("base.fr")
        cls.de = cls.env.ref("base.de")

    @classmethod
    def _lead(cls, name, **values):
        values.setdefault("type", "lead")
        values.setdefault("team_id", cls.team.id)
        return cls.env["crm.lead"].create({"name": name, **values})

    @classmethod
    def _leads_sharing(cls, prefix, count, **values):
        """``count`` leads with the same ``values`` (an email, a phone...)."""
        values.setdefault("team_id", cls.team.id)
        return cls.env["crm.lead"].create(
            [{"name": f"{prefix} {i}", **values} for i in range(count)]
        )

    def _leads_in_order(self, *values_list, days_ago=30):
        """Creates leads, the first one oldest (one day apart)."""
        leads = self.env["crm.lead"]
        for index, values in enumerate(values_list):
            values = dict(values)
            lead = self._lead(values.pop("name", f"Lead {index}"), **values)
            created = datetime.now() - timedelta(days=days_ago - index)
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s", (created, lead.id)
            )
            leads |= lead
        leads.invalidate_recordset(["create_date"])
        return leads

    def _skip_unless_installed(self, *modules):
        installed = self.env["ir.module.module"].search(
            [("name", "in", modules), ("state", "=", "installed")]
        )
        if len(installed) < len(modules):
            missing = set(modules) - set(installed.mapped("name"))
            self.skipTest(f"needs {', '.join(sorted(missing))} (dev/test installs it)")
