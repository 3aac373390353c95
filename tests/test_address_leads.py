"""Postal addresses, households, names as people write them and new
requests, through the real compute: leads created as users create them,
their similar leads, counts, classes and explanations read back (issue 24)."""

from odoo.tests import tagged

from ..engine import pairs
from .common import SimilarLeadsCase


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestAddressLeads(SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.KLARA = {
            "contact_name": "Greta Schäfer",
            "street": "Lindenstraße 7",
            "zip": "79098",
            "city": "Freiburg",
            "country_id": cls.de.id,
        }

    def _seen_from(self, origin, lead):
        return lead.with_context(similar_origin_lead_id=origin.id)

    def _pair(self, origin, lead):
        Pair = self.env["crm.lead.similar.pair"]
        pairs.up_to_date(self.env)
        return Pair.search([("lead_id", "=", origin.id), ("other_id", "=", lead.id)])

    def _levels(self, origin, lead):
        parts = self._pair(origin, lead).contributions or []
        return {field: level for field, level, _weight in parts}

    # ------------------------------------------------------------
    # ADDRESSES
    # ------------------------------------------------------------

    def test_address_only_duplicate(self):
        """A name and an address, each written another way, nothing else in
        common: found by the address's look-up key, a duplicate."""
        klara = self._lead("Anfrage Wärmepumpe", **self.KLARA)
        again = self._lead(
            "Kostenvoranschlag Heizung",
            contact_name="SCHAEFER Greta",
            street="Lindenstr. 7",
            zip="79098",
            city="FREIBURG",
            country_id=self.de.id,
        )
        self.assertEqual(klara.similar_duplicate_count, 1)
        self.assertEqual(klara.similar_lead_ids, again)
        seen = self._seen_from(klara, again)
        self.assertEqual(seen.similar_class, "duplicate")
        self.assertIn("Same address", seen.similar_explanation)
        self.assertIn("+5.0", seen.similar_explanation)
        self.assertEqual(
            self._levels(klara, again), {"person": "same", "address": "same"}
        )

    def test_address_levels_through_the_compute(self):
        """Each level of the address, as stored and explained."""
        base = self._lead("Devis", **self.KLARA)
        cases = {
            # typed another way, a typo in the street: nearly the same
            "near": {"street": "Lindenstrase 7"},
            # a few doors away on the same side: neighbours (against)
            "neighbours": {"street": "Lindenstraße 11"},
            # far away or across the street: most often a number mistyped
            "same_street": {"street": "Lindenstraße 54"},
            # another flat of the building (against)
            "same_other_unit": {"street2": "Wohnung 3"},
            # a street of that name in another town: nothing in common
            "street_elsewhere": {"zip": "80331", "city": "München"},
            "other": {"street": "Hauptstraße 3"},
        }
        base.street2 = "Wohnung 5"
        for level, values in cases.items():
            with self.subTest(level=level):
                other = self._lead("Devis", **{**self.KLARA, **values})
                self.assertEqual(self._levels(base, other).get("address"), level)
                other.unlink()

    def test_neighbours_and_flats_are_no_duplicates(self):
        klara = self._lead("Devis", **self.KLARA, street2="Wohnung 5")
        for values in (
            {"street": "Lindenstraße 9"},  # next door, same name
            {"street2": "Wohnung 7"},  # another flat, same name
            {"zip": "80331", "city": "München"},  # another town
        ):
            with self.subTest(values=values):
                other = self._lead("Devis", **{**self.KLARA, **values})
                self.assertEqual(other.similar_duplicate_count, 0)
                self.assertEqual(klara.similar_duplicate_count, 0)
                other.unlink()

    def test_missing_address_is_neutral(self):
        klara = self._lead("Devis", **self.KLARA)
        no_address = self._lead("Devis", contact_name="Greta Schaefer")
        self.assertNotIn("address", self._levels(klara, no_address))

    def test_an_address_many_share_weighs_less(self):
        """A business centre: more leads than a household share it."""
        centre = {
            "street": "1 place de la Défense",
            "zip": "92400",
            "city": "Courbevoie",
            "country_id": self.fr.id,
        }
        one = self._lead("Devis", contact_name="Pierre Martin", **centre)
        two = self._lead("Devis", contact_name="Pierre Martin", **centre)
        alone = self._pair(one, two).contributions
        self._leads_sharing("Tenant", 8, **centre)
        one.write({"street": "1, Place de la Defense"})  # scored again
        shared = self._pair(one, two).contributions
        weight = {field: w for field, _level, w in alone}["address"]
        lowered = {field: w for field, _level, w in shared}["address"]
        self.assertEqual(weight, 5.0)
        self.assertLess(lowered, weight)

    # ------------------------------------------------------------
    # HOUSEHOLDS
    # ------------------------------------------------------------

    def test_household_is_related_never_counted(self):
        """The same address, another first name, whatever the surname and
        even with one phone: related (same household), shown, never counted,
        never proposed, never merged in bulk."""
        klara = self._lead("Wärmepumpe", phone="+49 761 3456789", **self.KLARA)
        jonas = self._lead(
            "Photovoltaik",
            contact_name="Jonas Schäfer",
            phone="+49 761 3456789",
            street="Lindenstr. 7",
            zip="79098",
            city="Freiburg",
            country_id=self.de.id,
        )
        partner = self._lead(
            "Photovoltaik",
            contact_name="Sophie Dubois",
            street="Lindenstrasse 7",
            zip="79098",
            city="Freiburg",
            country_id=self.de.id,
        )
        self.assertEqual(klara.similar_duplicate_count, 0)
        self.assertEqual(jonas.similar_duplicate_count, 0)
        self.assertEqual(klara.similar_lead_ids, jonas | partner, "shown")
        for other in (jonas, partner):
            seen = self._seen_from(klara, other)
            self.assertEqual(seen.similar_class, "household")
            self.assertIn("Same household", seen.similar_explanation)
            self.assertFalse(self._pair(klara, other).is_exact)
        self.assertFalse(klara.action_similar_proposal(), "never proposed")
        self.assertFalse(klara._similar_duplicates(exact_only=True))
        groups = self.env["crm.lead.duplicate.group"].search([])
        self.assertNotIn(klara, groups.mapped("lead_id"), "not in the queue")

    def test_a_household_as_the_salesperson_of_own_leads(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        values = {**self.KLARA, "type": "lead", "team_id": self.team.id}
        klara = Lead.create({"name": "Wärmepumpe", **values})
        jonas = Lead.create(
            {"name": "Solar", **values, "contact_name": "Jonas Schaefer"}
        )
        again = Lead.create(
            {"name": "Heizung", **values, "contact_name": "SCHÄFER, Greta"}
        )
        self.assertEqual(klara.similar_duplicate_count, 1)
        self.assertEqual(klara.similar_lead_ids[0], again, "the duplicate first")
        self.assertIn(jonas, klara.similar_lead_ids)
        self.assertEqual(self._seen_from(klara, jonas).similar_class, "household")
        self.assertEqual(self._seen_from(klara, again).similar_class, "duplicate")

    def test_a_new_surname_is_no_household_but_one_person(self):
        marie = self._lead(
            "Devis",
            contact_name="Marie Dupont",
            street="12 rue de la Paix",
            zip="75002",
            city="Paris",
            country_id=self.fr.id,
        )
        married = self._lead(
            "Devis",
            contact_name="Marie Martin",
            street="12, r. de la Paix",
            zip="75002",
            city="PARIS",
            country_id=self.fr.id,
        )
        self.assertEqual(
            self._levels(marie, married), {"person": "new_surname", "address": "same"}
        )
        # A married name at her address: a duplicate, never a household.
        self.assertEqual(self._seen_from(marie, married).similar_class, "duplicate")
        self.assertEqual(marie.similar_duplicate_count, 1)
        # Down the street, the first name alone is not enough.
        down_the_street = self._lead(
            "Devis",
            contact_name="Marie Leroy",
            street="40 rue de la Paix",
            zip="75002",
            city="Paris",
            country_id=self.fr.id,
        )
        self.assertNotIn(down_the_street, marie.similar_lead_ids)
        self.assertEqual(marie.similar_duplicate_count, 1)

    def test_names_and_streets_mistyped_as_the_salesperson_of_own_leads(self):
        """A typo in the name and a house number far away: one person's two
        leads; a middle name more (a daughter, a mother) on the street is
        not enough."""
        Lead = self.env["crm.lead"].with_user(self.salesman)
        values = {**self.KLARA, "type": "lead", "team_id": self.team.id}
        greta = Lead.create({"name": "Wärmepumpe", **values})
        typo = Lead.create(
            {
                "name": "Heizung",
                **values,
                "contact_name": "Greta Schäffer",
                "street": "Lindenstraße 54",
            }
        )
        daughter = Lead.create(
            {
                "name": "Solar",
                **values,
                "contact_name": "Greta Maria Schäfer",
                "street": "Lindenstraße 40",
            }
        )
        self.assertEqual(
            self._levels(greta, typo), {"person": "typo", "address": "same_street"}
        )
        self.assertEqual(self._seen_from(greta, typo).similar_class, "duplicate")
        self.assertEqual(
            self._levels(greta, daughter), {"person": "near", "address": "same_street"}
        )
        self.assertEqual(self._seen_from(greta, daughter).similar_class, "possible")
        self.assertEqual(greta.similar_duplicate_count, 1)

    def test_a_zip_mistyped_in_one_state(self):
        """The same street, number and town with a zip of another area: in
        one state a zip mistyped (a duplicate), without states two towns of
        one name (nothing in common)."""
        state = self.env.ref("base.state_de_bw").id
        greta = self._lead("Devis", **self.KLARA, state_id=state)
        for other_state, level, klass in (
            (state, "near", "duplicate"),
            (False, "street_elsewhere", "possible"),
        ):
            with self.subTest(state=other_state):
                other = self._lead(
                    "Devis", **{**self.KLARA, "zip": "10115", "state_id": other_state}
                )
                self.assertEqual(self._levels(greta, other)["address"], level)
                self.assertEqual(self._seen_from(greta, other).similar_class, klass)
                other.unlink()

    def test_a_place_and_a_person_on_a_street(self):
        """A second line naming no flat is a place, weighed when the towns
        are not apart; the name's initials on the street find a lead whose
        name, zip and town are all mistyped."""
        au = self.env.ref("base.au").id
        sascha = self._lead(
            "Quote",
            contact_name="Sascha Clarke",
            street="Perry Drive",
            street2="Rockett Lodge",
            zip="4054",
            city="South Perth",
            country_id=au,
        )
        again = self._lead(
            "Quote",
            contact_name="CLARNKE Sascha",
            street="49 Perry Drive",
            street2="Rockettel Lodge",
            zip="4044",
            city="South Pdrth",
            country_id=au,
        )
        self.assertEqual(sascha.similar_name_street_key, again.similar_name_street_key)
        self.assertEqual(
            self._levels(sascha, again),
            {"person": "typo", "address": "near", "place": "same"},
        )
        self.assertEqual(sascha.similar_duplicate_count, 1)
        seen = self._seen_from(sascha, again)
        self.assertIn("Same building or place", seen.similar_explanation)

    # ------------------------------------------------------------
    # NAMES AS PEOPLE WRITE THEM
    # ------------------------------------------------------------

    def test_names_as_people_write_them(self):
        address = {
            "street": "5 Baker Street",
            "zip": "NW1 6XE",
            "city": "London",
            "country_id": self.env.ref("base.uk").id,
        }
        for first, second, level in (
            ("Jean-Jacques Rousseau", "J-J Rousseau", "initials"),
            ("Jean-Jacques Rousseau", "ROUSSEAU Jean-Jacques", "same"),
            ("Jürgen Müller", "Juergen Mueller", "same"),
            ("Søren Kierkegaard", "Soren Kierkegaard", "same"),
            ("Catherine Zimmermann", "Katherine Zimmermann", "typo"),
            ("Pierre Martin", "Martin", "partial"),
        ):
            with self.subTest(second=second):
                one = self._lead("Quote", contact_name=first, **address)
                two = self._lead("Quote", contact_name=second, **address)
                self.assertEqual(self._levels(one, two).get("person"), level)
                self.assertEqual(one.similar_duplicate_count, 1, second)
                (one | two).unlink()

    def test_a_surname_alone_never_makes_a_duplicate(self):
        """Found by a shared role mailbox, which says little: the surname
        alone (the other name missing) cannot make a duplicate of it."""
        mailbox = {"email_from": "contact@boulangerie-martin.example"}
        one = self._lead("Quote", contact_name="Martin", **mailbox)
        two = self._lead("Quote", contact_name="Pierre Martin", **mailbox)
        three = self._lead("Quote", contact_name="Sophie Martin", **mailbox)
        self.assertEqual(self._levels(one, two)["person"], "partial")
        self.assertFalse(self._pair(two, three), "more against than for")
        for lead in (one, two, three):
            self.assertEqual(lead.similar_duplicate_count, 0)

    # ------------------------------------------------------------
    # EVERY LEAD FINDS ITS CANDIDATES, WHATEVER IT LACKS
    # ------------------------------------------------------------

    def test_a_contact_without_a_company(self):
        zoe = self._lead("Piano lessons", contact_name="Zoe Quartermaine")
        again = self._lead("Piano lessons", contact_name="Zoe Quartermaine")
        self.assertEqual(zoe.similar_duplicate_count, 1)
        self.assertEqual(self._pair(zoe, again).score, 6.5)

    def test_transliterated_names_without_a_company(self):
        klara = self._lead("Wärmepumpe", contact_name="Frieda Strauß")
        again = self._lead("Wärmepumpe", contact_name="Frieda Strauss")
        self.assertEqual(klara.similar_duplicate_count, 1)
        self.assertTrue(again.action_similar_proposal(), "proposed")

    def test_a_mistyped_name_without_a_company(self):
        """No company name sorts it next to the other: its sound finds it."""
        one = self._lead("Piano lessons", contact_name="Jacynta Hoffman")
        two = self._lead("Piano lessons", contact_name="HOFMAN Jacinta")
        self.assertEqual(two.similar_person_sound_key, one.similar_person_sound_key)
        self.assertIn(two, one.similar_lead_ids)
        self.assertEqual(self._levels(one, two)["person"], "typo")

    def test_a_mistyped_email_and_the_same_name(self):
        pierre = self._lead(
            "Devis poêle",
            contact_name="Pierre Martin",
            email_from="pierre.martin@orange.fr",
        )
        typo = self._lead(
            "Devis poêle",
            contact_name="Pierre Martin",
            email_from="pierre.matrin@orange.fr",
        )
        self.assertIn(typo, pierre.similar_lead_ids, "found by the name")
        self.assertEqual(self._pair(pierre, typo).score, 5.0)

    def test_a_company_without_a_contact(self):
        one = self._lead("Fleet tracking", partner_name="Transports Delmas SARL")
        two = self._lead("Fleet tracking", partner_name="TRANSPORTS DELMAS")
        self.assertIn(two, one.similar_lead_ids)

    def test_an_address_without_a_name(self):
        where = {
            "street": "3 avenue Foch",
            "zip": "75116",
            "city": "Paris",
            "country_id": self.fr.id,
        }
        one = self._lead("Devis pompe à chaleur", **where)
        two = self._lead("Devis pompe à chaleur", **{**where, "street": "3 av. Foch"})
        self.assertIn(two, one.similar_lead_ids)

    # ------------------------------------------------------------
    # RELATED PAIRS ARE STORED AND SHOWN
    # ------------------------------------------------------------

    def test_a_customers_other_deals_are_shown_as_related(self):
        """One person's two worked deals (no customer, a public mailbox):
        related, stored though the score is far below 0."""
        values = {
            "type": "opportunity",
            "contact_name": "Gérard Blanc",
            "email_from": "gerard.blanc@orange.fr",
        }
        roof = self._lead("Rénovation toiture", expected_revenue=48000, **values)
        garage = self._lead("Porte de garage", expected_revenue=2500, **values)
        self.assertLess(self._pair(roof, garage).score, 0)
        self.assertIn(garage, roof.similar_lead_ids)
        self.assertEqual(self._seen_from(roof, garage).similar_class, "related")
        self.assertEqual(roof.similar_duplicate_count, 0)

    # ------------------------------------------------------------
    # ONE PERSON'S SEVERAL REQUESTS
    # ------------------------------------------------------------

    def _worked_deal(self):
        return self._lead(
            "Rénovation toiture",
            type="opportunity",
            contact_name="Gérard Blanc",
            email_from="gerard.blanc@orange.fr",
            expected_revenue=48000,
        )

    def test_a_new_request_of_the_same_person_is_a_duplicate(self):
        """A new opportunity nobody worked (a website form): compared as a
        request, whatever its subject."""
        deal = self._worked_deal()
        request = self._lead(
            "Porte de garage sectionnelle",
            type="opportunity",
            contact_name="Gérard Blanc",
            email_from="gerard.blanc@orange.fr",
        )
        self.assertEqual(self._levels(deal, request)["deal"], "new_request")
        self.assertEqual(request.similar_duplicate_count, 1)
        self.assertTrue(request.action_similar_proposal(), "proposed")
        self.assertFalse(self._pair(deal, request).is_exact, "never in bulk")
        as_lead = self._lead(
            "Porte de garage sectionnelle",
            contact_name="Gérard Blanc",
            email_from="gerard.blanc@orange.fr",
        )
        self.assertEqual(self._levels(deal, as_lead)["deal"], "other_request")
        self.assertEqual(as_lead.similar_duplicate_count, 2)

    def test_a_worked_request_is_another_deal(self):
        """An expected revenue, a later stage or an activity: someone worked
        it, two deals, related."""
        deal = self._worked_deal()
        for work in ("revenue", "stage", "activity"):
            with self.subTest(work=work):
                request = self._lead(
                    "Porte de garage sectionnelle",
                    type="opportunity",
                    contact_name="Gérard Blanc",
                    email_from="gerard.blanc@orange.fr",
                )
                self.assertEqual(request.similar_duplicate_count, 1)
                if work == "revenue":
                    request.expected_revenue = 2500
                elif work == "stage":
                    request.stage_id = self.env.ref("crm.stage_lead3")
                else:
                    request.activity_schedule(
                        "mail.mail_activity_data_call", user_id=self.env.uid
                    )
                self.assertIn(
                    self._levels(deal, request)["deal"], ("other", "other_amount")
                )
                self.assertEqual(request.similar_duplicate_count, 0)
                self.assertEqual(
                    self._seen_from(deal, request).similar_class, "related"
                )
                request.unlink()

    def test_a_quotation_works_an_opportunity(self):
        self._skip_unless_installed("sale_crm")
        deal = self._worked_deal()
        request = self._lead(
            "Porte de garage sectionnelle",
            type="opportunity",
            contact_name="Gérard Blanc",
            email_from="gerard.blanc@orange.fr",
        )
        self.assertEqual(request.similar_duplicate_count, 1)
        customer = self.env["res.partner"].create({"name": "Gérard Blanc"})
        self.env["sale.order"].create(
            {"partner_id": customer.id, "opportunity_id": request.id}
        )
        request.write({"name": "Porte de garage sectionnelle (devis)"})
        self.assertEqual(self._levels(deal, request)["deal"], "other")
        self.assertEqual(request.similar_duplicate_count, 0)

    # ------------------------------------------------------------
    # WHAT THE SCORING CALLS RELATED IS SHOWN
    # ------------------------------------------------------------

    def test_every_related_pair_is_shown(self):
        """Whatever makes two leads related (one household, one customer,
        one person's mailbox or phone, one organisation's mail domain), the
        similar leads of each show the other, whatever the score."""
        from ..engine import candidates
        from ..tools import scoring

        home = {
            "street": "8 rue des Lilas",
            "zip": "69003",
            "city": "Lyon",
            "country_id": self.fr.id,
        }
        customer = self.env["res.partner"].create({"name": "Lucie Garnier"})
        leads = self.env["crm.lead"]
        for values in (
            {"contact_name": "Lucie Garnier", **home},
            {"contact_name": "Marc Garnier", **home},
            {"contact_name": "Inès Bouvier", **home},
            {"contact_name": "Lucie Garnier", "partner_id": customer.id},
            {
                "contact_name": "Lucie Garnier",
                "partner_id": customer.id,
                "type": "opportunity",
                "expected_revenue": 9000,
            },
            {
                "name": "Rénovation toiture",
                "contact_name": "Paul Roche",
                "email_from": "paul.roche@laposte.net",
                "type": "opportunity",
                "expected_revenue": 1200,
            },
            {
                "name": "Porte de garage",
                "contact_name": "Paul Roche",
                "email_from": "paul.roche@laposte.net",
                "type": "opportunity",
                "expected_revenue": 56000,
            },
            {"contact_name": "Anne Vidal", "email_from": "anne@vidal-bois.example"},
            {"contact_name": "Yves Petit", "email_from": "yves@vidal-bois.example"},
            {"contact_name": "Rémi Caron", "phone": "+33 6 55 44 33 22"},
            {"contact_name": "Rémi Caron", "phone": "+33 6 55 44 33 22"},
        ):
            title = values.pop("name", f"Demande {len(leads)}")
            leads |= self._lead(title, **values)
        self.env.flush_all()  # the keys, read in SQL
        ids = set(leads.ids)
        origins = {lead_id: (ids - {lead_id}, {}, set()) for lead_id in ids}
        profiles = candidates.profiles(self.env, origins)
        related = 0
        for lead in leads:
            shown = lead.similar_lead_ids
            for other in leads - lead:
                comparison = scoring.compare(profiles[lead.id], profiles[other.id])
                if comparison.related:
                    related += 1
                    self.assertIn(
                        other, shown, f"{lead.contact_name} / {other.contact_name}"
                    )
        self.assertGreaterEqual(related, 14)
        roof, garage = leads.filtered(lambda lead: lead.contact_name == "Paul Roche")
        self.assertLess(self._pair(roof, garage).score, 0, "shown below 0 too")

    # ------------------------------------------------------------
    # EXPLAINED WHEREVER A SCORE IS
    # ------------------------------------------------------------

    def test_the_address_part_is_explained_in_french_german_and_the_queue(self):
        for lang in ("fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["crm_similar_leads"], ["fr_FR", "de_DE"], overwrite=True
        )
        greta = self._leads_in_order(
            {"name": "Anfrage", **self.KLARA},
            {
                "name": "Heizung",
                **self.KLARA,
                "contact_name": "SCHAEFER Greta",
                "street": "Lindenstr. 7",
            },
        )
        for lang, words in (
            ("en_US", "Same address"),
            ("fr_FR", "Même adresse"),
            ("de_DE", "Dieselbe Adresse"),
        ):
            seen = self._seen_from(greta[0], greta[1]).with_context(lang=lang)
            self.assertIn(words, seen.similar_explanation, lang)
            self.assertIn("+5", seen.similar_explanation, lang)
        group = self.env["crm.lead.duplicate.group"].search(
            [("lead_id", "=", greta[0].id)]
        )
        self.assertEqual(group.lead_count, 2)
        self.assertIn("Same address", group.explanation)
        self.assertIn(group.reason, ("address", "person"))
