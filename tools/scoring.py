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

from . import evidence
from .evidence import DUPLICATE_SCORE, POSSIBLE_SCORE

DUPLICATE, POSSIBLE, RELATED = "duplicate", "possible", "related"

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
_SEPARATORS = re.compile(r"[._-]")


@dataclass(frozen=True)
class LeadProfile:
    """What a lead is compared on (normalised by ``tools.normalize``)."""

    id: int
    email: str | None = None  # mailbox key
    email_domain: str | None = None  # company domain (None: public provider)
    phone: str | None = None  # E.164
    person: str | None = None  # person name key (words sorted)
    company: str | None = None  # company name key (legal forms removed)
    partner_id: int | None = None
    commercial_partner_id: int | None = None
    is_opportunity: bool = False
    title: str | None = None  # title key
    revenue: float = 0.0
    # How many leads share the value (the lead itself included).
    email_count: int = 1
    phone_count: int = 1
    partner_count: int = 1


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
    related: bool = False  # same organisation or customer
    exact: bool = False  # sure enough to merge without a person looking

    def klass(self, duplicate_score=DUPLICATE_SCORE, possible_score=POSSIBLE_SCORE):
        """The class for a company's thresholds (None: not similar)."""
        if self.score >= duplicate_score:
            return DUPLICATE
        if self.score >= possible_score:
            return POSSIBLE
        return RELATED if self.related else None


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
        return _part("email", "same_name_elsewhere")
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


def _initials_agree(words_a, words_b):
    """ "j dupont" and "jean dupont": one first name is the other's initial."""
    if len(words_a) != len(words_b):
        return False
    short = [w for w in words_a if len(w) == 1]
    if not short and not [w for w in words_b if len(w) == 1]:
        return False
    rest_a = [w for w in words_a if len(w) > 1]
    rest_b = [w for w in words_b if len(w) > 1]
    common = set(rest_a) & set(rest_b)
    if not common:
        return False
    left_a = [w for w in words_a if w not in common]
    left_b = [w for w in words_b if w not in common]
    return len(left_a) == len(left_b) == 1 and left_a[0][0] == left_b[0][0]


def _words_agree(words_a, words_b, threshold=0.88):
    """Every word of the shorter name has a near twin in the other (typos,
    Catherine and Katherine, Zimmermann and Zimmerman), in any order; one
    extra word (a middle name) is allowed."""
    short, long_ = sorted((words_a, words_b), key=len)
    if not short or len(long_) - len(short) > 1:
        return False
    left = list(long_)
    for word in short:
        best = max(left, key=lambda other: JaroWinkler.similarity(word, other))
        if JaroWinkler.similarity(word, best) < threshold:
            return False
        left.remove(best)
    return True


def _names(field, name_a, name_b):
    """Two names compared word by word: ``(contribution, None)`` when one is
    missing (no contribution) or they are the same, else ``(None, (words of
    each))``."""
    if not name_a or not name_b:
        return None, None
    if name_a == name_b:
        return _part(field, "same"), None
    return None, (name_a.split(), name_b.split())


def compare_person(a, b):
    decided, words = _names("person", a.person, b.person)
    if not words:
        return decided
    words_a, words_b = words
    if _initials_agree(words_a, words_b):
        return _part("person", "initials")
    if _words_agree(words_a, words_b):
        return _part("person", "near")
    if set(words_a) & {w for w in words_b if len(w) > 2}:
        return _part("person", "other_first_name")
    return _part("person", "other")


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


COMPARATORS = (
    compare_email,
    compare_phone,
    compare_person,
    compare_company,
    compare_customer,
    compare_deal,
)


# ------------------------------------------------------------
# THE PAIR
# ------------------------------------------------------------


def compare(a, b):
    """The comparison of two lead profiles, its parts strongest first."""
    parts = [part for comparator in COMPARATORS if (part := comparator(a, b))]
    parts.sort(key=lambda part: -abs(part.weight))
    score = round(sum(part.weight for part in parts), 2)
    return Comparison(
        score=score,
        contributions=tuple(parts),
        related=_same_organisation(a, b),
        exact=_is_exact(parts, a.is_opportunity and b.is_opportunity),
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


def _is_exact(parts, both_opportunities=False):
    """Sure enough to merge without a person looking (mass merges, lead
    assignment): the same mailbox or number of a person, names that agree,
    nothing at all against it (a lead asking something else than an
    opportunity is against it) and, for two opportunities, the same deal: a
    customer's several deals are never merged in bulk."""
    levels = {part.field: part.level for part in parts}
    same_person_contact = levels.get("email") == "same" or levels.get("phone") == "same"
    names_agree = levels.get("person") in ("same", "initials", "near")
    nothing_against = all(part.weight >= 0 for part in parts)
    same_deal = levels.get("deal") == "same" or not both_opportunities
    return same_person_contact and names_agree and nothing_against and same_deal
