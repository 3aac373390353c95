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


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestPersonNamesAsWritten(BaseCase):
    def level(self, name_a, name_b):
        words_a, words_b = n.person_name_words(name_a), n.person_name_words(name_b)
        level = n.person_name_level(words_a, words_b)
        self.assertEqual(level, n.person_name_level(words_b, words_a), "symmetric")
        # The stored keys (words sorted) compare the same way.
        keys = n.normalize_person_name(name_a), n.normalize_person_name(name_b)
        if all(keys):
            self.assertEqual(n.person_name_level(*keys), level, keys)
        return level

    def test_fold(self):
        self.assertEqual(n.fold("Müller"), "muller")
        self.assertEqual(n.fold("Straße"), "strasse")
        self.assertEqual(n.fold("Søren Ærø"), "soren aero")
        self.assertEqual(n.fold("Œuvre Łódź"), "oeuvre lodz")
        for raw in (None, False, 42, "", "x" * 10_000):
            self.assertEqual(n.fold(raw), "", repr(raw)[:40])

    def test_transliterations_are_one(self):
        for name_a, name_b in (
            ("Jürgen Müller", "Juergen Mueller"),
            ("Jürgen Müller", "Jurgen Muller"),
            ("Juergen Mueller", "Jurgen Muller"),
            ("Søren Sørensen", "Soeren Soerensen"),
            ("Søren Sørensen", "Soren Sorensen"),
            ("Jörg Groß", "Joerg Gross"),
            ("Käthe Köhler", "KAETHE KOEHLER"),
            ("Éloïse Lefèvre", "Eloise LEFEVRE"),
        ):
            self.assertEqual(self.level(name_a, name_b), "same", (name_a, name_b))
        self.assertEqual(
            n.normalize_person_name("Søren Sørensen"),
            n.normalize_person_name("Soren Sorensen"),
        )

    def test_hyphenated_first_names_and_initials(self):
        for name_b in (
            "J-J Rousseau",
            "J.-J. Rousseau",
            "JJ Rousseau",
            "J. J. Rousseau",
        ):
            self.assertEqual(
                self.level("Jean-Jacques Rousseau", name_b), "initials", name_b
            )
        self.assertEqual(
            self.level("Jean-Jacques Rousseau", "Jean Jacques Rousseau"), "same"
        )
        self.assertEqual(
            self.level("Jean-Jacques Rousseau", "Jeanjacques Rousseau"), "typo"
        )
        self.assertEqual(self.level("Jean-Jacques Rousseau", "Jean Rousseau"), "near")
        self.assertEqual(self.level("Anne-Marie Dupont", "AM Dupont"), "initials")
        self.assertEqual(self.level("P. Martin", "Pierre Martin"), "initials")
        self.assertEqual(self.level("Pierre Martin", "MARTIN P."), "initials")
        # Initials alone: never more than one name missing.
        self.assertEqual(self.level("J M", "Jean Martin"), "partial")

    def test_swaps_typos_and_split_words(self):
        self.assertEqual(self.level("MARTIN Pierre", "Pierre Martin"), "same")
        self.assertEqual(self.level("Martin, Pierre", "Pierre Martin"), "same")
        self.assertEqual(
            self.level("Catherine Zimmermann", "Katherine Zimmerman"), "typo"
        )
        self.assertEqual(self.level("timothy mccarrhy", "mccarthy timothy"), "typo")
        self.assertEqual(self.level("jord an thaba", "jordan thaba"), "typo")
        # Two letters swapped, however short the name; a letter changed in
        # a short one is another name.
        self.assertEqual(self.level("Amy Dudley", "Aym Dudley"), "typo")
        self.assertEqual(self.level("Ben Browne", "Bne Browne"), "typo")
        self.assertEqual(self.level("Lee Norton", "Lew Norton"), "other_first_name")
        self.assertEqual(self.level("Eva Norton", "Ava Norton"), "other_first_name")
        # A middle name more or less, or a typo beside an initial: less sure.
        self.assertEqual(self.level("Pierre Martin", "Pierre Paul Martin"), "near")
        self.assertEqual(self.level("J. Zimmerman", "Jean Zimmermann"), "near")

    def test_one_of_the_two_names_missing(self):
        self.assertEqual(self.level("Martin", "Pierre Martin"), "partial")
        self.assertEqual(self.level("Pierre", "Pierre Martin"), "partial")
        self.assertTrue(n.names_agree(["martin"], ["pierre", "martin"]))

    def test_other_people(self):
        self.assertEqual(
            self.level("Pierre Martin", "Sophie Martin"), "other_first_name"
        )
        self.assertEqual(
            self.level("Pierre Martin", "Pierre Dubois"), "other_first_name"
        )
        self.assertEqual(self.level("Pierre Martin", "Sophie Dubois"), "other")
        self.assertEqual(self.level("S. Martin", "Pierre Martin"), "other_first_name")
        self.assertEqual(self.level("Martin", "Dubois"), "other")
        self.assertFalse(n.names_agree("martin pierre", "martin sophie"))

    def test_first_names_tell_a_new_surname(self):
        for value, first in (
            ("Pierre Martin", "pierre"),
            ("MARTIN Pierre", "pierre"),
            ("Martin, Pierre", "pierre"),
            ("Mme Sophie Martin", "sophie"),
            ("Herr Jürgen Müller", "jurgen"),
            ("Juergen Mueller", "jurgen"),
            ("DUPONT Marie-Claire", "marie"),
            ("J. Dupont", "j"),
            ("Martin", None),
            ("", None),
            (None, None),
            (42, None),
        ):
            self.assertEqual(n.person_first_name(value), first, value)
        self.assertEqual(
            n.person_name_level("dupont marie", "martin marie", "marie", "marie"),
            "other_surname",
        )
        self.assertEqual(
            n.person_name_level("martin pierre", "martin sophie", "pierre", "sophie"),
            "other_first_name",
        )

    def test_missing_or_bad_names(self):
        for bad in (None, False, "", [], 42, ["", None]):
            self.assertIsNone(n.person_name_level(bad, "pierre martin"), repr(bad))
            self.assertFalse(n.names_agree(bad, "pierre martin"), repr(bad))
        self.assertEqual(n.person_name_words("x" * 10_000), [])
