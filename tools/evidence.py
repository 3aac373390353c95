"""The vocabulary of evidence, in one table: every level of every compared
field, how it is decided, its weight in bits, why, and the words users read.

The record-linkage model (Fellegi-Sunter): each level of a compared field
weighs, in bits, how much more often true duplicates show it than unrelated
leads do (log2 of m/u). Agreement adds, disagreement subtracts, a missing
value adds nothing, and the parts add up to the score, which they explain.
A value shared by many leads (a switchboard, ``info@``, a customer with
many deals) is weaker evidence: a level marked ``shared`` loses log2(n - 1)
bits when n leads share the value (``shared_by``).

The weights were set from what each level means, then checked on the
labelled evaluation the project ships (``bench/eval``). Scoring
(``tools/scoring.py``), explanations, the review queue's reasons, Settings
and the README's weight table (``dev/evidence-table``) all read this table:
adding a kind of evidence is adding its field and levels here, and its
comparison function in ``tools/scoring.py``.
"""

import math
from dataclasses import dataclass


def _lt(text):
    """Marks ``text`` for translation: Odoo's extractor reads ``_lt(...)``;
    the ORM layer translates the text with ``env._`` (this module imports
    no Odoo)."""
    return text


#: Default class thresholds (per company in Settings), chosen on the
#: labelled evaluation: few unrelated pairs reach 6, few duplicates stay
#: under 2.
DUPLICATE_SCORE = 6.0
POSSIBLE_SCORE = 2.0


@dataclass(frozen=True)
class Field:
    """A compared field: its key, its name and what agreeing on it says
    (the review queue's reason)."""

    key: str
    label: str
    agreement: str


@dataclass(frozen=True)
class Level:
    """One level of a compared field."""

    field: str
    key: str
    bits: float  # the weight, for a value two leads share (``shared``)
    when: str  # how the level is decided
    why: str  # why it weighs what it weighs
    label: str  # what users read (translated by the ORM layer)
    shared: bool = False  # lowered by log2(n - 1) when n leads share the value
    floor: float | None = None  # lowest weight once lowered
    # Leads beyond two that may share the value at no cost (a household's
    # several leads share its address): lowered by log2(n - 1 - spare).
    spare: int = 0

    def weight(self, count=2):
        """The weight when ``count`` leads share the value."""
        if not self.shared:
            return self.bits
        weight = self.bits - shared_by(count - self.spare)
        return weight if self.floor is None else max(weight, self.floor)


def shared_by(count):
    """Bits an agreement loses when the value is shared by ``count`` leads
    (two leads sharing it lose nothing)."""
    return math.log2(max(count - 1, 1))


FIELDS = (
    Field("email", _lt("Email"), _lt("Same email")),
    Field("phone", _lt("Phone"), _lt("Same phone")),
    Field("person", _lt("Contact name"), _lt("Same contact name")),
    Field("company", _lt("Company name"), _lt("Same company name")),
    Field("customer", _lt("Customer"), _lt("Same customer")),
    Field("deal", _lt("Deal"), _lt("Same deal")),
    Field("address", _lt("Address"), _lt("Same address")),
    Field("place", _lt("Building or place"), _lt("Same building or place")),
)

#: An address shared by more leads than this is a building (a block of
#: flats, a business centre, a post box), not a household: two people there
#: are two people, no household (the address weighs less, ``shared``).
HOUSEHOLD_MAX = 6

LEVELS = (
    # EMAIL
    Level(
        "email",
        "same",
        9.0,
        "same mailbox (case, display name, +tags, Gmail dots ignored)",
        "rarely shared by unrelated people once role mailboxes are set apart "
        "(u ~ 1/500), and most duplicates share one",
        _lt("Same email"),
        shared=True,
        floor=0.5,
    ),
    Level(
        "email",
        "role",
        3.0,
        "same role mailbox (info@, contact@, sales@...)",
        "says 'same organisation', not 'same person'",
        _lt("Same shared mailbox (info@, contact@...)"),
        shared=True,
    ),
    Level(
        "email",
        "same_name_elsewhere",
        3.0,
        "same personal name at two public providers",
        "a person who changed provider (pierre.martin@orange.fr, "
        "pierre.martin@gmail.com)",
        _lt("Same name at another mail provider"),
    ),
    Level(
        "email",
        "name_elsewhere",
        0.0,
        "same personal name at two public providers, the contact names agreeing",
        "the mailboxes repeat the names, counted once (by the contact name): "
        "namesakes write from firstname.lastname@ too",
        _lt("The contact's name at another mail provider"),
    ),
    Level(
        "email",
        "colleagues",
        -6.0,
        "two mailboxes of one company domain",
        "two colleagues",
        _lt("Another mailbox of the same company"),
    ),
    Level(
        "email",
        "other_company",
        -3.0,
        "two company domains",
        "two organisations",
        _lt("Another company's mail domain"),
    ),
    Level(
        "email",
        "other",
        -1.5,
        "two mailboxes, one of them public",
        "people have several addresses",
        _lt("Another email"),
    ),
    # PHONE
    Level(
        "phone",
        "same",
        7.0,
        "same number (E.164, read with the lead's, customer's or company's country)",
        "as strong as a mailbox, unless a switchboard shares it",
        _lt("Same phone"),
        shared=True,
        floor=0.0,
    ),
    Level(
        "phone",
        "shared",
        7.0,
        "same number, shared by 4 leads or more",
        "a switchboard or a call centre: lowered by how many share it",
        _lt("Same phone, shared by many leads"),
        shared=True,
        floor=0.0,
    ),
    Level(
        "phone",
        "other",
        -2.0,
        "two numbers",
        "a mobile and an office number of one person differ too",
        _lt("Another phone"),
    ),
    # PERSON
    Level(
        "person",
        "same",
        5.0,
        "same name (any order, accents, case)",
        "namesakes exist: never decides alone",
        _lt("Same contact name"),
    ),
    Level(
        "person",
        "typo",
        4.0,
        "every word there, a typo in one or two (a letter left out, added, "
        "changed, two swapped, a word split or glued)",
        "the way people mistype a name; another person's name is seldom one "
        "typo away, yet it is (Louis and Louise): less than the same name",
        _lt("Same contact name, with a typo"),
    ),
    Level(
        "person",
        "initials",
        3.0,
        "one first name is the other's initial",
        "forms and business cards abbreviate first names",
        _lt("Same contact name, with an initial"),
    ),
    Level(
        "person",
        "near",
        3.0,
        "a middle name more or less, or a typo beside an initial",
        "people drop middle names, but a father and his son (Jean and "
        "Jean-Paul Martin) differ by one too",
        _lt("Nearly the same contact name"),
    ),
    Level(
        "person",
        "partial",
        2.0,
        "one of the two names missing (Martin / Pierre Martin), or initials alone",
        "half a name: a surname alone never makes a duplicate, with an address "
        "or a mailbox it helps",
        _lt("Same name, one of the two names missing"),
    ),
    Level(
        "person",
        "other_surname",
        -2.0,
        "same first name, another surname",
        "a married name (Marie Dupont, née Martin), but more often two "
        "colleagues or relatives sharing a first name: a little against",
        _lt("Same first name, another surname"),
    ),
    Level(
        "person",
        "new_surname",
        1.0,
        "same first name, another surname, at the same address (or nearly) shared "
        f"by {HOUSEHOLD_MAX} leads at most",
        "a married name or a surname typed beyond recognition: two people of one "
        "home seldom share a first name (the household's mirror), yet a surname "
        "alone never makes a duplicate",
        _lt("Same first name at the same address, another surname"),
    ),
    Level(
        "person",
        "other_first_name",
        -4.0,
        "same surname, another first name",
        "relatives, colleagues",
        _lt("Same surname, another first name"),
    ),
    Level(
        "person",
        "other",
        -5.0,
        "another name",
        "two people",
        _lt("Another contact name"),
    ),
    # COMPANY
    Level(
        "company",
        "same",
        4.0,
        "same name (legal forms ignored)",
        "one organisation, or two of one name",
        _lt("Same company name"),
    ),
    Level(
        "company",
        "near",
        1.0,
        "nearly the same name",
        "typos, but also similar names of different companies",
        _lt("Nearly the same company name"),
    ),
    Level(
        "company",
        "other_branch",
        -4.0,
        "another number or town (Agence Lyon / Agence Nice)",
        "branches, not one company",
        _lt("Another branch (number or town)"),
    ),
    Level(
        "company",
        "other",
        -3.0,
        "another name",
        "two organisations",
        _lt("Another company name"),
    ),
    # CUSTOMER
    Level(
        "customer",
        "same",
        6.0,
        "same customer contact",
        "a person's own record, lowered when the customer has many leads "
        "(a customer with several deals)",
        _lt("Same customer"),
        shared=True,
        floor=0.0,
    ),
    Level(
        "customer",
        "colleagues",
        -3.0,
        "another contact of the same company",
        "colleagues",
        _lt("Another contact of the same customer"),
    ),
    Level(
        "customer",
        "other",
        -2.0,
        "another customer",
        "two customers, or a contact created twice",
        _lt("Another customer"),
    ),
    # DEAL
    Level(
        "deal",
        "same",
        1.5,
        "titles saying the same (reworded, shortened)",
        "the same request",
        _lt("Same deal"),
    ),
    Level(
        "deal",
        "other",
        -32.0,
        "two opportunities with clearly different titles",
        "a customer's several deals: outweighs all one person can agree on "
        "(email, phone, customer, name and company: 31 bits), since a person "
        "is no deal",
        _lt("Another deal (title)"),
    ),
    Level(
        "deal",
        "other_amount",
        -34.0,
        "... and amounts more than twice apart",
        "two deals, by their amounts too",
        _lt("Another deal (title and amount)"),
    ),
    Level(
        "deal",
        "other_request",
        -1.0,
        "a lead asking clearly else than an opportunity",
        "maybe a new request, maybe an abbreviated title ('PAB + PAG' for "
        "'poêle à granulés'): little weight, never merged in bulk",
        _lt("Another request (title)"),
    ),
    Level(
        "deal",
        "new_request",
        -1.0,
        "an opportunity nobody has worked yet (first stage, no expected revenue, "
        "no activity, no quotation) asking clearly else than another opportunity",
        "the same person writing again (a website form, an email, an import): a "
        "request to look at, not a second deal: little weight, never merged in "
        "bulk; two opportunities someone has worked are two deals",
        _lt("A new request (title)"),
    ),
    # ADDRESS (tools/address.py decides the level)
    Level(
        "address",
        "same",
        5.0,
        "same house number and street, with the zip or the town (types, "
        "abbreviations, accents, ß/ss, ä/ae, Saint/St and districts ignored)",
        "a household's own, rarely shared by unrelated people, yet a whole "
        "household shares it: never decides alone (a name must agree too); "
        f"the few leads of a household (up to {HOUSEHOLD_MAX}) share it at no "
        "cost, a block of flats, a business centre or a post box shared by "
        "more weighs less",
        _lt("Same address"),
        shared=True,
        floor=0.5,
        spare=HOUSEHOLD_MAX - 2,
    ),
    Level(
        "address",
        "near",
        3.0,
        "one or two things off: a typo in the street or the house number, the "
        "number, the zip, the street or its type left out, another zip of the "
        "town",
        "most often the same address typed twice",
        _lt("Nearly the same address"),
    ),
    Level(
        "address",
        "same_street",
        2.0,
        "same street and town, a house number far away or across the street",
        "most often a house number mistyped (one person's two leads); two homes "
        "of one street otherwise, which unrelated people seldom share: with the "
        "same name or one typo away, a duplicate; a middle name more or less "
        "(a father and his son) or half a name is not enough",
        _lt("Same street, another house number"),
    ),
    Level(
        "address",
        "neighbours",
        -2.0,
        "same street and town, a house a few doors away on the same side "
        "(another even or odd number, 10 apart at most)",
        "neighbours: true duplicates almost never show it, namesake neighbours "
        "(a father and his son) do",
        _lt("Neighbours (same street, a few doors away)"),
    ),
    Level(
        "address",
        "same_other_unit",
        -2.0,
        "same building, another flat, floor or staircase",
        "neighbours in one building, not one person",
        _lt("Same building, another flat"),
    ),
    Level(
        "address",
        "street_elsewhere",
        0.0,
        "a street of the same name in another town",
        "nothing in common: every town has its rue de la Gare and its Hauptstraße",
        _lt("Same street name in another town"),
    ),
    Level(
        "address",
        "other_street",
        1.0,
        "another street, the same house number and town",
        "a street typed beyond recognition or a building's name for it; "
        "unrelated people seldom share a town and a house number: a little for",
        _lt("Same house number and town, another street"),
    ),
    Level(
        "address",
        "other",
        -2.0,
        "another address",
        "people move, but rarely between two leads of theirs; unrelated people "
        "almost always show it",
        _lt("Another address"),
    ),
    Level(
        "address",
        "household",
        -32.0,
        "same address (or nearly), another first name, whatever the surname, "
        f"the address shared by {HOUSEHOLD_MAX} leads at most",
        "two people of one household (Pierre and Sophie Martin, or a couple "
        "of two names): related, never one person, even with one mailbox or "
        "phone: outweighs all one person can agree on, as two deals do",
        _lt("Same household (same address, another first name)"),
    ),
    # PLACE (tools/address.py decides the level)
    Level(
        "place",
        "same",
        2.0,
        "the same second address line naming no flat (a residence, an estate, "
        "a hamlet, a building's name), typed another way or not, the towns not "
        "apart",
        "a few homes share it, unrelated people seldom: with the name, it says "
        "one person whose street or house number was typed wrong; households, "
        "neighbours and flats are told by the names and the address; another "
        "place, or none, says nothing (a line people write or leave out)",
        _lt("Same building or place (second address line)"),
    ),
)

_BY_KEY = {(level.field, level.key): level for level in LEVELS}
_FIELDS = {field.key: field for field in FIELDS}


def level(field, key):
    """The level ``key`` of ``field`` (KeyError for an unknown one)."""
    return _BY_KEY[(field, key)]


def bits(field, key):
    return _BY_KEY[(field, key)].bits


def find(field, key):
    """The level, or None (pairs stored by an older version may name a level
    that is no more)."""
    return _BY_KEY.get((field, key))


def field(key):
    return _FIELDS.get(key)


def markdown_table():
    """The weight table of the README (``dev/evidence-table`` writes it);
    ``n``: how many leads share the value."""
    lines = ["| field | level | bits | when | why |", "|---|---|---:|---|---|"]
    shown = None
    for level_ in LEVELS:
        name = _FIELDS[level_.field].label.lower() if level_.field != shown else ""
        shown = level_.field
        weight = f"{level_.bits:+g}".replace("-", "−")
        if level_.shared:
            weight += f" − log2(n−{1 + level_.spare})"
        lines.append(
            f"| {name} | {level_.label} | {weight} | {level_.when} | {level_.why} |"
        )
    return "\n".join(lines) + "\n"
