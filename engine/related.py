"""Related leads a user must know of without merging them: why a lead is
related to another (same customer, same organisation, a won deal of the same
customer), and the won deals of a lead's customer or mailbox.

Won opportunities are never counted, proposed or pre-selected for a merge
(``lead_rules.OPEN_FOR_MERGE``; no pair is kept for them), but a salesperson
opening a new request of a customer who bought already must see it: they are
looked up here for one lead at a time, when its similar leads are read, as
``detection.related_colleagues`` does for colleagues.
"""

from odoo.tools import SQL

from ..tools import scoring
from . import lead_rules
from .detection import SimilarMatch

#: Won deals shown for one lead, the most recent first.
MAX_WON = 20


def readable_won(Lead):
    """SQL selecting the won deals the user may read (record rules,
    companies), merged ones aside."""
    query = (
        Lead.sudo(False)
        .with_context(active_test=False)
        ._search([("won_status", "=", "won"), ("merged_into_id", "=", False)])
    )
    return query.subselect()


def won_deals(origin):
    """The won opportunities of ``origin``'s customer (its contact, or a
    contact of the same company) or mailbox, as related matches."""
    commercial = origin.partner_id.commercial_partner_id
    if not origin.id or not (origin.similar_email_key or commercial):
        return []
    rows = origin.env.execute_query(
        SQL(
            """SELECT lead.id, lead.user_id FROM crm_lead lead
                WHERE lead.id IN (%(readable)s)
                  AND lead.id <> %(origin)s
                  AND (lead.company_id = %(company)s OR lead.company_id IS NULL
                       OR %(company)s IS NULL)
                  AND (lead.similar_email_key = %(email)s
                       OR lead.partner_id IN (
                          SELECT partner.id FROM res_partner partner
                           WHERE partner.commercial_partner_id = %(commercial)s))
                ORDER BY lead.date_closed DESC NULLS LAST, lead.id DESC
                LIMIT %(limit)s""",
            readable=readable_won(origin),
            origin=origin.id,
            company=origin.company_id.id or None,
            email=origin.similar_email_key or None,
            commercial=commercial.id or None,
            limit=MAX_WON,
        )
    )
    return [
        SimilarMatch(lead_id, 0.0, scoring.RELATED, False, [], user_id)
        for lead_id, user_id in rows
    ]


def with_won_deals(origin, matches):
    """``matches`` and, after them, the won deals of the same customer."""
    known = {match.lead_id for match in matches}
    return [
        *matches,
        *(match for match in won_deals(origin) if match.lead_id not in known),
    ]


def reasons(origin, lead):
    """Why ``lead`` is related to ``origin``, in the user's language: a won
    deal of the same customer, and the strongest of the same customer, the
    same organisation (a contact of the same company) or the same company
    mail domain."""
    env = origin.env
    found = []
    if lead_rules.is_won(lead):
        found.append(env._("A won deal of this customer"))
    partner, other = origin.partner_id, lead.partner_id
    commercial = partner.commercial_partner_id
    domain = origin.similar_email_domain
    public = (
        origin.company_id._similar_extra_public_domains() if origin.company_id else []
    )
    if partner and partner == other:
        found.append(
            env._("Same customer: %(customer)s", customer=partner.display_name)
        )
    elif commercial and commercial == other.commercial_partner_id:
        found.append(
            env._("Same organisation: %(company)s", company=commercial.display_name)
        )
    elif domain and domain == lead.similar_email_domain and domain not in public:
        found.append(env._("Same organisation: mail domain %(domain)s", domain=domain))
    return found
