"""The review queue, read from the stored scored pairs: always current.

A group is a lead kept (the one created first) and the leads that are
duplicates or possible duplicates of it: each lead joins the group of the
earliest-created lead it pairs with, so a chain (A like B, B like C) never
glues A and C together unless C is like A itself; C waits, out of the queue,
until the group B joined, A's, is merged (``engine/groups.py``): groups
never overlap. Groups are made of the leads the user may read only: a
hidden lead never changes what a user sees.

A user who reads every lead (core's rules, all leads, every company checked)
reads the groups as stored (``engine/groups.py``): a page is an index scan.
Other users' groups are made here from the pairs of the leads they read. A
merge, an undo, a "Not duplicates", a deletion or a change of a lead's
values changes the pairs and the stored groups in the same transaction (a
lead created by an import joins them when the job its commit wakes has
scored it, a moment later: ``engine/pairs.py``).
"""

from odoo.tools import SQL

from . import detection
from .groups import MEMBERSHIP, every_pair_exact, waiting
from .pair_sql import DUPLICATE_FROM, NOT_DISMISSED, POSSIBLE_FROM


def forget_cached(env):
    """The groups read so far in this transaction are not current anymore
    (pairs changed)."""
    env["crm.lead.duplicate.group"].invalidate_model()
    env["crm.lead.duplicate.member"].invalidate_model()


def flush_inputs(env):
    """Writes what the queries below read."""
    detection.flush_inputs(env)
    env["crm.lead"].flush_model(
        ["create_date", "company_id", "team_id", "user_id", "merged_into_id"]
    )


def reads_every_lead(env):
    """Whether the user reads every lead (then groups are as stored):
    nothing but core's rules on leads, the all-leads right, and every
    company of the database checked in the company switcher."""
    if env["crm.lead"]._similar_rule_fields() is not None:
        return False
    every_company = env["res.company"].sudo().search([]).ids
    if not set(every_company) <= set(env.companies.ids):
        return False
    # The user's, even in sudo mode: the groups are a user's, whoever reads
    # them (access checks read them in sudo mode).
    return env.user.has_group("sales_team.group_sale_salesman_all_leads")


def members(env, stored=None):
    """SQL rows ``(id, group_id, lead_id, score, is_exact, is_duplicate,
    reason, contributions)``: every lead that joins a group (its id is the
    lead's), with its pair against the lead kept (``group_id``); as stored
    if the user reads every lead (``stored``: None), or made from the pairs
    of the leads the user reads (only leads that join a group when every
    lead is read may join one: they have an earlier lead like them)."""
    if stored if stored is not None else reads_every_lead(env):
        return SQL(
            """SELECT member.lead_id AS id, member.kept_id AS group_id,
                      member.lead_id, member.kept_id AS kept_lead_id,
                      member.score, member.is_exact, member.is_duplicate,
                      member.reason, pair.contributions
                 FROM crm_lead_similar_membership member
                 JOIN crm_lead_similar_pair pair
                   ON pair.lead_id = member.lead_id
                  AND pair.other_id = member.kept_id
                WHERE NOT %s""",
            waiting("member.kept_id", MEMBERSHIP),
        )
    return _members_made(env)


def _members_made(env):
    """The members of the groups of a user who does not read every lead:
    the stored members they read whose stored lead kept they read too (the
    earliest lead like them, so the earliest they read), and those whose
    stored lead kept is hidden from them, with the earliest lead like them
    they read. A hidden lead never changes a group; a lead that joins a
    group keeps the leads that joined it waiting."""
    Lead = env["crm.lead"]
    return SQL(
        """
        WITH made AS (
        SELECT member.lead_id AS id, member.kept_id AS group_id,
               member.lead_id, member.kept_id AS kept_lead_id,
               member.score, member.is_exact, member.is_duplicate,
               member.reason, pair.contributions
          FROM crm_lead_similar_membership member
          JOIN crm_lead lead ON lead.id = member.lead_id
          JOIN crm_lead stored_kept ON stored_kept.id = member.kept_id
          JOIN crm_lead_similar_pair pair
            ON pair.lead_id = member.lead_id AND pair.other_id = member.kept_id
         WHERE %(lead_read)s AND %(stored_kept_read)s
        UNION ALL
        SELECT member.lead_id, best.other_id, member.lead_id, best.other_id,
               best.score, best.is_exact, best.is_duplicate,
               (SELECT part->>0 FROM jsonb_array_elements(best.contributions) part
                 ORDER BY (part->>2)::float DESC LIMIT 1),
               best.contributions
          FROM crm_lead_similar_membership member
          JOIN crm_lead lead ON lead.id = member.lead_id
          JOIN crm_lead stored_kept ON stored_kept.id = member.kept_id
         CROSS JOIN LATERAL (
               SELECT pair.other_id, pair.score, pair.is_exact, pair.contributions,
                      pair.score >= %(duplicate_from)s AS is_duplicate
                 FROM crm_lead_similar_pair pair
                 JOIN crm_lead kept ON kept.id = pair.other_id
                 JOIN res_company company
                   ON company.id = COALESCE(lead.company_id, kept.company_id, %(main)s)
                WHERE pair.lead_id = member.lead_id
                  AND pair.score >= %(possible_from)s
                  AND (kept.create_date, kept.id) < (lead.create_date, lead.id)
                  AND %(kept_read)s
                  AND %(not_dismissed)s
                ORDER BY kept.create_date, kept.id
                LIMIT 1) best
         WHERE %(lead_read)s AND NOT %(stored_kept_read)s)
        SELECT * FROM made WHERE NOT %(waiting)s""",
        waiting=waiting("made.group_id", SQL("made")),
        lead_read=detection.readable_condition(Lead, "lead"),
        stored_kept_read=detection.readable_condition(Lead, "stored_kept"),
        kept_read=detection.readable_condition(Lead, "kept"),
        main=env["ir.model.data"]._xmlid_to_res_id("base.main_company"),
        duplicate_from=DUPLICATE_FROM,
        possible_from=POSSIBLE_FROM,
        not_dismissed=NOT_DISMISSED,
    )


def groups(env, stored=None):
    """SQL rows of the groups (their id is the kept lead's): size, weakest
    pair (score, reason, lead), exact when every two of its leads are
    (``stored``: see ``members``)."""
    if stored if stored is not None else reads_every_lead(env):
        return SQL(
            """SELECT grouping.kept_id AS id, grouping.kept_id AS lead_id,
                      kept.company_id, kept.team_id, kept.user_id,
                      kept.create_date AS first_create_date,
                      grouping.lead_count, grouping.score,
                      CASE WHEN grouping.is_duplicate THEN 'duplicate'
                           ELSE 'possible' END AS similar_class,
                      grouping.is_exact, grouping.weakest_lead_id, grouping.reason,
                      grouping.user_ids
                 FROM crm_lead_similar_grouping grouping
                 JOIN crm_lead kept ON kept.id = grouping.kept_id"""
        )
    return SQL(
        """
        SELECT member.group_id AS id,
               member.group_id AS lead_id,
               kept.company_id, kept.team_id, kept.user_id,
               kept.create_date AS first_create_date,
               count(*) + 1 AS lead_count,
               min(member.score) AS score,
               CASE WHEN bool_and(member.is_duplicate) THEN 'duplicate'
                    ELSE 'possible' END AS similar_class,
               %(every_pair_exact)s AS is_exact,
               (array_agg(member.lead_id ORDER BY member.score, member.lead_id))[1]
                   AS weakest_lead_id,
               (array_agg(member.reason ORDER BY member.score, member.lead_id))[1]
                   AS reason,
               array_agg(DISTINCT lead.user_id) || kept.user_id AS user_ids
          FROM (%(members)s) member
          JOIN crm_lead kept ON kept.id = member.group_id
          JOIN crm_lead lead ON lead.id = member.lead_id
         GROUP BY member.group_id, kept.id""",
        members=members(env, stored=False),
        every_pair_exact=every_pair_exact("member", "group_id"),
    )
