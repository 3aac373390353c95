"""The comparable keys of a lead, from its raw values.

Pure functions: the ORM layer stores the keys (indexed) and finds the leads
sharing them; ``scoring`` compares two leads on them.
"""

from typing import NamedTuple

from . import normalize

#: The lead's own fields its keys are computed from (with the countries of
#: its customer and company).
KEY_INPUTS = (
    "email_from",
    "phone",
    "contact_name",
    "partner_name",
    "name",
    "country_id",
)
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
