"""The keys of a lead: pure functions, no database."""

from odoo.tests import BaseCase, tagged

from ..tools import matching


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMatching(BaseCase):
    def test_countries_in_order(self):
        countries = matching.Countries(
            lead="BE", customer="FR", company="DE", default="US"
        )
        self.assertEqual(tuple(countries), ("BE", "FR", "DE", "US"))
        keys = matching.lead_keys(
            None, "0470 12 34 56", None, None, None, countries, ()
        )
        self.assertEqual(keys["similar_phone_key"], "+32470123456", "the lead's first")

    def test_lead_keys(self):
        keys = matching.lead_keys(
            '"Pierre" <Pierre.Martin+devis@Orange.fr>',
            "06 12 34 56 78",
            "MARTIN Pierre",
            None,
            "MARTIN - PAB + PAG",
            matching.Countries(lead="FR"),
            {"orange.fr"},
        )
        self.assertEqual(
            keys,
            {
                "similar_email_key": "pierre.martin@orange.fr",
                "similar_email_domain": None,  # public provider
                "similar_phone_key": "+33612345678",
                "similar_contact_key": "martin pierre",
                "similar_company_key": None,
                "similar_title_key": "martin pab pag",
            },
        )
        self.assertEqual(
            matching.lead_keys(None, None, None, None, None, matching.Countries(), ()),
            dict.fromkeys(keys),
        )
