"""Scoring pairs of leads: pure functions, no database. The hand-labelled
pairs of ``labelled_pairs.py`` are scored as the addon stores them."""

import dataclasses

from odoo.tests import BaseCase, tagged

from ..engine import keys
from ..tools import evidence, matching, normalize, scoring
from .labelled_pairs import PAIRS

#: The company's country reads national numbers with no country of their own.
COMPANY_COUNTRY = "FR"


def lead_profile(lead_id, values, symbols):
    lead_keys = keys.lead_keys(
        values.get("email_from"),
        values.get("phone"),
        values.get("contact_name"),
        values.get("partner_name"),
        values.get("name"),
        matching.Countries(lead=values.get("country"), default=COMPANY_COUNTRY),
    )

    def symbol(name):
        value = values.get(name)
        return symbols.setdefault(value, len(symbols) + 1) if value else None

    return scoring.LeadProfile(
        lead_id,
        email=lead_keys["similar_email_key"],
        email_domain=lead_keys["similar_email_domain"],
        phone=lead_keys["similar_phone_key"],
        person=lead_keys["similar_contact_key"],
        company=lead_keys["similar_company_key"],
        title=lead_keys["similar_title_key"],
        partner_id=symbol("partner"),
        commercial_partner_id=symbol("commercial") or symbol("partner"),
        is_opportunity=values.get("type") == "opportunity",
        revenue=values.get("expected_revenue", 0.0),
        # A labelled opportunity with an amount has been worked (a deal);
        # one marked "new" nobody has (a request).
        worked=values.get("type") == "opportunity"
        and bool(values.get("expected_revenue"))
        and not values.get("new"),
        email_count=values.get("email_count", 1),
        phone_count=values.get("phone_count", 1),
        partner_count=values.get("partner_count", 1),
    )


def compare(pair):
    symbols = {}
    return scoring.compare(
        lead_profile(1, pair.a, symbols), lead_profile(2, pair.b, symbols)
    )


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScoringOnLabelledPairs(BaseCase):
    def test_precision_and_recall(self):
        found = [(pair, compare(pair).klass() == scoring.DUPLICATE) for pair in PAIRS]
        true_pos = sum(1 for pair, dup in found if dup and pair.duplicate)
        false_pos = [pair for pair, dup in found if dup and not pair.duplicate]
        false_neg = [pair for pair, dup in found if not dup and pair.duplicate]
        precision = true_pos / ((true_pos + len(false_pos)) or 1)
        recall = true_pos / ((true_pos + len(false_neg)) or 1)
        self.assertGreaterEqual(len(PAIRS), 80)
        self.assertGreaterEqual(
            precision, 0.95, [(p.case, compare(p).score) for p in false_pos]
        )
        self.assertGreaterEqual(
            recall, 0.95, [(p.case, compare(p).score) for p in false_neg]
        )

    def test_only_the_same_request_of_one_person_is_exact(self):
        """Exact pairs are merged in bulk: never two deals of one customer."""
        for pair in PAIRS:
            comparison = compare(pair)
            if comparison.exact:
                self.assertTrue(pair.duplicate, (pair.case, comparison.contributions))
        self.assertTrue(
            any(compare(pair).exact for pair in PAIRS if pair.duplicate),
            "some true duplicates are exact",
        )

    def test_parts_add_up_to_the_score(self):
        for pair in PAIRS:
            comparison = compare(pair)
            total = sum(part.weight for part in comparison.contributions)
            self.assertAlmostEqual(total, comparison.score, places=2, msg=pair.case)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestScoringRules(BaseCase):
    def _profile(self, lead_id, **values):
        return scoring.LeadProfile(lead_id, **values)

    def test_shared_value_weighs_less(self):
        alone = scoring.compare_phone(
            self._profile(1, phone="+33140000000"),
            self._profile(2, phone="+33140000000"),
        )
        switchboard = scoring.compare_phone(
            self._profile(1, phone="+33140000000", phone_count=300),
            self._profile(2, phone="+33140000000"),
        )
        self.assertGreater(alone.weight, switchboard.weight)
        self.assertEqual(switchboard.level, "shared")

    def test_names_in_titles_say_nothing_about_the_deal(self):
        a = self._profile(
            1,
            person="martin pierre",
            title="martin pierre chaudiere",
            is_opportunity=True,
            worked=True,
        )
        b = self._profile(
            2,
            person="martin pierre",
            title="martin pierre toiture",
            is_opportunity=True,
            worked=True,
        )
        self.assertEqual(scoring.compare_deal(a, b).level, "other")


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestNamesAtAnAddress(BaseCase):
    """A name and a postal address alone (a paper form, a bought list): the
    name's level and the address's add up; the traps stay apart."""

    PAIX = ("12 rue de la Paix", None, "75002", "Paris", None, "FR")

    def _lead(self, lead_id, name, postal):
        return scoring.LeadProfile(
            lead_id,
            person=normalize.normalize_person_name(name),
            first_name=normalize.person_first_name(name),
            address=matching.profile_address(
                matching.address_columns(matching.Address(*postal))
            ),
        )

    def _compare(self, one, two):
        comparison = scoring.compare(self._lead(1, *one), self._lead(2, *two))
        levels = {part.field: part.level for part in comparison.contributions}
        return levels, comparison.klass()

    def test_a_new_surname_at_the_same_address(self):
        """Marie Dupont, née Martin, at her address: a duplicate; elsewhere
        on the street, or at another address, not."""
        married = (("Marie Dupont", self.PAIX), ("Marie Martin", self.PAIX))
        self.assertEqual(
            self._compare(*married),
            ({"person": "new_surname", "address": "same"}, scoring.DUPLICATE),
        )
        down_the_street = ("Marie Martin", ("40 rue de la Paix", *self.PAIX[1:]))
        levels, klass = self._compare(married[0], down_the_street)
        self.assertEqual(levels["person"], "other_surname")
        self.assertNotEqual(klass, scoring.DUPLICATE)
        # A building shared by many: no home, no new surname.
        one, two = (
            self._lead(i, name, self.PAIX) for i, (name, _p) in enumerate(married)
        )
        many = evidence.HOUSEHOLD_MAX + 1
        shared = scoring.compare(
            dataclasses.replace(one, address_count=many),
            dataclasses.replace(two, address_count=many),
        )
        self.assertNotIn(
            ("person", "new_surname"),
            {(part.field, part.level) for part in shared.contributions},
        )
        self.assertNotEqual(shared.klass(), scoring.DUPLICATE)

    def test_a_typo_down_the_street(self):
        """A typo in the name and a house number far away: one person's two
        leads; a middle name more (a father and his son) or half a name on
        the same street: not a duplicate."""
        far = ("40 rue de la Paix", *self.PAIX[1:])
        self.assertEqual(
            self._compare(("Pierre Martin", self.PAIX), ("Pierre Matrin", far)),
            ({"person": "typo", "address": "same_street"}, scoring.DUPLICATE),
        )
        for other, level in (
            ("Pierre-Paul Martin", "near"),
            ("Martin", "partial"),
        ):
            levels, klass = self._compare(("Pierre Martin", self.PAIX), (other, far))
            self.assertEqual(levels, {"person": level, "address": "same_street"})
            self.assertNotEqual(klass, scoring.DUPLICATE, other)

    def test_the_traps_stay_apart(self):
        pierre = ("Pierre Martin", self.PAIX)
        flat = ("Pierre Martin", ("12 rue de la Paix", "appt 5", "75002", "Paris"))
        self.assertNotEqual(
            self._compare(
                flat,
                ("Pierre Martin", ("12 rue de la Paix", "appt 3", "75002", "Paris")),
            )[1],
            scoring.DUPLICATE,
            "another flat of the building",
        )
        for other, klass in (
            # A household, with a typo in the street.
            (("Sophie Martin", ("12 rue de la Piax", *self.PAIX[1:])), "household"),
            # Neighbours, namesakes, a few doors away, with a typo.
            (("Pierre Matrin", ("14 rue de la Paix", *self.PAIX[1:])), None),
            # A namesake on a same-named street of another town.
            (("Pierre Martin", ("12 rue de la Paix", None, "69002", "Lyon")), None),
        ):
            with self.subTest(other=other):
                result = self._compare(pierre, other)[1]
                self.assertNotEqual(result, scoring.DUPLICATE)
                if klass:
                    self.assertEqual(result, klass)
