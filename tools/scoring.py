"""How alike two leads are: each field compared, its level weighed.

Each compared field falls in one level (same, near, different, missing...)
and each level weighs what the table of evidence says (``tools.evidence``);
the weights add up to the score, so the score is explained by its parts.
Pure functions: the ORM layer builds a ``LeadProfile`` per lead and calls
``compare``.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from . import address, evidence, normalize
from .evidence import DUPLICATE_SCORE, POSSIBLE_SCORE

DUPLICATE, POSSIBLE, RELATED = "duplicate", "possible", "related"
#: Related: two people of one household (``evidence``'s household level).
HOUSEHOLD = "household"

#: Mailboxes of a role, not of a person: shared by colleagues.
ROLE_MAILBOXES = frozenset(
    [
        "info",
        "contact",
        "contacts",
        "hello",
        "bonjour",
        "hallo",
        "kontakt",
        "office",
        "admin",
        "sales",
        "vente",
        "ventes",
        "vertrieb",
        "support",
        "service",
        "services",
        "accueil",
        "commercial",
        "team",
        "mail",
        "email",
        "post",
        "enquiries",
        "inquiries",
        "reception",
        "secretariat",
        "direction",
        "buero",
        "buro",
        "noreply",
        "no-reply",
    ]
)

#: Words of a title that say how a request came, not what it is about.
REQUEST_WORDS = frozenset(
    """demande devis rappel offre formulaire contact site web internet nouvelle
    nouveau projet estimation de du des la le les un une pour sur a au aux et
    en anfrage angebot ruckruf kostenvoranschlag formular webseite neue neues
    neuer projekt fur von der die das und mit im zum zur quote request
    callback enquiry inquiry website web form new project estimate proposal
    proposition vorschlag for the a an of and to in on with""".split()  # noqa: SIM905 - a list of words, to read
)

_DIGITS = re.compile(r"\d+")
#: Person levels of two names that can be one person's.
NAMES_AGREE = frozenset({"same", "typo", "initials", "near", "partial"})
_SEPARATORS = re.compile(r"[._-]")


@dataclass(frozen=True)
class LeadProfile:
    """What a lead is compared on (normalised by ``tools.normalize``)."""

    id: int
    email: str | None = None  # mailbox key
    email_domain: str | None = None  # company domain (None: public provider)
    phone: str | None = None  # E.164
    person: str | None = None  # person name key (words sorted)
    first_name: str | None = None  # ``normalize.person_first_name``
    company: str | None = None  # company name key (legal forms removed)
    partner_id: int | None = None
    commercial_partner_id: int | None = None
    is_opportunity: bool = False
    title: str | None = None  # title key
    revenue: float = 0.0
    # An opportunity someone has worked: past the first stage, an expected
    # revenue, an activity or a quotation (a new one is a request).
    worked: bool = False
    # ``address.address_keys`` (None: no address).
    address: dict | None = None
    # How many leads share the value (the lead itself included).
    email_count: int = 1
    phone_count: int = 1
    partner_count: int = 1
    address_count: int = 1  # of the address look-up key (``address_block_key``)


@dataclass(frozen=True)
class Contribution:
    """One field's part of a score."""

    field: str  # a field of ``evidence.FIELDS``
    level: str  # a level of that field in ``evidence.LEVELS``
    weight: float


def _part(field_key, level_key, count=2):
    """The contribution of a level, its value shared by ``count`` leads."""
    return Contribution(
        field_key, level_key, evidence.level(field_key, level_key).weight(count)
    )


@dataclass(frozen=True)
class Comparison:
    score: float
    contributions: tuple = field(default_factory=tuple)
    related: bool = False  # same organisation, customer, person or household
    exact: bool = False  # sure enough to merge without a person looking
    # Related through a person (a mailbox, a number, a customer contact) or
    # a household, not only an organisation: stored whatever the score.
    personal: bool = False

    @classmethod
    def stored(cls, score, related, contributions):
        """A comparison as a stored pair gives it back (``contributions`` as
        ``[field, level, weight]``)."""
        parts = tuple(Contribution(*part[:3]) for part in contributions or ())
        return cls(score, parts, related=related)

    @property
    def household(self):
        return any(
            part.field == "address" and part.level == "household"
            for part in self.contributions
        )

    def klass(self, duplicate_score=DUPLICATE_SCORE, possible_score=POSSIBLE_SCORE):
        """The class for a company's thresholds (None: not similar). A
        household is related whatever the score."""
        if self.household:
            return HOUSEHOLD
        if self.score >= duplicate_score:
            return DUPLICATE
        if self.score >= possible_score:
            return POSSIBLE
        return RELATED if self.related else None

    def kept(self, min_score):
        """Whether the pair is stored: from ``min_score``, or related through
        a person or a household, whatever the score (colleagues of one
        organisation only are found when a lead is opened:
        ``detection.related_colleagues``; a big account's thousands are not
        stored)."""
        return self.score >= min_score or self.personal


# ------------------------------------------------------------
# FIELDS
# ------------------------------------------------------------


def compare_email(a, b):
    if not a.email or not b.email:
        return None
    local_a, _at, _domain_a = a.email.partition("@")
    local_b, _at, _domain_b = b.email.partition("@")
    if a.email == b.email:
        count = max(a.email_count, b.email_count)
        return _part("email", "role" if local_a in ROLE_MAILBOXES else "same", count)
    if a.email_domain and a.email_domain == b.email_domain:
        return _part("email", "colleagues")
    if a.email_domain and b.email_domain:
        return _part("email", "other_company")
    same_local = _SEPARATORS.sub("", local_a) == _SEPARATORS.sub("", local_b)
    personal = local_a not in ROLE_MAILBOXES and len(local_a) >= 5
    if same_local and personal and not a.email_domain and not b.email_domain:
        # The mailboxes' name is evidence of the contact's name: when the
        # names agree already, it is the same evidence again.
        again = person_level(a, b) in NAMES_AGREE
        return _part("email", "name_elsewhere" if again else "same_name_elsewhere")
    return _part("email", "other")


def compare_phone(a, b):
    if not a.phone or not b.phone:
        return None
    if a.phone == b.phone:
        count = max(a.phone_count, b.phone_count)
        # A switchboard's number: shared by so many (4 or more) that it lost
        # more than a bit.
        shared = evidence.shared_by(count) > 1
        return _part("phone", "shared" if shared else "same", count)
    return _part("phone", "other")


def _names(field, name_a, name_b):
    """Two names compared word by word: ``(contribution, None)`` when one is
    missing (no contribution) or they are the same, else ``(None, (words of
    each))``."""
    if not name_a or not name_b:
        return None, None
    if name_a == name_b:
        return _part(field, "same"), None
    return None, (name_a.split(), name_b.split())


def person_level(a, b):
    """How the two contact names compare (``normalize.NAME_LEVELS``), or None
    when one is missing."""
    if not a.person or not b.person:
        return None
    return normalize.person_name_level(a.person, b.person, a.first_name, b.first_name)


def compare_person(a, b):
    """Names as people write them (``normalize.person_name_level``): in any
    order, initials, typos, transliterations, one of the two names missing."""
    level = person_level(a, b)
    if level == "other_surname" and _one_home(a, b):
        level = "new_surname"
    return _part("person", level) if level else None


def _one_home(a, b):
    """The two leads' addresses are one home's (``address.one_home``)."""
    level = address.address_level(a.address, b.address)
    return address.one_home(level, _address_count(a, b))


def _branch_marks(words_a, words_b):
    """Numbers, and the one word each name has that the other lacks when
    they share the rest (not a typo of each other): what tells two branches
    of one brand apart."""
    numbers_a = set(_DIGITS.findall(" ".join(words_a)))
    numbers_b = set(_DIGITS.findall(" ".join(words_b)))
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return True
    only_a, only_b = set(words_a) - set(words_b), set(words_b) - set(words_a)
    shared = set(words_a) & set(words_b)
    if not shared or len(only_a) != 1 or len(only_b) != 1:
        return False
    (word_a,), (word_b,) = only_a, only_b
    return JaroWinkler.similarity(word_a, word_b) < 0.88


def compare_company(a, b):
    decided, words = _names("company", a.company, b.company)
    if not words:
        return decided
    if _branch_marks(*words):
        return _part("company", "other_branch")
    if fuzz.token_sort_ratio(a.company, b.company) >= 90:
        return _part("company", "near")
    return _part("company", "other")


def compare_customer(a, b):
    if not a.partner_id or not b.partner_id:
        return None
    if a.partner_id == b.partner_id:
        return _part("customer", "same", max(a.partner_count, b.partner_count))
    if a.commercial_partner_id and a.commercial_partner_id == b.commercial_partner_id:
        return _part("customer", "colleagues")
    return _part("customer", "other")


def compare_deal(a, b):
    """The titles: saying the same is the same request; clearly different on
    two opportunities, two deals. A lead's title is often a form's name or an
    abbreviation ("PAB + PAG" for "poêle à granulés"): when it differs, it
    says nothing."""
    title_a, title_b = _request_words(a, b, a.title), _request_words(a, b, b.title)
    if not title_a or not title_b:
        return None
    similarity = fuzz.token_set_ratio(title_a, title_b)
    if similarity >= 80 or fuzz.partial_ratio(title_a, title_b) >= 90:
        return _part("deal", "same")
    if similarity >= 50 or not (a.is_opportunity or b.is_opportunity):
        return None  # two leads: titles of web forms say little
    if not (a.is_opportunity and b.is_opportunity):
        return _part("deal", "other_request")
    if not (a.worked and b.worked):
        # A new opportunity nobody has worked (a website form, an email, an
        # import): the same person asking again, not a second deal.
        return _part("deal", "new_request")
    low, high = sorted((a.revenue or 0.0, b.revenue or 0.0))
    return _part("deal", "other_amount" if low > 0 and high > 2 * low else "other")


def _request_words(a, b, title):
    """The words of a title that say what is asked: titles often repeat the
    contact's or the company's name and how the request came ("Martin -
    Demande de devis poêle"), which says nothing about the deal."""
    if not title:
        return ""
    noise = set(REQUEST_WORDS)
    for lead in (a, b):
        noise.update((lead.person or "").split(), (lead.company or "").split())
    return " ".join(
        word
        for word in title.split()
        if word not in noise and len(word) > 2 and not word.isdigit()
    )


def compare_address(a, b):
    """The postal addresses (``address.compare_address``); the same address
    with another first name is a household (``address.same_household``)."""
    count = _address_count(a, b)
    compared = address.compare_address(a.address, b.address, count)
    if not compared:
        return None
    level, weight = compared
    if address.same_household(
        level, a.person, b.person, a.first_name, b.first_name, count
    ):
        return _part("address", "household")
    return Contribution("address", level, weight)


def compare_place(a, b):
    """The second address lines naming no flat (``address.compare_place``)."""
    compared = address.compare_place(a.address, b.address)
    return Contribution("place", *compared) if compared else None


def _address_count(a, b):
    """How many leads share the two leads' address: counted when they share
    its look-up key, else unknown (two)."""
    block_a = (a.address or {}).get("address_block_key")
    block_b = (b.address or {}).get("address_block_key")
    if block_a and block_a == block_b:
        return max(a.address_count, b.address_count)
    return 2


COMPARATORS = (
    compare_email,
    compare_phone,
    compare_person,
    compare_company,
    compare_customer,
    compare_deal,
    compare_address,
    compare_place,
)


# ------------------------------------------------------------
# THE PAIR
# ------------------------------------------------------------


def compare(a, b):
    """The comparison of two lead profiles, its parts strongest first."""
    parts = [part for comparator in COMPARATORS if (part := comparator(a, b))]
    parts.sort(key=lambda part: -abs(part.weight))
    score = round(sum(part.weight for part in parts), 2)
    personal = _same_person_or_household(parts)
    return Comparison(
        score=score,
        contributions=tuple(parts),
        related=personal or _same_organisation(a, b),
        exact=_is_exact(parts, a.is_opportunity and b.is_opportunity),
        personal=personal,
    )


def _same_organisation(a, b):
    return bool(
        (a.email_domain and a.email_domain == b.email_domain)
        or (
            a.commercial_partner_id
            and a.commercial_partner_id == b.commercial_partner_id
        )
        or (a.partner_id and a.partner_id == b.partner_id)
    )


#: Levels that say "one person" (a customer's several deals) or "one
#: household", whatever else differs.
PERSONAL_LEVELS = frozenset(
    {
        ("email", "same"),
        ("phone", "same"),
        ("customer", "same"),
        ("address", "household"),
    }
)


def _same_person_or_household(parts):
    return any((part.field, part.level) in PERSONAL_LEVELS for part in parts)


def _is_exact(parts, both_opportunities=False):
    """Sure enough to merge without a person looking (mass merges, lead
    assignment): the same mailbox or number of a person, names that agree,
    nothing at all against it (a lead asking something else than an
    opportunity is against it) and, for two opportunities, the same deal: a
    customer's several deals are never merged in bulk."""
    levels = {part.field: part.level for part in parts}
    same_person_contact = levels.get("email") == "same" or levels.get("phone") == "same"
    names_agree = levels.get("person") in ("same", "typo", "initials", "near")
    nothing_against = all(part.weight >= 0 for part in parts)
    # Another house number or another town is no proof against, yet not for
    # a merge nobody looks at.
    same_address = levels.get("address") in (None, "same", "near")
    same_deal = levels.get("deal") == "same" or not both_opportunities
    return (
        same_person_contact
        and names_agree
        and nothing_against
        and same_address
        and same_deal
    )
