"""Which existing contacts a lead's person may be (``tools/contacts.py``):
pure functions, no database."""

from odoo.tests import BaseCase, tagged

from ..engine.keys import PUBLIC_MAIL_DOMAINS
from ..tools import contacts, matching, normalize

COUNTRIES = matching.Countries(default="FR")
NO_ADDRESS = matching.Address()


def lead(lead_id, partner_id=None, postal=NO_ADDRESS, **values):
    """A lead's profile, from its values as typed."""
    keys = matching.lead_keys(
        values.get("email"),
        values.get("phone"),
        values.get("contact_name"),
        values.get("partner_name"),
        values.get("title"),
        COUNTRIES,
        PUBLIC_MAIL_DOMAINS,
        postal,
    )
    return matching.key_profile(
        lead_id, keys, values.get("contact_name"), partner_id=partner_id
    )


def profiles(*found):
    return {
        contact.id: contacts.contact_profile(contact, COUNTRIES, PUBLIC_MAIL_DOMAINS)
        for contact in found
    }


GRENOBLE = matching.Address("12 rue des Lilas", None, "38000", "Grenoble", None, "FR")


@tagged("crm_similar_leads")
class TestContacts(BaseCase):
    def test_a_person_written_otherwise_is_proposed_strongest_first(self):
        pierre = contacts.Contact(
            1,
            "Pierre Martin",
            email="pierre.martin@orange.fr",
            phone="04 76 12 34 56",
            postal=GRENOBLE,
        )
        namesake = contacts.Contact(2, "Pierre Martin", postal=GRENOBLE)
        found = contacts.proposed(
            lead(
                10,
                contact_name="MARTIN Pierre",
                email="Pierre.Martin@orange.fr",
                phone="+33 4 76 12 34 56",
                title="Demande de devis poêle à granulés",
                postal=GRENOBLE,
            ),
            profiles(namesake, pierre),
        )
        self.assertEqual([contact_id for contact_id, _c in found], [1, 2])
        levels = {(p.field, p.level) for p in found[0][1].contributions}
        self.assertTrue({("email", "same"), ("phone", "same")} <= levels)
        self.assertNotIn("deal", {p.field for p in found[0][1].contributions})

    def test_a_name_and_a_postal_address_are_enough(self):
        """A paper form: no mailbox, no number."""
        found = contacts.proposed(
            lead(
                10,
                contact_name="Pierre MARTIN",
                postal=matching.Address(
                    "12, r. des Lilas", None, "38000", "GRENOBLE", None, "FR"
                ),
            ),
            profiles(contacts.Contact(1, "Pierre Martin", postal=GRENOBLE)),
        )
        self.assertEqual([contact_id for contact_id, _c in found], [1])

    def test_colleagues_and_households_are_not_proposed(self):
        colleague = contacts.Contact(
            1,
            "Lena Fischer",
            company_name="Holzbau Weber",
            email="lena.fischer@holzbau-weber.de",
            commercial_partner_id=3,
        )
        company = contacts.Contact(
            3, "Holzbau Weber GmbH", is_company=True, email="info@holzbau-weber.de"
        )
        spouse = contacts.Contact(2, "Marie Martin", postal=GRENOBLE)
        found = contacts.proposed(
            lead(
                10,
                contact_name="Robin Weber",
                partner_name="Holzbau Weber",
                email="robin@holzbau-weber.de",
            ),
            profiles(colleague, company),
        )
        self.assertEqual(found, [], "same organisation, another person")
        found = contacts.proposed(
            lead(11, contact_name="Pierre Martin", postal=GRENOBLE),
            profiles(spouse),
        )
        self.assertEqual(found, [], "same address, another first name: a household")

    def test_the_lead_s_own_customer_is_no_proposal(self):
        pierre = contacts.Contact(1, "Pierre Martin", email="pierre.martin@orange.fr")
        person = lead(10, contact_name="Pierre Martin", email="pierre.martin@orange.fr")
        self.assertEqual(len(contacts.proposed(person, profiles(pierre))), 1)
        customer = lead(
            10,
            partner_id=1,
            contact_name="Pierre Martin",
            email="pierre.martin@orange.fr",
        )
        self.assertEqual(contacts.proposed(customer, profiles(pierre)), [])

    def test_a_company_contact_is_profiled_by_its_company_name(self):
        [profile] = profiles(
            contacts.Contact(3, "Holzbau Weber GmbH", is_company=True)
        ).values()
        self.assertIsNone(profile.person)
        self.assertEqual(
            profile.company, normalize.normalize_company_name("Holzbau Weber")
        )
