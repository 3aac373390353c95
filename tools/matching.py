"""Why two leads look alike, and how strongly.

Pure functions: the ORM layer finds which leads share which keys, this module
turns the shared keys (reasons) into a strength.
"""

from dataclasses import dataclass
from typing import NamedTuple

from . import normalize

STRONG, MEDIUM, WEAK, RELATED = 3, 2, 1, 0
#: Weakest strength that makes a lead a potential duplicate. ``RELATED``
#: leads (same company, other contact) are shown but never counted: seed 004
#: says colleagues of one organisation must not be merged.
DUPLICATE_STRENGTH = WEAK


@dataclass(frozen=True)
class Reason:
    code: str
    strength: int
    weight: int


REASONS = {
    reason.code: reason
    for reason in (
        Reason("partner", STRONG, 45),
        Reason("email", STRONG, 40),
        Reason("phone", STRONG, 35),
        Reason("names", MEDIUM, 25),
        Reason("title", WEAK, 10),
        Reason("domain", RELATED, 3),
        Reason("company", RELATED, 2),
    )
}


def match_strength(codes):
    """The strength of a match: that of its strongest reason (None if none)."""
    strengths = [REASONS[code].strength for code in codes]
    return max(strengths) if strengths else None


def is_duplicate(codes):
    strength = match_strength(codes)
    return strength is not None and strength >= DUPLICATE_STRENGTH


#: The stored keys of a lead, as ``lead_keys`` returns them.
KEY_FIELDS = (
    "similar_email_key",
    "similar_email_domain",
    "similar_phone_key",
    "similar_contact_key",
    "similar_company_key",
    "similar_title_key",
)


class Countries(NamedTuple):
    """ISO codes of the countries a lead's national phone number is read
    with, in this order: the lead's, its customer's, its company's, and the
    database's main company's (never the user's: a key must not depend on
    who saved the lead)."""

    lead: str | None = None
    customer: str | None = None
    company: str | None = None
    default: str | None = None


def lead_keys(
    email, phone, contact_name, company_name, title, countries, public_domains
):
    """The comparable keys of one lead, from its raw values.

    :param Countries countries: to read a national phone number with
    :param public_domains: mail domains that are no company's
    """
    email_key = normalize.normalize_email(email)
    return {
        "similar_email_key": email_key,
        "similar_email_domain": normalize.company_email_domain(
            email_key, public_domains
        ),
        "similar_phone_key": normalize.normalize_phone(phone, tuple(countries)),
        "similar_contact_key": normalize.normalize_person_name(contact_name),
        "similar_company_key": normalize.normalize_company_name(company_name),
        "similar_title_key": normalize.normalize_title(title),
    }
