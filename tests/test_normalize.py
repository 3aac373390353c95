"""Normalisation of emails, phones and names: pure functions, no database."""

import unicodedata

from odoo.tests import BaseCase, tagged

from ..engine import keys
from ..tools import normalize as n


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestNormalizeEmail(BaseCase):
    def test_case_spaces_and_display_name(self):
        for raw in (
            "robin@example.com",
            "  ROBIN@Example.COM ",
            '"Robin" <ROBIN@example.com>',
            "Robin Schneider <robin@EXAMPLE.com>",
        ):
            self.assertEqual(n.normalize_email(raw), "robin@example.com", raw)

    def test_plus_tags_removed(self):
        self.assertEqual(n.normalize_email("robin+news@x.com"), "robin@x.com")
        self.assertEqual(n.normalize_email("robin+a+b@x.com"), "robin@x.com")

    def test_gmail_dots_and_alias_domain(self):
        for raw in (
            "john@gmail.com",
            "j.ohn@gmail.com",
            "john+crm@gmail.com",
            "J.O.H.N@googlemail.com",
        ):
            self.assertEqual(n.normalize_email(raw), "john@gmail.com", raw)

    def test_dots_kept_elsewhere(self):
        self.assertEqual(n.normalize_email("j.ohn@acme.com"), "j.ohn@acme.com")
        self.assertNotEqual(
            n.normalize_email("j.ohn@acme.com"), n.normalize_email("john@acme.com")
        )

    def test_a_domain_written_another_way_is_one_domain(self):
        """Decomposed Unicode (NFD), punycode, a trailing dot, zero-width
        characters pasted from a web page: one mailbox."""
        for raw in (
            "pierre@münchen.de",
            "pierre@" + unicodedata.normalize("NFD", "münchen.de"),
            "pierre@xn--mnchen-3ya.de",
            "pierre@MÜNCHEN.DE.",
            "pie\u200brre@mün\u200cchen.de",
            "\ufeffpierre@münchen.de\u00ad",
        ):
            self.assertEqual(n.normalize_email(raw), "pierre@münchen.de", raw)
        self.assertEqual(n.normalize_domain("Example.COM."), "example.com")
        for bad in ("com", ".com", "a..b", "", None, "x" * 400):
            self.assertIsNone(n.normalize_domain(bad), bad)

    def test_first_address_of_a_list(self):
        self.assertEqual(n.normalize_email("a@x.com, b@y.com"), "a@x.com")

    def test_bad_input_gives_no_key(self):
        for raw in (
            None,
            False,
            "",
            "   ",
            "robin",
            "robin@",
            "@x.com",
            "robin@localhost",
            "rob in@x.com",
            "a" * 10_000 + "@x.com",
            42,
            "<>",
            "@@",
        ):
            self.assertIsNone(n.normalize_email(raw), repr(raw)[:40])

    def test_unicode(self):
        self.assertEqual(n.normalize_email("Zoë@Exämple.de"), "zoë@exämple.de")

    def test_company_domain(self):
        public = keys.PUBLIC_MAIL_DOMAINS
        self.assertEqual(
            n.company_email_domain("robin@holzbau-weber.de", public),
            "holzbau-weber.de",
        )
        for address in (
            "john@gmail.com",
            "x@orange.fr",
            "x@gmx.de",
            "x@web.de",
            "x@outlook.com",
            "x@yahoo.fr",
            "x@tutanota.de",  # not in core's list: one of the addon's
        ):
            self.assertIsNone(n.company_email_domain(address, public), address)
        self.assertIsNone(n.company_email_domain(None, public))
        self.assertIsNone(n.company_email_domain("x@acme.com", {"acme.com"}))

    def test_public_domains_are_core_list_and_more(self):
        from odoo.addons.iap.tools import iap_tools

        core = {domain.strip() for domain in iap_tools._MAIL_DOMAIN_BLACKLIST}
        self.assertLessEqual(core, keys.PUBLIC_MAIL_DOMAINS)
        self.assertFalse(n.MORE_PUBLIC_MAIL_DOMAINS & core, "no domain twice")


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestNormalizePhone(BaseCase):
    def test_national_and_international_formats(self):
        expected = "+33612345678"
        for raw, regions in (
            ("06 12 34 56 78", ["FR"]),
            ("06.12.34.56.78", ["FR"]),
            ("+33 6 12 34 56 78", []),
            ("0033 6 12 34 56 78", ["FR"]),
            ("+33 (0)6 12 34 56 78", []),
        ):
            self.assertEqual(n.normalize_phone(raw, regions), expected, raw)

    def test_regions_tried_in_order(self):
        # Not a valid number in the US: the next region (France) reads it.
        self.assertEqual(
            n.normalize_phone("06 12 34 56 78", ["US", None, "FR"]), "+33612345678"
        )
        self.assertEqual(
            n.normalize_phone("030 12345678", ["DE", "FR"]), "+493012345678"
        )

    def test_national_number_without_any_region(self):
        self.assertIsNone(n.normalize_phone("06 12 34 56 78", []))

    def test_garbage_gives_no_key(self):
        for raw in (
            None,
            False,
            "",
            "abc",
            "+",
            "12",
            "0000000000",
            "1" * 10_000,
            "☎☎☎",
            "+33 6 12",
        ):
            self.assertIsNone(n.normalize_phone(raw, ["FR"]), repr(raw)[:40])


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestNormalizeNames(BaseCase):
    def test_person_case_accents_and_order(self):
        key = n.normalize_person_name("Éloïse Müller")
        self.assertEqual(key, n.normalize_person_name("eloise MULLER"))
        self.assertEqual(key, n.normalize_person_name("MÜLLER, Éloïse"))
        self.assertEqual(
            n.normalize_person_name("MARTIN Pierre"),
            n.normalize_person_name("Pierre Martin"),
        )

    def test_company_ignores_legal_forms(self):
        self.assertEqual(
            n.normalize_company_name("Holzbau Weber GmbH"),
            n.normalize_company_name("holzbau weber"),
        )
        self.assertEqual(
            n.normalize_company_name("Société Générale SA"), "generale societe"
        )
        # A name made only of a legal form is kept rather than emptied.
        self.assertEqual(n.normalize_company_name("SARL"), "sarl")

    def test_short_or_empty_names_give_no_key(self):
        for raw in (None, False, "", "  ", "Al", "-", "J."):
            self.assertIsNone(n.normalize_person_name(raw), repr(raw))
        self.assertIsNone(n.normalize_person_name("x" * 10_000))

    def test_title(self):
        self.assertEqual(
            n.normalize_title("Thomas - PAG - Estimation"), "thomas pag estimation"
        )
        self.assertEqual(
            n.normalize_title("THOMAS PAG ESTIMATION!"), "thomas pag estimation"
        )
