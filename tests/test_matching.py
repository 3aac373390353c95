"""Reasons, strengths and keys: pure functions, no database."""

from odoo.tests import BaseCase, tagged

from ..tools import matching


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMatching(BaseCase):
    def test_strength_is_the_strongest_reason(self):
        self.assertEqual(matching.match_strength(["domain", "phone"]), matching.STRONG)
        self.assertEqual(matching.match_strength(["names"]), matching.MEDIUM)
        self.assertEqual(matching.match_strength(["title"]), matching.WEAK)
        self.assertEqual(
            matching.match_strength(["company", "domain"]), matching.RELATED
        )
        self.assertIsNone(matching.match_strength([]))

    def test_related_is_never_a_duplicate(self):
        self.assertFalse(matching.is_duplicate(["domain"]))
        self.assertFalse(matching.is_duplicate(["domain", "company"]))
        self.assertFalse(matching.is_duplicate([]))
        for code in ("partner", "email", "phone", "names", "title"):
            self.assertTrue(matching.is_duplicate([code]), code)

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
