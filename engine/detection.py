"""Finding the similar leads of a whole page of leads in one SQL query.

Candidates are the leads the user may read (record rules, companies), lost
ones included, won and merged-away ones never. Each reason is an index
look-up on the stored keys (``models/crm_lead/keys.py``); names and titles
are compared among the leads whose names sort next to the origin's (sorted
neighbourhood on covering indexes) with pg_trgm's ``similarity()``.
"""

from typing import NamedTuple

from odoo.tools import SQL

from ..tools import matching
from .lead_rules import OPEN_FOR_MERGE

#: At most this many leads are read per reason and lead: a switchboard phone
#: shared by 500 leads still shows all 500, a placeholder shared by 100,000
#: does not load them all.
MAX_MATCHES_PER_REASON = 1000
#: Leads of the same company (related, never counted) read per lead.
MAX_RELATED_PER_REASON = 50
#: Leads whose names sort next to a lead's, compared with it (each way).
NAME_NEIGHBOURS = 10
#: Similar leads loaded into ``similar_lead_ids`` per lead, strongest first.
MAX_SIMILAR_LEADS = 200
#: What a match needs besides a reason: another lead, of the same company
#: (leads of two companies cannot be merged), not dismissed as "not a
#: duplicate".
PAIR_CONDITION = SQL(
    """crm_lead.id <> origin.id
   AND (crm_lead.company_id = origin.company_id
        OR crm_lead.company_id IS NULL OR origin.company_id IS NULL)
   AND NOT EXISTS (
       SELECT FROM crm_lead_not_duplicate dismissed
        WHERE dismissed.lead_id = LEAST(crm_lead.id, origin.id)
          AND dismissed.other_lead_id = GREATEST(crm_lead.id, origin.id))"""
)


class SimilarMatch(NamedTuple):
    lead_id: int
    codes: list
    strength: int
    user_id: int | None


class SimilarLeads(NamedTuple):
    duplicate_count: int
    matches: list
    user_id: int | None  # the origin's salesperson


NO_SIMILAR_LEADS = SimilarLeads(0, (), None)


def candidates(Lead):
    """Leads that may appear as similar, under the user's record rules (the
    computes run as superuser: the rules of the user still apply here)."""
    return Lead.sudo(False).with_context(active_test=False)._search(OPEN_FOR_MERGE)


def reason_conditions(company, with_related=True):
    """SQL condition per enabled reason, on aliases ``origin``/``crm_lead``;
    without the related-only reasons unless ``with_related``."""
    conditions = {}
    if company.similar_match_partner:
        conditions["partner"] = SQL("crm_lead.partner_id = origin.partner_id")
    if company.similar_match_email:
        conditions["email"] = SQL(
            "crm_lead.similar_email_key = origin.similar_email_key"
        )
    if company.similar_match_phone:
        conditions["phone"] = SQL(
            "crm_lead.similar_phone_key = origin.similar_phone_key"
        )
    if company.similar_match_names:
        conditions["names"] = SQL(
            "crm_lead.id = ANY(ARRAY(%s))",
            name_neighbours(company.similar_name_threshold),
        )
    if company.similar_match_title:
        conditions["title"] = SQL(
            "crm_lead.id = ANY(ARRAY(%s))",
            title_neighbours(company.similar_title_threshold),
        )
    if with_related:
        conditions.update(_related_conditions(company))
    return conditions


def _related_conditions(company):
    """Colleagues of one organisation: shown, never counted."""
    return {
        "domain": SQL(
            """crm_lead.similar_email_domain = origin.similar_email_domain
           AND crm_lead.similar_email_key <> origin.similar_email_key
           AND origin.similar_email_domain <> ALL(%s)""",
            company._similar_extra_public_domains() or [""],
        ),
        "company": SQL(
            """crm_lead.partner_id IN (
                   SELECT partner.id FROM res_partner partner
                    WHERE partner.commercial_partner_id = origin.commercial_partner_id)
           AND crm_lead.partner_id <> origin.partner_id"""
        ),
    }


def name_neighbours(threshold):
    """SQL: the ids of the leads whose contact and company names are similar
    to the origin's.

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


def title_neighbours(threshold):
    """SQL: the ids of the leads whose titles are near-identical to the
    origin's, among the titles that sort next to it (as for names)."""
    return SQL(" UNION ALL ").join(
        SQL(
            """
            SELECT nearby.id FROM (
                   SELECT near.id, near.similar_title_key FROM crm_lead near
                    WHERE near.similar_title_key %(compare)s origin.similar_title_key
                    ORDER BY near.similar_title_key %(order)s
                    LIMIT %(window)s) nearby
             WHERE similarity(nearby.similar_title_key,
                              origin.similar_title_key) >= %(threshold)s""",
            compare=SQL(compare),
            order=SQL(order),
            window=NAME_NEIGHBOURS,
            threshold=threshold,
        )
        for compare, order in ((">=", "ASC"), ("<", "DESC"))
    )


def _found_by_reason(Lead, code, condition):
    """SQL rows ``(origin_id, lead_id, reason)`` of one reason."""
    query = candidates(Lead)
    reason = matching.REASONS[code]
    cap = (
        MAX_MATCHES_PER_REASON
        if reason.strength >= matching.DUPLICATE_STRENGTH
        else MAX_RELATED_PER_REASON
    )
    return SQL(
        """SELECT origin.id AS origin_id, found.id AS lead_id, %(code)s AS reason
             FROM origin CROSS JOIN LATERAL (
                  SELECT crm_lead.id FROM %(from)s
                   WHERE %(where)s AND (%(condition)s) AND %(pair)s
                   LIMIT %(cap)s) found""",
        code=code,
        condition=condition,
        pair=PAIR_CONDITION,
        cap=cap,
        **{"from": query.from_clause, "where": query.where_clause},
    )


def matches_query(origins, limit, with_related=True):
    """One query that finds, for every lead of ``origins``, its similar leads
    (at most ``limit`` each, strongest first) and its duplicate count.

    Rows: (origin id, lead id, reason codes strongest first, strength,
    number of duplicates of the origin, salesperson id, origin's salesperson)."""
    conditions = reason_conditions(origins.env.company, with_related)
    reasons = SQL(", ").join(
        SQL("(%s, %s, %s)", reason.code, reason.strength, reason.weight)
        for reason in matching.REASONS.values()
    )
    return SQL(
        """
        WITH origin AS (
            SELECT lead.id, lead.company_id, lead.partner_id, lead.user_id,
                   partner.commercial_partner_id,
                   lead.similar_email_key, lead.similar_email_domain,
                   lead.similar_phone_key, lead.similar_contact_key,
                   lead.similar_company_key, lead.similar_title_key
              FROM crm_lead lead
              LEFT JOIN res_partner partner ON partner.id = lead.partner_id
             WHERE lead.id = ANY(%(ids)s)
        ), matches AS (
            %(matches)s
        ), reason(code, strength, weight) AS (
            VALUES %(reasons)s
        ), candidate AS (
            SELECT matches.origin_id, matches.lead_id,
                   array_agg(reason.code ORDER BY reason.weight DESC) AS codes,
                   max(reason.strength) AS strength,
                   sum(reason.weight) AS score
              FROM matches JOIN reason ON reason.code = matches.reason
             GROUP BY matches.origin_id, matches.lead_id
        ), ranked AS (
            SELECT candidate.*,
                   row_number() OVER (
                       PARTITION BY origin_id
                       ORDER BY strength DESC, score DESC, lead_id) AS rank,
                   count(*) FILTER (WHERE strength >= %(duplicate)s)
                       OVER (PARTITION BY origin_id) AS duplicate_count
              FROM candidate
        )
        SELECT ranked.origin_id, ranked.lead_id, ranked.codes, ranked.strength,
               ranked.duplicate_count, lead.user_id, origin.user_id
          FROM ranked
          JOIN crm_lead lead ON lead.id = ranked.lead_id
          JOIN origin ON origin.id = ranked.origin_id
         WHERE ranked.rank <= %(limit)s
         ORDER BY ranked.origin_id, ranked.rank
        """,
        ids=list(origins.ids),
        matches=SQL(" UNION ALL ").join(
            _found_by_reason(origins, code, condition)
            for code, condition in conditions.items()
        ),
        reasons=reasons,
        duplicate=matching.DUPLICATE_STRENGTH,
        limit=limit,
    )


def find_matches(origins, limit=MAX_SIMILAR_LEADS, with_related=True):
    """``{origin id: SimilarLeads}`` for the saved leads of ``origins``, their
    matches strongest first (leads without any match are left out)."""
    origins = origins.filtered("id")
    if not origins:
        return {}
    env = origins.env
    env["crm.lead"].flush_model(
        matching.KEY_FIELDS
        + ("partner_id", "company_id", "won_status", "active", "merged_into_id")
    )
    env["crm.lead.not.duplicate"].flush_model()
    if not reason_conditions(env.company, with_related):
        return {}
    result = {}
    rows = env.execute_query(matches_query(origins, limit, with_related))
    for origin_id, lead_id, codes, strength, count, user_id, origin_user in rows:
        similar = result.setdefault(origin_id, SimilarLeads(count, [], origin_user))
        similar.matches.append(SimilarMatch(lead_id, codes, strength, user_id))
    return result


def leads_with_duplicates(Lead):
    """SQL selecting every lead (readable or not) with at least one potential
    duplicate the user may read; callers restrict the first side."""
    conditions = list(reason_conditions(Lead.env.company, with_related=False).values())
    if not conditions:
        return SQL("SELECT NULL::int")
    query = candidates(Lead)
    return SQL(
        """SELECT origin.id FROM (
               SELECT lead.*, partner.commercial_partner_id
                 FROM crm_lead lead
                 LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                WHERE lead.merged_into_id IS NULL) origin
            WHERE EXISTS (
               SELECT FROM %s WHERE %s AND (%s) AND %s)""",
        query.from_clause,
        query.where_clause,
        SQL(" OR ").join(SQL("(%s)", condition) for condition in conditions),
        PAIR_CONDITION,
    )
