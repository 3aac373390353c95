from odoo.tests import TransactionCase, new_test_user


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
