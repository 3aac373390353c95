import ast
from importlib.metadata import version
from pathlib import Path

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
        self.assertEqual(module.latest_version, "19.0.2.6.0")

    def test_python_dependencies_installed(self):
        """Each declared requirement is installed in a version it accepts,
        as Odoo checks it when installing the addon."""
        manifest = self.env["ir.module.module"].get_module_info("crm_similar_leads")
        for requirement in manifest["external_dependencies"]["python"]:
            check_python_external_dependency(requirement)  # raises if not
            wanted = Requirement(requirement)
            self.assertIn(version(wanted.name), wanted.specifier, requirement)

    def test_every_test_module_runs_under_odoos_runner(self):
        """Odoo's runner (``--test-tags``) runs the test modules imported by
        ``tests/__init__.py`` only (pytest-odoo finds every file)."""
        folder = Path(__file__).parent
        imported = {
            alias.name
            for node in ast.parse((folder / "__init__.py").read_text()).body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        files = {path.stem for path in folder.glob("test_*.py")}
        self.assertEqual(files - imported, set(), "add them to tests/__init__.py")

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
            # the address's look-up keys
            "similar_address_block_key",
            "similar_street_sound_key",
            "similar_zip_sound_key",
            "similar_house_street_key",
            "similar_name_street_key",
        ):
            self.assertIn(column, definitions)
        # Names sorted in the whole table, and cell by cell (company,
        # salesperson), ties broken by id.
        self.assertIn("(similar_contact_key, similar_company_key, id)", definitions)
        self.assertIn("(similar_company_key, similar_contact_key, id)", definitions)
        cell = "COALESCE(company_id, 0), COALESCE(user_id, 0)"
        for same, near in (("contact", "company"), ("company", "contact")):
            self.assertIn(
                f"(similar_{same}_key, {cell}, similar_{near}_key, id)", definitions
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

    def test_bulk_keys_are_the_computes(self):
        """The keys the install (and the migration to 19.0.2.5.0) writes in
        bulk are those the ORM computes, the address's included."""
        from .. import hooks
        from ..tools import matching

        leads = self.env["crm.lead"].create(
            [
                {
                    "name": "Devis",
                    "contact_name": "Søren Kierkegaard",
                    "email_from": "Soren@Example.COM.",
                    "phone": "06 12 34 56 78",
                    "street": "12 bis, R. de la Paix",
                    "street2": "Bât. B, appt 12",
                    "zip": "75 002",
                    "city": "PARIS 2E",
                    "country_id": self.env.ref("base.fr").id,
                },
                {
                    "name": "Angebot",
                    "contact_name": "Jürgen Weiß",
                    "street": "Hauptstr. 5a",
                    "zip": "79098",
                    "city": "Freiburg im Breisgau",
                    "state_id": self.env.ref("base.state_de_bw").id,
                    "country_id": self.env.ref("base.de").id,
                },
            ]
        )
        self.env.flush_all()
        computed = {
            lead.id: {column: lead[column] or None for column in matching.KEY_FIELDS}
            for lead in leads
        }
        self.assertTrue(computed[leads[0].id]["similar_address_block_key"])
        self.env.cr.execute(
            "UPDATE crm_lead SET similar_street_key = NULL, similar_contact_key = NULL"
            " WHERE id = ANY(%s)",
            [leads.ids],
        )
        hooks.fill_similar_keys(self.env.cr, "US")
        leads.invalidate_recordset()
        for lead in leads:
            bulk = {column: lead[column] or None for column in matching.KEY_FIELDS}
            self.assertEqual(bulk, computed[lead.id], lead.name)
