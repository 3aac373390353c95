"""Reading similar leads: from the stored pairs (``engine/pairs.py``), under
the user's record rules, with the thresholds of each lead's company.

A page of counts is one query, whatever the size of the table. Related
leads of the same organisation that no pair links (a big account: thousands
of colleagues on one mail domain) are looked up for one lead at a time,
when its similar leads are opened.
"""

from typing import NamedTuple

from odoo.tools import SQL, Query

from ..tools import evidence, scoring
from . import pairs
from .lead_rules import OPEN_FOR_MERGE
from .pair_sql import DUPLICATE_FROM, NOT_DISMISSED, POSSIBLE_FROM

#: Colleagues of the same organisation (related, never counted) per lead.
MAX_RELATED = 50


class SimilarMatch(NamedTuple):
    lead_id: int
    score: float
    klass: str
    exact: bool
    contributions: list
    user_id: int | None


def readable(Lead):
    """SQL selecting the leads that may appear as similar: readable by the
    user (record rules, companies), active or lost, never won or merged.
    The computes run as superuser: the user's rules still apply here."""
    query = Lead.sudo(False).with_context(active_test=False)._search(OPEN_FOR_MERGE)
    return query.subselect()


def readable_condition(Lead, alias):
    """SQL: the lead ``alias`` (a row of ``crm_lead`` joined in a query) is
    one ``readable`` selects: the rules written on the row itself, with no
    subquery over the whole table, when they need no join (core's rules);
    else ``alias.id IN (readable)``."""
    Lead = Lead.sudo(False).with_context(active_test=False)
    env = Lead.env
    query = Query(env, alias, SQL.identifier(Lead._table))
    Lead.browse().check_access("read")
    conditions = [OPEN_FOR_MERGE.optimize_full(Lead)._to_sql(Lead, alias, query)]
    if not env.su:
        rules = env["ir.rule"]._compute_domain(Lead._name, "read")
        rules = rules.optimize_full(Lead.sudo())
        if rules.is_false():
            return SQL("FALSE")
        if not rules.is_true():
            conditions.append(rules._to_sql(Lead.sudo(), alias, query))
    if query._joins:  # a rule reading another table: the subquery
        return SQL("%s IN (%s)", SQL.identifier(alias, "id"), readable(Lead))
    return SQL("(%s)", SQL(" AND ").join(conditions))


def visible_pairs(Lead, origin_ids, duplicates_only=False):
    """SQL rows ``(origin, lead, score, is_exact, is_related, contributions,
    lead's salesperson, duplicate threshold, possible threshold)`` of the
    stored pairs of ``origin_ids`` the user may see, strongest first."""
    shown = (
        SQL("pair.score >= %s", DUPLICATE_FROM)
        if duplicates_only
        else SQL("(pair.score >= %s OR pair.is_related)", POSSIBLE_FROM)
    )
    return SQL(
        """SELECT pair.lead_id, pair.other_id, pair.score, pair.is_exact,
                  pair.is_related, pair.contributions, other.user_id,
                  %(duplicate_from)s, %(possible_from)s
             FROM crm_lead origin
             JOIN crm_lead_similar_pair pair ON pair.lead_id = origin.id
             JOIN crm_lead other ON other.id = pair.other_id
             JOIN res_company company
               ON company.id = COALESCE(origin.company_id, %(company)s)
            WHERE origin.id = ANY(%(ids)s)
              AND %(shown)s
              AND pair.other_id IN (%(readable)s)
              AND %(not_dismissed)s
            ORDER BY pair.lead_id, pair.score DESC, pair.other_id""",
        company=Lead.env.company.id,
        ids=list(origin_ids),
        shown=shown,
        duplicate_from=DUPLICATE_FROM,
        possible_from=POSSIBLE_FROM,
        readable=readable(Lead),
        not_dismissed=NOT_DISMISSED,
    )


def flush_inputs(env):
    """Writes what the queries below read: the pairs brought up to date with
    the leads saved in this transaction, the dismissed pairs and the
    thresholds."""
    pairs.up_to_date(env)
    env["crm.lead.not.duplicate"].flush_model()
    env["res.company"].flush_model(
        ["similar_duplicate_score", "similar_possible_score"]
    )


def find_matches(leads, duplicates_only=False):
    """``{lead id: [SimilarMatch]}`` of the saved leads, strongest first."""
    ids = [lead_id for lead_id in leads.ids if isinstance(lead_id, int)]
    if not ids:
        return {}
    env = leads.env
    flush_inputs(env)
    result = {}
    rows = env.execute_query(visible_pairs(leads, ids, duplicates_only))
    for origin, lead, score, exact, related, parts, user, dup, possible in rows:
        comparison = scoring.Comparison.stored(score, related, parts)
        match = SimilarMatch(
            lead, score, comparison.klass(dup, possible), exact, parts or [], user
        )
        # No cap: a lead has at most a few hundred stored pairs by
        # construction (each shared value finds at most candidates.BLOCK_CAP
        # leads, names a few dozen), so the count is exact.
        result.setdefault(origin, []).append(match)
    return result


def has_duplicates(Lead, alias):
    """SQL: the lead ``alias`` has a duplicate the user may see.

    Only leads with a stored best score (``engine/top_scores.py``) are
    checked, one by one in the order of the list (``OFFSET 0`` keeps the
    planner from joining every pair of the table first): a page of 80 reads
    a few hundred leads whatever the size of the table."""
    flush_inputs(Lead.env)
    [(lowest,)] = Lead.env.execute_query(
        SQL(
            "SELECT min(%s) FROM res_company company",
            DUPLICATE_FROM,
        )
    )
    lead = SQL.identifier(alias)
    return SQL(
        """%(lead)s.similar_top_score >= %(lowest)s
           AND EXISTS (
               SELECT FROM crm_lead_similar_pair pair
                 JOIN crm_lead other ON other.id = pair.other_id
                WHERE pair.lead_id = %(lead)s.id
                  AND pair.score >= (
                      SELECT %(duplicate_from)s FROM res_company company
                       WHERE company.id = COALESCE(%(lead)s.company_id, %(company)s))
                  AND %(readable)s
                  AND %(not_dismissed)s
               OFFSET 0)""",
        lead=lead,
        lowest=lowest if lowest is not None else evidence.DUPLICATE_SCORE,
        duplicate_from=DUPLICATE_FROM,
        company=Lead.env.company.id,
        readable=readable_condition(Lead, "other"),
        not_dismissed=NOT_DISMISSED,
    )


def leads_with_duplicates(Lead):
    """SQL: ``(lead id, number of duplicates)`` of every lead with at least
    one duplicate the user may see."""
    flush_inputs(Lead.env)
    return SQL(
        """SELECT pair.lead_id, count(*)
             FROM crm_lead_similar_pair pair
             JOIN crm_lead origin ON origin.id = pair.lead_id
             JOIN res_company company
               ON company.id = COALESCE(origin.company_id, %(company)s)
            WHERE pair.score >= %(duplicate_from)s
              AND pair.other_id IN (%(readable)s)
              AND %(not_dismissed)s
            GROUP BY pair.lead_id""",
        company=Lead.env.company.id,
        duplicate_from=DUPLICATE_FROM,
        readable=readable(Lead),
        not_dismissed=NOT_DISMISSED,
    )


def related_colleagues(origin):
    """The leads of the same organisation as ``origin`` (same company mail
    domain, or a contact of the same customer company) that no pair links:
    shown as related, never counted; those marked "Not a duplicate" of it
    are not shown."""
    env = origin.env
    env["crm.lead.not.duplicate"].flush_model()
    extra_public = (
        origin.company_id._similar_extra_public_domains() if (origin.company_id) else []
    )
    rows = env.execute_query(
        SQL(
            """SELECT lead.id, lead.user_id FROM crm_lead lead
                WHERE lead.id IN (%(readable)s)
                  AND lead.id <> %(origin)s
                  AND NOT EXISTS (
                      SELECT FROM crm_lead_not_duplicate dismissed
                       WHERE dismissed.lead_id = LEAST(lead.id, %(origin)s)
                         AND dismissed.other_lead_id = GREATEST(lead.id, %(origin)s))
                  AND (lead.company_id = %(company)s OR lead.company_id IS NULL
                       OR %(company)s IS NULL)
                  AND (
                      (lead.similar_email_domain = %(domain)s
                       AND %(domain)s <> ALL(%(public)s))
                   OR lead.partner_id IN (
                      SELECT partner.id FROM res_partner partner
                       WHERE partner.commercial_partner_id = %(commercial)s))
                ORDER BY lead.id DESC
                LIMIT %(limit)s""",
            readable=readable(origin),
            origin=origin.id,
            company=origin.company_id.id or None,
            domain=origin.similar_email_domain or None,
            public=extra_public or [""],
            commercial=origin.partner_id.commercial_partner_id.id or None,
            limit=MAX_RELATED,
        )
    )
    return [
        SimilarMatch(lead_id, 0.0, scoring.RELATED, False, [], user_id)
        for lead_id, user_id in rows
    ]
