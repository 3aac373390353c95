"""The match weights, in one place, with the reasoning for each.

The record-linkage model (Fellegi-Sunter): each level of a compared field
weighs, in bits, how much more often true duplicates show it than unrelated
leads do (log2 of m/u). Agreement adds, disagreement subtracts, a missing
value adds nothing. A value shared by many leads (a switchboard, ``info@``,
a customer with many deals) is weaker evidence: its weight drops by log2 of
how many leads share it.

The weights were set from what each level means, then checked on the
labelled evaluation the project ships (``bench/eval``).
"""

import math
from dataclasses import dataclass

#: Default class thresholds (per company in Settings), chosen on the
#: labelled evaluation: few unrelated pairs reach 6, few duplicates stay
#: under 2.
DUPLICATE_SCORE = 6.0
POSSIBLE_SCORE = 2.0


@dataclass(frozen=True)
class Weights:
    """The weight of each level, in bits (documented in the README)."""

    # Same mailbox: rarely shared by unrelated people (u ~ 1/500 once
    # mailboxes of a role are set apart), and most duplicates share one.
    email_same: float = 9.0
    # A role mailbox (info@, contact@...) says "same organisation".
    email_role_penalty: float = 6.0
    # Same local part at two public providers: a person who changed
    # provider (pierre.martin@orange.fr, pierre.martin@gmail.com).
    email_same_name_elsewhere: float = 3.0
    # Two personal mailboxes on one company domain: two colleagues.
    email_colleagues: float = -6.0
    # Two company domains: two organisations.
    email_other_company: float = -3.0
    # Two mailboxes, one of them public: people have several addresses.
    email_other: float = -1.5
    # Same number: as strong as a mailbox, unless it is a switchboard
    # (shared by many: lowered by how many share it).
    phone_same: float = 7.0
    # Two numbers: mobile and office numbers of one person differ too.
    phone_other: float = -2.0
    # Same person name (any order, accents, case): common names are shared
    # by namesakes, so it does not decide alone.
    person_same: float = 5.0
    # A typo, an initial for a first name, a missing word.
    person_near: float = 3.0
    # Same surname, another first name: relatives, colleagues.
    person_other_first_name: float = -4.0
    person_other: float = -5.0
    company_same: float = 4.0
    company_near: float = 1.0
    # "Atelier Fournier 12" and "Atelier Fournier 47", "Agence Lyon" and
    # "Agence Nice": branches, not one company.
    company_other_branch: float = -4.0
    company_other: float = -3.0
    # Same customer contact: a person's own record, lowered when the
    # customer has many leads (a customer with several deals).
    customer_same: float = 6.0
    customer_colleagues: float = -3.0
    customer_other: float = -2.0
    # Two opportunities with clearly different titles: two deals. True
    # duplicates almost never show it, the several deals of one customer
    # always do: it outweighs everything one person can agree on (email,
    # phone, customer, name and company together: 31 bits), since a person
    # is no deal.
    deal_other: float = -32.0
    # Revenues more than twice apart, on top of that.
    deal_other_amount: float = -2.0
    # A lead asking something clearly different from an opportunity of the
    # same person: maybe a new request, maybe an abbreviated title ("PAB +
    # PAG" for "poêle à granulés"). Little weight, but never merged in bulk.
    deal_other_request: float = -1.0
    # Titles saying the same (reworded, shortened): the same request.
    deal_same: float = 1.5


WEIGHTS = Weights()


def shared_by(count):
    """Bits an agreement loses when the value is shared by ``count`` leads
    (two leads sharing it lose nothing)."""
    return math.log2(max(count - 1, 1))
