"""The comparable keys of a lead, from its raw values.

Pure functions: the ORM layer stores the keys (indexed) and finds the leads
sharing them; ``scoring`` compares two leads on them.
"""

from typing import NamedTuple

from . import address, normalize, scoring

#: The lead's own fields its keys are computed from (with the countries of
#: its customer and company).
KEY_INPUTS = (
    "email_from",
    "phone",
    "contact_name",
    "partner_name",
    "name",
    "country_id",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
)
#: The stored address keys: ``{column: key of address.address_keys}``
#: (``address_key``, number and street, is not stored: the look-up key
#: counts the leads sharing an address).
ADDRESS_COLUMNS = {
    "similar_street_key": "street_key",
    "similar_house_number": "house_number",
    "similar_unit_key": "unit_key",
    "similar_zip_key": "zip_key",
    "similar_city_key": "city_key",
    "similar_state_key": "state_key",
    "similar_country_key": "country_key",
    "similar_address_block_key": "address_block_key",
    "similar_street_sound_key": "street_sound_key",
    "similar_zip_sound_key": "zip_sound_key",
    "similar_house_street_key": "house_street_key",
    "similar_place_key": "place_key",
}
#: The stored keys of a lead, as ``lead_keys`` returns them.
KEY_FIELDS = (
    "similar_email_key",
    "similar_email_domain",
    "similar_phone_key",
    "similar_contact_key",
    "similar_company_key",
    "similar_title_key",
    "similar_person_sound_key",
    "similar_name_street_key",
    *ADDRESS_COLUMNS,
)


class Address(NamedTuple):
    """A lead's postal address, as typed (``state`` and ``country`` as ISO
    codes)."""

    street: str | None = None
    street2: str | None = None
    zip: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None


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
    email,
    phone,
    contact_name,
    company_name,
    title,
    countries,
    public_domains,
    postal=None,
):
    """The comparable keys of one lead, from its raw values.

    :param Countries countries: to read a national phone number with
    :param public_domains: mail domains that are no company's
    :param Address postal: the postal address
    """
    email_key = normalize.normalize_email(email)
    columns = address_columns(postal or Address())
    return {
        **columns,
        "similar_name_street_key": name_street_key(
            contact_name, columns["similar_street_key"]
        ),
        "similar_email_key": email_key,
        "similar_email_domain": normalize.company_email_domain(
            email_key, public_domains
        ),
        "similar_phone_key": normalize.normalize_phone(phone, tuple(countries)),
        "similar_contact_key": normalize.normalize_person_name(contact_name),
        "similar_person_sound_key": normalize.person_sound_key(contact_name),
        "similar_company_key": normalize.normalize_company_name(company_name),
        "similar_title_key": normalize.normalize_title(title),
    }


def name_street_key(contact_name, street_key):
    """A look-up key of a person on a street, whatever the house number and
    the town: the initials of the contact name's words, sorted, and the
    street name's first letters (``Sascha Clarke`` on Perry Drive: ``c
    s|perr``); it finds a lead whose name, zip and town all have a typo.
    None without two words of a name or a street."""
    initials = normalize.person_initials(contact_name)
    if not initials or not street_key:
        return None
    return f"{initials}|{address.street_prefix(street_key)}"


def address_columns(postal):
    """``{column: key}`` of a postal address (``ADDRESS_COLUMNS``)."""
    keys = address.address_keys(*postal)
    return {column: keys[key] for column, key in ADDRESS_COLUMNS.items()}


def profile_address(row):
    """The keys ``address.address_level`` compares, from the stored columns
    (``{column: value}``), or None when the lead has no address."""
    if not any(row.get(column) for column in ADDRESS_COLUMNS):
        return None
    return {key: row.get(column) for column, key in ADDRESS_COLUMNS.items()}


def key_profile(profile_id, keys, contact_name=None, **values):
    """The ``scoring.LeadProfile`` of the keys ``lead_keys`` returned for a
    lead or a contact (``contact_name``: its name as typed, for the first
    name; ``values``: the profile's other fields)."""
    return scoring.LeadProfile(
        profile_id,
        email=keys["similar_email_key"],
        email_domain=keys["similar_email_domain"],
        phone=keys["similar_phone_key"],
        person=keys["similar_contact_key"],
        first_name=normalize.person_first_name(contact_name),
        company=keys["similar_company_key"],
        title=keys["similar_title_key"],
        address=profile_address(keys),
        **values,
    )
