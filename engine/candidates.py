"""Candidates of similar leads: indexed look-ups, no scan of the table.

The leads sharing a mailbox, number or customer contact with a lead (unless
that value is shared by too many leads to mean anything), and the leads
whose names sort next to its own; then what they are compared on.
"""

from odoo.tools import SQL

from ..tools import scoring
from .lead_rules import open_for_merge_sql

#: A mailbox, number or customer shared by more leads than this is no
#: evidence of one person (a placeholder, a call centre): it finds no
#: candidates (names still do), and agreeing on it weighs little.
BLOCK_CAP = 50
#: Leads whose names sort next to a lead's, compared with it (each way).
NAME_NEIGHBOURS = 10
#: How alike two names must be (pg_trgm) to be compared at all.
NAME_SIMILARITY = 0.5


#: SQL: ``lead`` may be similar to ``origin``. How many leads share a value
#: lowers its weight, so only these are counted: another company's leads,
#: won or merged ones never change a score (no oracle on hidden leads).
COMPARABLE = SQL(
    """%s AND (lead.company_id = origin.company_id
              OR lead.company_id IS NULL OR origin.company_id IS NULL)""",
    open_for_merge_sql("lead"),
)


def find(env, ids):
    """``{origin id: (candidate ids, value counts, ids found by a shared
    value)}``: the leads sharing a
    mailbox, number or customer not shared by too many, and those whose
    names sort next to the origin's."""
    rows = env.execute_query(
        SQL(
            """
            SELECT origin.id,
                   ARRAY(SELECT lead.id FROM crm_lead lead
                          WHERE lead.similar_email_key = origin.similar_email_key
                            AND %(comparable)s
                          LIMIT %(cap)s),
                   ARRAY(SELECT lead.id FROM crm_lead lead
                          WHERE lead.similar_phone_key = origin.similar_phone_key
                            AND %(comparable)s
                          LIMIT %(cap)s),
                   ARRAY(SELECT lead.id FROM crm_lead lead
                          WHERE lead.partner_id = origin.partner_id
                            AND %(comparable)s
                          LIMIT %(cap)s),
                   ARRAY(%(names)s)
              FROM crm_lead origin
             WHERE origin.id = ANY(%(ids)s) AND %(origin_open)s
            """,
            ids=list(ids),
            cap=BLOCK_CAP + 1,
            comparable=COMPARABLE,
            origin_open=open_for_merge_sql("origin"),
            names=NAMES_NEARBY,
        )
    )
    result = {}
    for origin_id, by_email, by_phone, by_partner, by_names in rows:
        counts = {
            "email_count": len(by_email),
            "phone_count": len(by_phone),
            "partner_count": len(by_partner),
        }
        by_value = set()
        for found in (by_email, by_phone, by_partner):
            if len(found) <= BLOCK_CAP:
                by_value.update(found)
        candidates = by_value | set(by_names)
        candidates.discard(origin_id)
        result[origin_id] = (candidates, counts, by_value)
    return result


def profiles(env, origins):
    """``{lead id: LeadProfile}`` of the origins and their candidates that
    may be similar (not merged away, not won); the candidates of another
    company than their origin's are left out of ``origins`` on the way."""
    ids = set(origins)
    for candidates, *_found_how in origins.values():
        ids.update(candidates)
    rows = env.execute_query(
        SQL(
            """SELECT lead.id, lead.company_id, lead.similar_email_key,
                      lead.similar_email_domain, lead.similar_phone_key,
                      lead.similar_contact_key, lead.similar_company_key,
                      lead.partner_id, partner.commercial_partner_id,
                      lead.type = 'opportunity', lead.similar_title_key,
                      lead.expected_revenue
                 FROM crm_lead lead
                 LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                WHERE lead.id = ANY(%s) AND %s""",
            sorted(ids),
            open_for_merge_sql("lead"),
        )
    )
    companies, profiles = {}, {}
    public = _extra_public_domains(env, {row[1] for row in rows})
    for row in rows:
        lead_id, company_id, *values = row
        companies[lead_id] = company_id
        profiles[lead_id] = scoring.LeadProfile(
            lead_id,
            email=values[0],
            email_domain=None if values[1] in public.get(company_id, ()) else values[1],
            phone=values[2],
            person=values[3],
            company=values[4],
            partner_id=values[5],
            commercial_partner_id=values[6],
            is_opportunity=values[7],
            title=values[8],
            revenue=values[9] or 0.0,
        )
    _drop_other_companies(origins, companies)
    return profiles


def _drop_other_companies(origins, companies):
    """Leads of two companies are never similar: they cannot be merged."""
    for origin_id, (candidates, *_found_how) in origins.items():
        company = companies.get(origin_id)
        if company:
            candidates.difference_update(
                {
                    lead_id
                    for lead_id in candidates
                    if companies.get(lead_id) not in (company, None)
                }
            )


def _extra_public_domains(env, company_ids):
    """``{company id: domains}`` of the companies' extra public mail domains
    (read from the ORM cache: saving leads one by one costs no query)."""
    companies = env["res.company"].sudo().browse(sorted(filter(None, company_ids)))
    return {
        company.id: set(company._similar_extra_public_domains())
        for company in companies
    }


def name_neighbours(threshold):
    """SQL: the ids of the leads whose contact and company names are similar
    to the origin's (aliases ``origin``).

    Sorted neighbourhood: among the leads with the same company name, only
    those whose contact names sort next to the origin's are compared (and the
    same the other way round), read from two covering (name, name) indexes: a
    few index look-ups per lead instead of a trigram search of the table."""
    parts = []
    for same, near in (
        ("similar_company_key", "similar_contact_key"),
        ("similar_contact_key", "similar_company_key"),
    ):
        for compare, order in ((">=", "ASC"), ("<", "DESC")):
            parts.append(
                SQL(
                    """
            SELECT nearby.id FROM (
                   SELECT near.id, near.similar_contact_key, near.similar_company_key
                     FROM crm_lead near
                    WHERE near.%(same)s = origin.%(same)s
                      AND near.%(near)s %(compare)s origin.%(near)s
                    ORDER BY near.%(near)s %(order)s
                    LIMIT %(window)s) nearby
             WHERE similarity(nearby.similar_contact_key,
                              origin.similar_contact_key) >= %(threshold)s
               AND similarity(nearby.similar_company_key,
                              origin.similar_company_key) >= %(threshold)s""",
                    same=SQL.identifier(same),
                    near=SQL.identifier(near),
                    compare=SQL(compare),
                    order=SQL(order),
                    window=NAME_NEIGHBOURS,
                    threshold=threshold,
                )
            )
    return SQL(" UNION ALL ").join(parts)


#: The name look-ups of ``find``, built once.
NAMES_NEARBY = name_neighbours(NAME_SIMILARITY)
