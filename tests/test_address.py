"""Postal addresses: keys and comparison, pure functions, no database."""

from odoo.tests import BaseCase, tagged

from ..tools import address as a
from ..tools import evidence


def weight(level):
    return evidence.level("address", level).bits


def keys(street, street2=None, zip_code=None, city=None, state=None, country=None):
    return a.address_keys(street, street2, zip_code, city, state, country)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestStreet(BaseCase):
    def assertStreets(self, expected, *streets, country=None):
        for street in streets:
            self.assertEqual(a.normalize_street(street, country), expected, street)

    def test_french_types_and_abbreviations(self):
        for expected, streets in (
            (
                ("12", "rue paix"),
                ("12 rue de la Paix", "12, r. de la paix", "12 R DE LA PAIX"),
            ),
            (
                ("3", "avenue foch"),
                ("3 avenue Foch", "3 av. Foch", "3 Ave Foch", "3 AV FOCH"),
            ),
            (
                ("10", "boulevard haussmann"),
                (
                    "10 bd Haussmann",
                    "10 Boulevard Haussmann",
                    "10 Bld Haussmann",
                    "10 blvd. Haussmann",
                ),
            ),
            (
                ("5", "impasse lilas"),
                ("5 impasse des Lilas", "5 imp. des Lilas", "5 Imp des lilas"),
            ),
            (
                ("8", "chemin vignes"),
                ("8 chemin des Vignes", "8 ch. des Vignes", "8 Chem. des Vignes"),
            ),
            (
                ("1", "place concorde"),
                ("1 place de la Concorde", "1 pl. de la Concorde"),
            ),
            (
                ("7", "allee roses"),
                ("7 allée des Roses", "7 all. des Roses", "7 Allee des roses"),
            ),
            (("2", "route lyon"), ("2 route de Lyon", "2 rte de Lyon")),
            (
                ("4", "faubourg st antoine"),
                ("4 faubourg Saint-Antoine", "4 fbg St Antoine", "4 Fbg Saint Antoine"),
            ),
        ):
            self.assertStreets(expected, *streets)

    def test_german_types_glued_or_apart(self):
        self.assertStreets(
            ("12", "haupt strasse"),
            "Hauptstraße 12",
            "Hauptstr. 12",
            "Hauptstr 12",
            "Hauptstrasse 12",
            "Haupt Strasse 12",
            "Haupt-Straße 12",
            "HAUPTSTRASSE 12",
        )
        self.assertStreets(("3", "konig strasse"), "Königstraße 3", "Koenigstr. 3")
        self.assertStreets(("5", "birken weg"), "Birkenweg 5", "Birken-Weg 5")
        self.assertStreets(("1", "markt platz"), "Marktplatz 1", "Markt Platz 1")
        self.assertStreets(
            ("1", "markt platz"), "Marktpl. 1", "Markt Pl. 1", country="DE"
        )
        self.assertStreets(("9", "linden allee"), "Lindenallee 9")
        self.assertStreets(("2", "mühl gasse".replace("ü", "u")), "Mühlgasse 2")
        self.assertStreets(("4", "dr muller strasse"), "Dr.-Müller-Str. 4")
        self.assertStreets(("21", "berliner strasse"), "Berliner Straße 21")

    def test_english_types_and_abbreviations(self):
        for expected, streets in (
            (
                ("221b", "baker street"),
                ("221B Baker Street", "221b Baker St", "221 B Baker St."),
            ),
            (
                ("5", "station road"),
                ("5 Station Road", "5 Station Rd", "5 station rd."),
            ),
            (("12", "florey drive"), ("12 Florey Drive", "12 Florey Dr")),
            (("3", "mill lane"), ("3 Mill Lane", "3 Mill Ln")),
            (("9", "neeld place"), ("9 Neeld Place", "9 Neeld Pl")),
            (("4", "reveley crescent"), ("4 Reveley Crescent", "4 Reveley Cres")),
            (("6", "park avenue"), ("6 Park Avenue", "6 Park Ave")),
            (("2", "oak court"), ("2 Oak Court", "2 Oak Ct")),
            (("8", "elm close"), ("8 Elm Close", "8 Elm Cl")),
            (("1", "kirwan circuit"), ("1 Kirwan Circuit", "1 Kirwan Cct")),
            (("40", "st kilda road"), ("40 St Kilda Road", "40 Saint Kilda Rd")),
        ):
            self.assertStreets(expected, *streets)

    def test_saints_and_doctors_are_not_types(self):
        self.assertStreets(
            ("1", "rue st honore"), "1 rue Saint-Honoré", "1 r. St Honoré"
        )
        self.assertStreets(
            ("1", "rue dr roux"), "1 rue du Docteur Roux", "1 rue du Dr Roux"
        )

    def test_house_numbers_before_or_after_with_suffixes(self):
        self.assertStreets(
            ("12b", "rue paix"),
            "12 bis rue de la Paix",
            "12bis, rue de la Paix",
            "12B rue de la Paix",
            "12 b rue de la Paix",
            "Rue de la Paix 12 bis",
        )
        self.assertStreets(("12c", "rue paix"), "12 ter rue de la Paix")
        self.assertStreets(
            ("12-14", "rue paix"), "12-14 rue de la Paix", "12 - 14 rue de la Paix"
        )
        self.assertStreets(("5a", "haupt strasse"), "Hauptstr. 5a", "Hauptstraße 5 a")
        self.assertStreets(("12-14", "haupt strasse"), "Hauptstr. 12-14")
        self.assertStreets(("7", "rue paix"), "007 rue de la Paix")

    def test_numbers_of_the_name_are_no_house_number(self):
        self.assertStreets((None, "strasse 17 juni"), "Straße des 17. Juni")
        self.assertStreets(("135", "strasse 17 juni"), "Straße des 17. Juni 135")
        self.assertStreets((None, "rue 8 mai 1945"), "Rue du 8 Mai 1945")
        self.assertStreets(("3", "rue 8 mai 1945"), "3 rue du 8 mai 1945")

    def test_flats_in_the_street_line_are_no_house_number(self):
        self.assertStreets(
            ("12", "main street"),
            "Apt 5, 12 Main St",
            "12 Main St Apt 5",
            "12 Main St #5",
            "Flat 5, 12 Main Street",
        )
        self.assertStreets(("98", "latchford street"), "2/98 Latchford Street")
        self.assertEqual(keys("2/98 Latchford Street")["unit_key"], "apt 2")
        self.assertEqual(keys("Apt 5, 12 Main St")["unit_key"], "apt 5")

    def test_number_and_street_apart(self):
        self.assertEqual(
            a.normalize_street_parts("12", "rue de la Paix"), ("12", "rue paix")
        )
        self.assertEqual(a.normalize_street_parts(12, "Main St"), ("12", "main street"))
        self.assertEqual(
            a.normalize_street_parts("12 bis", "rue de la Paix"), ("12b", "rue paix")
        )
        self.assertEqual(
            a.normalize_street_parts(None, "Hauptstr. 5"), ("5", "haupt strasse")
        )
        self.assertEqual(a.normalize_street_parts("", None), (None, None))
        self.assertEqual(
            a.normalize_street_parts("12-14", "rue de la Paix"), ("12-14", "rue paix")
        )

    def test_bad_input_gives_no_key(self):
        for raw in (
            None,
            False,
            "",
            "   ",
            "!!!",
            "12",
            42,
            3.5,
            ["rue"],
            "x" * 10_000,
            "☎☎☎",
            "\x00",
        ):
            self.assertEqual(
                a.normalize_street(raw),
                (None, None) if raw != "12" else ("12", None),
                repr(raw)[:40],
            )
            self.assertIsNone(a.normalize_street2(raw), repr(raw)[:40])
        self.assertEqual(a.normalize_street_parts(object(), object()), (None, None))

    def test_a_post_box_is_the_address(self):
        box = keys("PO Box 45", None, "2000", "Sydney")
        self.assertEqual((box["house_number"], box["street_key"]), ("45", "pobox"))

    def test_lines_in_the_wrong_order(self):
        swapped = keys(
            "Résidence les Pins, Bât A", "12 rue de la Paix", "75002", "Paris"
        )
        self.assertEqual(swapped["street_key"], "rue paix")
        self.assertEqual(swapped["house_number"], "12")
        self.assertEqual(swapped["unit_key"], "bldg a")


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestStreet2ZipCity(BaseCase):
    def test_units(self):
        for raw, expected in (
            ("Bât. B, 3e étage, appt 12", "apt 12 bldg b floor 3"),
            ("Appartement 12, 1er étage", "apt 12 floor 1"),
            ("Wohnung 4, 2. OG", "apt 4 floor 2"),
            ("Haus 2, 3. Stock", "bldg 2 floor 3"),
            ("Flat 3", "apt 3"),
            ("Apt. 3", "apt 3"),
            ("Unit 3", "apt 3"),
            ("#3", "apt 3"),
            ("2nd floor", "floor 2"),
            ("Floor 2", "floor 2"),
            ("RDC", "floor 0"),
            ("Escalier B", "bldg b"),
            ("Building C", "bldg c"),
            ("PO Box 12", "box 12"),
            ("BP 12", "box 12"),
            ("apmnt 65", "apt 65"),
            ("Résidence les Pins", None),
            ("c/o Martin", None),
            ("Hinterhaus", None),
        ):
            self.assertEqual(a.normalize_street2(raw), expected, raw)

    def test_zips(self):
        for raw, country, expected in (
            ("75015", "FR", "75015"),
            ("75 015", None, "75015"),
            ("F-75015", None, "75015"),
            ("D-79098", "DE", "79098"),
            ("1000", "FR", "01000"),
            ("1000", "AU", "1000"),
            ("sw1a 1aa", "GB", "SW1A1AA"),
            ("12345-6789", "US", "12345"),
            (75015, None, "75015"),
            ("", None, None),
            ("abc", None, None),
            ("1" * 50, None, None),
            (None, None, None),
            (False, "FR", None),
        ):
            self.assertEqual(a.normalize_zip(raw, country), expected, repr(raw))

    def test_cities(self):
        for expected, cities in (
            (
                "paris",
                (
                    "Paris",
                    "PARIS",
                    "Paris 15e",
                    "Paris 15ème arrondissement",
                    "Paris XVe",
                    "Paris Cedex 08",
                ),
            ),
            ("lyon", ("Lyon 3e", "Lyon 3e arrondissement", "LYON CEDEX 03")),
            (
                "st etienne",
                ("Saint-Étienne", "St Etienne", "ST-ETIENNE", "Saint Etienne"),
            ),
            ("st foy", ("Sainte-Foy", "Ste Foy")),
            ("freiburg", ("Freiburg im Breisgau", "Freiburg i. Br.", "Freiburg")),
            (
                "frankfurt",
                (
                    "Frankfurt am Main",
                    "Frankfurt a. M.",
                    "Frankfurt/Main",
                    "Frankfurt (Oder)",
                ),
            ),
            ("koln", ("Köln", "Koeln", "KOELN")),
            ("pont a mousson", ("Pont-à-Mousson",)),
            ("boulogne sur mer", ("Boulogne-sur-Mer",)),
            ("st kilda east", ("St Kilda East", "Saint Kilda East")),
        ):
            for city in cities:
                self.assertEqual(a.normalize_city(city), expected, city)
        for raw in (None, False, "", "75015", "x" * 10_000, 42):
            self.assertIsNone(a.normalize_city(raw), repr(raw)[:40])

    def test_states_and_countries(self):
        self.assertEqual(a.normalize_state("N.S.W."), "nsw")
        self.assertEqual(a.normalize_state("nsw"), "nsw")
        self.assertIsNone(a.normalize_state(None))
        self.assertEqual(a.normalize_country("fr"), "FR")
        for raw in (None, False, "", "FRA", "1", 33):
            self.assertIsNone(a.normalize_country(raw), repr(raw))


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestAddressKeys(BaseCase):
    def test_keys(self):
        result = keys("12 bis rue de la Paix", "Bât B", "75002", "Paris 2e", None, "FR")
        self.assertEqual(
            result,
            {
                "address_key": "12b|rue paix",
                "street_key": "rue paix",
                "house_number": "12b",
                "unit_key": "bldg b",
                "zip_key": "75002",
                "city_key": "paris",
                "state_key": None,
                "country_key": "FR",
                "address_block_key": "75002|12b|paix",
                "street_sound_key": "paris|P2",
                "zip_sound_key": "75002|P2",
                "house_street_key": "12b|paix",
                "place_key": None,
            },
        )
        self.assertEqual(set(result), set(a.ADDRESS_KEY_FIELDS))

    def test_same_address_same_look_up_keys(self):
        one = keys("Hauptstraße 12", None, "79098", "Freiburg im Breisgau", None, "DE")
        two = keys("Hauptstr. 12", "", "79098", "Freiburg", None, "DE")
        for field in (
            "address_key",
            "address_block_key",
            "street_sound_key",
            "zip_sound_key",
            "house_street_key",
        ):
            self.assertEqual(one[field], two[field], field)

    def test_street_sound(self):
        self.assertEqual(a.street_sound("marrakai"), a.street_sound("marakai"))
        self.assertEqual(a.street_sound("marrakai"), a.street_sound("marrakay"))
        self.assertNotEqual(a.street_sound("marrakai"), a.street_sound("lambert"))
        # Typos at the end of a long name keep the key.
        self.assertEqual(a.street_sound("lambert"), a.street_sound("lambertm"))
        self.assertIsNone(a.street_sound(""))
        self.assertIsNone(a.street_sound(None))

    def test_no_street_no_address_key(self):
        result = keys(None, None, "75002", "Paris")
        self.assertIsNone(result["address_key"])
        self.assertIsNone(result["address_block_key"])
        self.assertEqual(result["zip_key"], "75002")

    def test_bad_input_never_raises(self):
        for value in (None, False, 0, 12, "", "x" * 10_000, "\x00", "☎", ["a"], {}):
            result = keys(value, value, value, value, value, value)
            self.assertEqual(set(result), set(a.ADDRESS_KEY_FIELDS))


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestCompareAddress(BaseCase):
    PAIX = ("12 rue de la Paix", None, "75002", "Paris", None, "FR")

    def level(self, one, two, shared_count=1):
        result = a.compare_address(keys(*one), keys(*two), shared_count)
        reverse = a.compare_address(keys(*two), keys(*one), shared_count)
        self.assertEqual(result, reverse, "symmetric")
        return result and result[0]

    def test_same(self):
        for other in (
            ("12, r. de la paix", "", "75 002", "PARIS 2E", None, "FR"),
            ("12 rue de la Paix", "appt 3", "75002", "Paris", None, "FR"),
            ("12 rue de la Paix", None, None, "Paris", None, "FR"),  # no zip
            ("12 rue de la Paix", None, "75002", None, None, "FR"),  # no city
            ("12 rue de la Paix", None, "75020", "Paris", None, "FR"),  # zip typo
            ("rue de la Paix 12", None, "75002", "Paris", None, None),
        ):
            self.assertEqual(self.level(self.PAIX, other), "same", other)
        self.assertEqual(
            self.level(
                ("Hauptstraße 12", None, "79098", "Freiburg im Breisgau", None, "DE"),
                ("Haupt Strasse 12", None, None, "Freiburg i. Br.", None, "DE"),
            ),
            "same",
        )

    def test_same_weight_and_shared_addresses(self):
        one, two = keys(*self.PAIX), keys(*self.PAIX)
        same = weight("same")
        self.assertEqual(a.compare_address(one, two), ("same", same))
        self.assertEqual(a.compare_address(one, two, 2), ("same", same))
        # A household's few leads share it at no cost; a building's more.
        household = evidence.HOUSEHOLD_MAX
        self.assertEqual(a.compare_address(one, two, household), ("same", same))
        self.assertEqual(a.compare_address(one, two, household + 3), ("same", same - 2))
        self.assertEqual(a.compare_address(one, two, 10_000), ("same", 0.5))
        for bad in (None, 0, -3, "x", 2.5, True):
            self.assertEqual(a.compare_address(one, two, bad), ("same", same))

    def test_near(self):
        for other in (
            ("rue de la Paix", None, "75002", "Paris", None, "FR"),  # no number
            ("21 rue de la Paix", None, "75002", "Paris", None, "FR"),  # 12/21
            ("12 rue de la Piax", None, "75002", "Paris", None, "FR"),  # typo
            ("12 rue de la Paix", None, "75015", "Paris", None, "FR"),  # zip
            ("12 rue de la Paix", None, None, None, None, None),  # no town
            ("12b rue de la Paix", None, "75002", "Paris", None, "FR"),  # suffix
            ("12 avenue de la Paix", None, "75002", "Paris", None, "FR"),
        ):
            self.assertEqual(self.level(self.PAIX, other), "near", other)
        self.assertEqual(
            self.level(
                ("4 marrakai srteet", None, "2153", "munruben"),
                ("4 marrakai street", None, "2153", "munruben"),
            ),
            "near",
        )
        self.assertEqual(
            self.level(
                ("4 aspinalls treet", None, "2153", "munruben"),
                ("4 aspinall street", None, "2153", "munruben"),
            ),
            "same",  # the same once the spaces go
        )

    def test_ranges_hold_their_numbers(self):
        self.assertEqual(
            self.level(self.PAIX, ("12-14 rue de la Paix", None, "75002", "Paris")),
            "same",
        )

    def test_house_number_typos(self):
        # A digit left out or two swapped: a typo; a digit changed: a house.
        for number in ("2", "120", "21"):
            other = (f"{number} rue de la Paix", None, "75002", "Paris", None, "FR")
            self.assertEqual(self.level(self.PAIX, other), "near", other)

    def test_neighbours(self):
        # A few doors away on the same side: neighbours, evidence against.
        for number in ("14", "16", "8", "22", "4"):
            other = (f"{number} rue de la Paix", None, "75002", "Paris", None, "FR")
            self.assertEqual(self.level(self.PAIX, other), "neighbours", other)
        self.assertLess(weight("neighbours"), 0)

    def test_same_street_far_away_or_across(self):
        # Further away or across the street: as often a number mistyped.
        for number in ("30", "13", "82", "109"):
            other = (f"{number} rue de la Paix", None, "75002", "Paris", None, "FR")
            self.assertEqual(self.level(self.PAIX, other), "same_street", other)
        # The street with a typo is still the street; another type of the
        # same name may be another street.
        typo = ("30 rue de la Piax", None, "75002", "Paris", None, "FR")
        self.assertEqual(self.level(self.PAIX, typo), "same_street")
        avenue = ("30 avenue de la Paix", None, "75002", "Paris", None, "FR")
        self.assertEqual(self.level(self.PAIX, avenue), "other")
        self.assertEqual(
            self.level(
                ("29 throsby cerscent", None, "6312", "paralowie", "vic", "AU"),
                ("8 throsby crescent", None, "6312", "paralowie", "vic", "AU"),
            ),
            "same_street",
        )
        self.assertGreater(weight("same_street"), 0)
        self.assertLess(weight("same_street"), weight("near"))

    def test_flats_of_one_building(self):
        self.assertEqual(
            self.level(
                ("12 rue de la Paix", "appt 3", "75002", "Paris"),
                ("12 rue de la Paix", "Appartement 5", "75002", "Paris"),
            ),
            "same_other_unit",
        )
        self.assertEqual(
            self.level(
                ("Flat 3, 10 High Street", None, "SW1A 1AA", "London", None, "GB"),
                ("10 High St", "Flat 4", "SW1A1AA", "London", None, "GB"),
            ),
            "same_other_unit",
        )
        self.assertLess(weight("same_other_unit"), 0)

    def test_same_street_elsewhere(self):
        for other in (
            ("12 rue de la Paix", None, "69002", "Lyon", None, "FR"),
            ("12 rue de la Paix", None, None, "Lyon", None, "FR"),
        ):
            self.assertEqual(self.level(self.PAIX, other), "street_elsewhere", other)
        # Two Frankfurts, two parts of Berlin: the zips tell them apart.
        self.assertEqual(
            self.level(
                ("Hauptstraße 12", None, "60311", "Frankfurt am Main"),
                ("Hauptstraße 12", None, "15230", "Frankfurt (Oder)"),
            ),
            "street_elsewhere",
        )
        # Both in one state: the zip mistyped, most often (FEBRL's Mentone
        # 3201 and Mentone 2316, Victoria); in two states, two towns.
        mentone = ("43 cullen street", None, "3201", "mentone", "vic", "AU")
        for state, level in (("vic", "near"), ("nsw", "street_elsewhere")):
            other = ("43 cullen street", None, "2316", "Mentone", state, "AU")
            self.assertEqual(self.level(mentone, other), level, state)
        self.assertEqual(weight("street_elsewhere"), 0)

    def test_other(self):
        for other in (
            ("3 avenue Foch", None, "75016", "Paris", None, "FR"),
            ("3 avenue Foch", None, "69006", "Lyon", None, "FR"),
            ("12 rue de la Paix", None, "75002", "Paris", None, "BE"),
            ("3 avenue Foch", None, "75002", "Paris", None, "FR"),
        ):
            self.assertEqual(self.level(self.PAIX, other), "other", other)
        self.assertLess(weight("other"), 0)

    def test_another_street_same_number_and_town(self):
        self.assertEqual(
            self.level(self.PAIX, ("12 avenue Foch", None, "75002", "Paris")),
            "other_street",
        )
        self.assertEqual(
            self.level(self.PAIX, ("12 avenue Foch", None, "69002", "Lyon")),
            "other",
        )

    def test_two_things_off(self):
        # Two typos in one town, or the zip mistyped with the street.
        self.assertEqual(
            self.level(
                ("47 Maranoaa Street", None, "6152", "Rowville", None, "AU"),
                ("74 Maranoa Street", None, "6152", "Rowvile", None, "AU"),
            ),
            "near",
        )
        self.assertEqual(
            self.level(
                ("75 finn street", None, "2727", "mirrabooka", None, "AU"),
                ("75 finn sgret", None, "2770", "mirraboo ka", None, "AU"),
            ),
            "near",
        )
        # Not the number and the town both.
        self.assertIsNone(
            self.level(
                ("47 Maranoaa Street", None, "6152", "Rowville", None, "AU"),
                ("74 Maranoa Street", None, "6198", "Rowville", None, "AU"),
            )
        )

    def test_street_left_out(self):
        self.assertEqual(
            self.level(self.PAIX, ("12", None, "75002", "Paris", None, "FR")), "near"
        )
        for other in (
            ("14", None, "75002", "Paris", None, "FR"),  # another number
            ("12", None, "69002", "Lyon", None, "FR"),  # another town
            (None, None, "75002", "Paris", None, "FR"),  # no number
        ):
            self.assertIsNone(self.level(self.PAIX, other), other)

    def test_missing_is_neutral(self):
        for other in (
            (None, None, "75002", "Paris", None, "FR"),
            ("", "", "", "", None, None),
            (False, False, False, False, False, False),
        ):
            self.assertIsNone(self.level(self.PAIX, other), other)
        self.assertIsNone(
            self.level(
                ("12", None, "75002", "Paris", None, "FR"),
                ("12", None, "75002", "Paris", None, "FR"),
            ),
            "no street on either side",
        )
        self.assertIsNone(a.compare_address(None, keys(*self.PAIX)))
        self.assertIsNone(a.compare_address({}, {}))
        self.assertIsNone(a.compare_address("garbage", 42))

    def test_levels_are_the_tables(self):
        """Every level ``address_level`` gives is in the table of evidence,
        with the household (decided with the names)."""
        levels = {level.key for level in evidence.LEVELS if level.field == "address"}
        self.assertEqual(
            levels,
            {
                "same",
                "near",
                "same_street",
                "neighbours",
                "same_other_unit",
                "street_elsewhere",
                "other_street",
                "other",
                "household",
            },
        )


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestPlaces(BaseCase):
    """A second address line naming no flat: a residence, an estate, a
    hamlet (FEBRL's address_2)."""

    def test_place_keys(self):
        self.assertEqual(
            keys("12 rue de la Paix", "Résidence les Pins", "75002", "Paris")[
                "place_key"
            ],
            "residence pins",
        )
        # A flat, a floor, a building or a box is a unit, no place.
        for unit in ("appt 3", "Bât. B", "3e étage", "BP 45", "Flat 4"):
            self.assertIsNone(keys("12 rue de la Paix", unit)["place_key"], unit)
        # The lines in the wrong order: the first line is the place.
        swapped = keys("Résidence les Pins", "12 rue de la Paix", "75002", "Paris")
        self.assertEqual(swapped["street_key"], "rue paix")
        self.assertEqual(swapped["place_key"], "residence pins")

    def test_a_house_number_alone_goes_with_the_place(self):
        """A form's house number field, the place in the next line: the
        place is the street."""
        one = keys("15", "Jodayne", "4034", "Auburn", "vic", "AU")
        self.assertEqual((one["house_number"], one["street_key"]), ("15", "jodayne"))
        self.assertIsNone(one["place_key"])
        two = keys("15", "jodayne", "4043", "auburn", "vic", "AU")
        self.assertEqual(a.address_level(one, two), "same")
        # A flat in the next line stays a flat.
        self.assertEqual(keys("15", "Apt 3")["unit_key"], "apt 3")

    def test_lines_typed_in_each_other_s_place(self):
        """FEBRL's swapped values: the street in the second line, the place
        in the first; the street is then nearly the same (a house number
        far away: the same street)."""
        one = keys("8 budgerie", "tungun wtreet", "3015", "stoynfell", "vic", "AU")
        two = keys("91 tungun street", "budgerei", "3015", "stonyfell", "vic", "AU")
        self.assertEqual(a.address_level(one, two), "same_street")
        self.assertEqual(
            a.address_level(
                keys("8 tungun street", "budgerie", "3015", "stonyfell"),
                keys("8 budgerie", "tungun street", "3015", "stonyfell"),
            ),
            "same",  # the street type tells the lines apart
        )
        # Another street, each with its own place: another address.
        self.assertEqual(
            a.address_level(
                keys("8 tungun street", "budgerie", "3015", "stonyfell"),
                keys("8 budgerie", "maple lodge", "3015", "stonyfell"),
            ),
            "other_street",
        )

    def test_compare_place(self):
        paix = keys("12 rue de la Paix", "Résidence les Pins", "75002", "Paris")
        for other in (
            keys("40 rue de la Paix", "Residence Les Pins", "75002", "Paris"),
            keys("40 rue de la Paix", "Résidence les Pnis", "75002", "Paris"),
            keys("40 rue de la Paix", "Résidence les Pins"),  # no town
        ):
            self.assertEqual(
                a.compare_place(paix, other),
                ("same", evidence.level("place", "same").bits),
            )
        for other in (
            keys("12 rue de la Paix", "Résidence les Chênes", "75002", "Paris"),
            keys("12 rue de la Paix", None, "75002", "Paris"),
            keys("12 rue de la Paix", "appt 3", "75002", "Paris"),
            # A place of the same name in another town says nothing.
            keys("12 rue de la Paix", "Résidence les Pins", "69002", "Lyon"),
            None,
        ):
            self.assertIsNone(a.compare_place(paix, other), other)
        self.assertGreater(evidence.level("place", "same").bits, 0)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestHousehold(BaseCase):
    def test_households(self):
        for person_a, person_b in (
            ("martin pierre", "martin sophie"),  # another first name
            ("martin pierre", "dubois sophie"),  # whatever the surname
        ):
            self.assertTrue(a.same_household("same", person_a, person_b))
        # The same address typed another way.
        self.assertTrue(a.same_household("near", "martin pierre", "martin sophie"))

    def test_not_households(self):
        for level, person_a, person_b in (
            ("same", "martin pierre", "martin pierre"),  # the same person
            ("same", "martin pierre", "martin p"),  # an initial
            ("same", "martin pierre", "martn pierre"),  # a typo
            ("same", "martin", "martin pierre"),  # one name missing
            ("same", None, "martin pierre"),  # no name
            ("neighbours", "martin pierre", "martin sophie"),
            ("same_street", "martin pierre", "martin sophie"),
            ("same_other_unit", "martin pierre", "martin sophie"),
            ("other", "martin pierre", "martin sophie"),
            (None, "martin pierre", "martin sophie"),
        ):
            self.assertFalse(a.same_household(level, person_a, person_b), person_b)

    def test_a_new_surname_is_no_household(self):
        # Marie Dupont, née Martin: the first name tells a new surname from
        # another person.
        self.assertFalse(
            a.same_household("same", "dupont marie", "marie martin", "marie", "marie")
        )
        self.assertTrue(
            a.same_household(
                "same", "martin pierre", "martin sophie", "pierre", "sophie"
            )
        )

    def test_a_building_is_no_household(self):
        many = evidence.HOUSEHOLD_MAX + 1
        self.assertTrue(
            a.same_household("same", "martin pierre", "martin sophie", shared_count=2)
        )
        self.assertFalse(
            a.same_household(
                "same", "martin pierre", "martin sophie", shared_count=many
            )
        )
