"""The review queue, read from the stored scored pairs: always current.

A group is a lead kept (the one created first) and the leads that are
duplicates or possible duplicates of it: each lead joins the group of the
earliest-created lead it pairs with, so a chain (A like B, B like C) never
glues A and C together unless C is like A itself. Groups are made of the
leads the user may read only: a hidden lead never changes what a user sees.
Nothing is stored: a merge, an undo, a "Not duplicates", a deletion or a
change of a lead's values changes the pairs in the same transaction, and
the groups with them (a lead created by an import joins them when the job
its commit wakes has scored it, a moment later: ``engine/pairs.py``).
"""

from odoo.tools import SQL

from . import detection
from .detection import DUPLICATE_FROM, NOT_DISMISSED, POSSIBLE_FROM


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


def members(env):
    """SQL rows ``(id, group_id, lead_id, score, is_exact, is_duplicate,
    reason, contributions)``: every lead that joins a group (its id is the
    lead's), with its pair against the lead kept (``group_id``)."""
    return SQL(
        """
        SELECT DISTINCT ON (pair.lead_id)
               pair.lead_id AS id,
               pair.other_id AS group_id,
               pair.lead_id AS lead_id,
               pair.other_id AS kept_lead_id,
               pair.score,
               pair.is_exact,
               pair.score >= %(duplicate_from)s AS is_duplicate,
               (SELECT part->>0 FROM jsonb_array_elements(pair.contributions) part
                 ORDER BY (part->>2)::float DESC LIMIT 1) AS reason,
               pair.contributions
          FROM crm_lead_similar_pair pair
          JOIN crm_lead lead ON lead.id = pair.lead_id
          JOIN crm_lead kept ON kept.id = pair.other_id
          JOIN res_company company
            ON company.id = COALESCE(lead.company_id, kept.company_id, %(company)s)
         WHERE pair.score >= %(possible_from)s
           AND (kept.create_date, kept.id) < (lead.create_date, lead.id)
           AND lead.id IN (%(readable)s) AND kept.id IN (%(readable)s)
           AND %(not_dismissed)s
         ORDER BY pair.lead_id, kept.create_date, kept.id""",
        company=env.company.id,
        duplicate_from=DUPLICATE_FROM,
        possible_from=POSSIBLE_FROM,
        readable=detection.readable(env["crm.lead"]),
        not_dismissed=NOT_DISMISSED,
    )


def groups(env):
    """SQL rows of the groups (their id is the kept lead's): size, weakest
    pair (score, reason, lead), exact when every pair with the lead kept
    is."""
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
               bool_and(member.is_exact) AS is_exact,
               (array_agg(member.lead_id ORDER BY member.score, member.lead_id))[1]
                   AS weakest_lead_id,
               (array_agg(member.reason ORDER BY member.score, member.lead_id))[1]
                   AS reason
          FROM (%(members)s) member
          JOIN crm_lead kept ON kept.id = member.group_id
         GROUP BY member.group_id, kept.id""",
        members=members(env),
    )
