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
                "similar_person_sound_key": "M635 P6",  # Soundex, sorted
                "similar_name_street_key": None,  # no street
                **dict.fromkeys(matching.ADDRESS_COLUMNS),  # no address
            },
        )
        self.assertEqual(set(keys), set(matching.KEY_FIELDS))
        self.assertEqual(
            matching.lead_keys(None, None, None, None, None, matching.Countries(), ()),
            dict.fromkeys(keys),
        )

    def test_address_keys(self):
        keys = matching.lead_keys(
            None,
            None,
            "Pierre Martin",
            None,
            None,
            matching.Countries(lead="FR"),
            (),
            matching.Address("12 bis, R. de la Paix", "Appt 3", "75 002", "PARIS 2E"),
        )
        self.assertEqual(
            {column: keys[column] for column in matching.ADDRESS_COLUMNS},
            {
                "similar_street_key": "rue paix",
                "similar_house_number": "12b",
                "similar_unit_key": "apt 3",
                "similar_zip_key": "75002",
                "similar_city_key": "paris",
                "similar_state_key": None,
                "similar_country_key": None,
                "similar_address_block_key": "75002|12b|paix",
                "similar_street_sound_key": "paris|P2",
                "similar_zip_sound_key": "75002|P2",
                "similar_house_street_key": "12b|paix",
                "similar_place_key": None,
            },
        )
        address = matching.profile_address(keys)
        self.assertEqual(address["street_key"], "rue paix")
        self.assertIsNone(matching.profile_address(dict.fromkeys(keys)))

    def test_a_person_on_a_street(self):
        """The name's initials and the street's first letters: the same
        person on the same street whatever the typos in the name, the
        house number, the zip and the town."""
        keys = [
            matching.lead_keys(
                None,
                None,
                name,
                None,
                None,
                matching.Countries(),
                (),
                matching.Address(street, None, zip_code, city),
            )["similar_name_street_key"]
            for name, street, zip_code, city in (
                ("Sascha Clarke", "perry drive", "4054", "south perth"),
                ("CLARNKE Sascha", "49 perry drive", "4044", "south pdrth"),
            )
        ]
        self.assertEqual(keys, ["c s|perr", "c s|perr"])
        self.assertEqual(
            matching.name_street_key("J.-P. Martin", "rue paix"), "j m p|paix"
        )
        for name, street in (("Martin", "rue paix"), ("Pierre Martin", None)):
            self.assertIsNone(matching.name_street_key(name, street))
