"""Which existing contacts a lead's person may be: pure functions, no
database (issue 26, its first part).

A contact (``res.partner``) is profiled with the very keys of a lead
(``matching.lead_keys``): a person's name is the contact name, a company's
name (or a person's company) the company name; the mailbox, the number and
the postal address read as a lead's. A lead is then compared with each
candidate contact by the scoring of two leads (``scoring.compare``), so that
one vocabulary of evidence weighs both. A contact has no request of its own:
the deal and the customer are not compared (the lead's own customer is no
proposal).

A contact is proposed when it is a duplicate of the lead's person, never
when it is only related (a colleague of the same organisation, a household:
another person at the same address).
"""

from typing import NamedTuple

from . import matching, scoring


class Contact(NamedTuple):
    """A contact's values, as typed (``postal``: a ``matching.Address``)."""

    id: int
    name: str | None = None
    is_company: bool = False
    company_name: str | None = None  # a person's company (its parent's name)
    email: str | None = None
    phone: str | None = None
    postal: matching.Address = matching.Address()
    commercial_partner_id: int | None = None


def contact_profile(contact, countries, public_domains):
    """The ``scoring.LeadProfile`` of a ``Contact``: what a lead is compared
    on. ``countries`` (``matching.Countries``) read a national number;
    ``public_domains``: mail domains that are no company's."""
    person = None if contact.is_company else contact.name
    company = contact.name if contact.is_company else contact.company_name
    keys = matching.lead_keys(
        contact.email,
        contact.phone,
        person,
        company,
        None,
        countries,
        public_domains,
        contact.postal,
    )
    return matching.key_profile(
        contact.id,
        keys,
        person,
        commercial_partner_id=contact.commercial_partner_id,
    )


def proposed(lead, contacts, duplicate_score=None, possible_score=None):
    """``[(contact id, scoring.Comparison)]``: the contacts of ``contacts``
    (``{id: LeadProfile}``, from ``contact_profile``) that are duplicates of
    the person of ``lead`` (a ``LeadProfile``), strongest first (the lower
    id on a tie: the contact created first)."""
    thresholds = (
        duplicate_score or scoring.DUPLICATE_SCORE,
        possible_score or scoring.POSSIBLE_SCORE,
    )
    person = as_person(lead)
    found = []
    for contact_id, contact in contacts.items():
        if lead.partner_id and contact_id == lead.partner_id:
            continue  # already its customer
        comparison = scoring.compare(person, contact)
        if comparison.klass(*thresholds) == scoring.DUPLICATE:
            found.append((contact_id, comparison))
    found.sort(key=lambda item: (-item[1].score, item[0]))
    return found


def as_person(lead):
    """``lead``'s profile as a person's: no title, no customer, no deal (a
    contact has none, and nothing of a lead's request speaks for or against
    its person being a contact)."""
    return scoring.LeadProfile(
        lead.id,
        email=lead.email,
        email_domain=lead.email_domain,
        phone=lead.phone,
        person=lead.person,
        first_name=lead.first_name,
        company=lead.company,
        address=lead.address,
        email_count=lead.email_count,
        phone_count=lead.phone_count,
        address_count=lead.address_count,
    )
