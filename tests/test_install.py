import importlib

from packaging.requirements import Requirement

from odoo.modules.module import check_python_external_dependency
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestInstall(TransactionCase):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "crm_similar_leads")]
        )
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "19.0.2.4.0")

    def test_python_dependencies_installed(self):
        """Each declared requirement is installed in a version it accepts,
        as Odoo checks it when installing the addon."""
        manifest = self.env["ir.module.module"].get_module_info("crm_similar_leads")
        for requirement in manifest["external_dependencies"]["python"]:
            check_python_external_dependency(requirement)  # raises if not
            name = Requirement(requirement).name
            self.assertTrue(importlib.import_module(name))

    def test_keys_are_indexed(self):
        self.env.cr.execute(
            """SELECT indexdef FROM pg_indexes
                WHERE tablename = 'crm_lead' AND indexdef LIKE '%%similar_%%'"""
        )
        definitions = " ".join(row[0] for row in self.env.cr.fetchall())
        for column in (
            "similar_email_key",
            "similar_phone_key",
            "similar_email_domain",
            "similar_contact_key",
            "similar_company_key",
        ):
            self.assertIn(column, definitions)
        # Names sorted in the whole table, and cell by cell (company,
        # salesperson).
        self.assertIn("(similar_contact_key, similar_company_key)", definitions)
        self.assertIn("(similar_company_key, similar_contact_key)", definitions)
        cell = "COALESCE(company_id, 0), COALESCE(user_id, 0)"
        for same, near in (("contact", "company"), ("company", "contact")):
            self.assertIn(
                f"(similar_{same}_key, {cell}, similar_{near}_key)", definitions
            )
        self.env.cr.execute(
            """SELECT indexdef FROM pg_indexes
                WHERE tablename = 'crm_lead_similar_pair'"""
        )
        pair_indexes = " ".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("(lead_id, other_id)", pair_indexes)
        self.assertIn("(other_id)", pair_indexes)

    def test_core_similar_button_replaced(self):
        arch = self.env["crm.lead"].get_view(self.env.ref("crm.crm_lead_view_form").id)[
            "arch"
        ]
        self.assertNotIn("action_show_potential_duplicates", arch)
        self.assertIn("action_open_similar_leads", arch)
