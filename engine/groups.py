"""The groups of the review queue, stored and kept with the pairs.

A group is a lead kept (the one created first) and the leads that are
duplicates or possible duplicates of it: each lead joins the group of the
earliest-created lead it pairs with (``engine/queue.py``). A lead that joins
a group is never the lead kept of another at the same time: the leads that
joined it wait, out of the queue, until its group is merged (they are then
compared with the record kept) or it leaves that group. Groups never
overlap, and the earliest leads come first. That grouping is
stored for every lead, as if every lead were read
(``crm_lead_similar_membership``: each grouped lead and its lead kept;
``crm_lead_similar_grouping``: each group's size, weakest score, class,
the salespeople of its leads...),
and kept current wherever pairs change: ``pairs.refresh`` passes the leads
whose pairs changed; "Not duplicates" and thresholds change it too.

A user who reads every lead of the companies of a group sees it as stored
(a page of the queue is then an index scan, whatever the number of groups);
for other users, and for groups reaching into companies they cannot read,
``engine/queue.py`` groups the leads they read (a hidden lead never changes
a group).
"""

from odoo.tools import SQL

from .lead_rules import open_for_merge_sql
from .pair_sql import DUPLICATE_FROM, NOT_DISMISSED, POSSIBLE_FROM

MEMBERSHIP = SQL.identifier("crm_lead_similar_membership")
GROUPING = SQL.identifier("crm_lead_similar_grouping")


def _memberships(env, condition):
    """SQL rows ``(lead, kept, score, is_exact, is_duplicate, reason)`` of
    the leads meeting ``condition`` (on ``pair``): each joins the earliest
    created lead it pairs with. (Leads of no company are classed with the
    thresholds of their lead kept's company, else of the main company.)"""
    return SQL(
        """SELECT DISTINCT ON (pair.lead_id)
                  pair.lead_id, pair.other_id, pair.score, pair.is_exact,
                  pair.score >= %(duplicate_from)s,
                  (SELECT part->>0 FROM jsonb_array_elements(pair.contributions) part
                    ORDER BY (part->>2)::float DESC LIMIT 1)
             FROM crm_lead_similar_pair pair
             JOIN crm_lead lead ON lead.id = pair.lead_id
             JOIN crm_lead kept ON kept.id = pair.other_id
             JOIN res_company company
               ON company.id = COALESCE(lead.company_id, kept.company_id, %(main)s)
            WHERE %(condition)s
              AND pair.score >= %(possible_from)s
              AND (kept.create_date, kept.id) < (lead.create_date, lead.id)
              AND %(lead_open)s AND %(kept_open)s
              AND %(not_dismissed)s
            ORDER BY pair.lead_id, kept.create_date, kept.id""",
        duplicate_from=DUPLICATE_FROM,
        possible_from=POSSIBLE_FROM,
        condition=condition,
        main=env["ir.model.data"]._xmlid_to_res_id("base.main_company"),
        lead_open=open_for_merge_sql("lead"),
        kept_open=open_for_merge_sql("kept"),
        not_dismissed=NOT_DISMISSED,
    )


def waiting(kept_id, members):
    """SQL: the lead ``kept_id`` (a column) joined a group itself (a row of
    ``members``, a table or query): its own group waits."""
    return SQL(
        "EXISTS (SELECT 1 FROM %s joined WHERE joined.lead_id = %s)",
        members,
        SQL(kept_id),
    )


def every_pair_exact(member, kept_column):
    """SQL aggregate over the rows ``member`` of one group (grouped by their
    ``kept_column``): every two of its leads, the members and their lead
    kept, are exact duplicates of each other, as a merge in bulk checks
    again (the pairs are stored both ways)."""
    alias = SQL.identifier(member)
    leads = SQL(
        "(array_agg(%(m)s.lead_id) || %(m)s.%(kept)s)",
        m=alias,
        kept=SQL.identifier(kept_column),
    )
    return SQL(
        """CASE WHEN bool_and(%(m)s.is_exact) THEN
                (SELECT count(*) FROM crm_lead_similar_pair exact_pair
                  WHERE exact_pair.lead_id = ANY(%(leads)s)
                    AND exact_pair.other_id = ANY(%(leads)s)
                    AND exact_pair.is_exact) = count(*) * (count(*) + 1)
           ELSE FALSE END""",
        m=alias,
        leads=leads,
    )


def update(env, ids):
    """Groups the leads ``ids`` again (their pairs changed), and the groups
    they left or joined."""
    ids = sorted(ids)
    if not ids:
        return
    left = env.execute_query(
        SQL("DELETE FROM %s WHERE lead_id = ANY(%s) RETURNING kept_id", MEMBERSHIP, ids)
    )
    joined = env.execute_query(
        SQL(
            """INSERT INTO %s (lead_id, kept_id, score, is_exact, is_duplicate, reason)
               %s
               ON CONFLICT (lead_id) DO UPDATE
                  SET kept_id = EXCLUDED.kept_id, score = EXCLUDED.score,
                      is_exact = EXCLUDED.is_exact,
                      is_duplicate = EXCLUDED.is_duplicate, reason = EXCLUDED.reason
               RETURNING kept_id""",
            MEMBERSHIP,
            _memberships(env, SQL("pair.lead_id = ANY(%s)", ids)),
        )
    )
    kept_ids = sorted({*ids, *(row[0] for row in left), *(row[0] for row in joined)})
    _summarise(env, kept_ids)


def rebuild(env, concurrent=False):
    """Groups every lead again (after a full scan at install, or when a
    company's thresholds change: ``concurrent``, users may be reading and
    writing groups, so rows are deleted, not truncated)."""
    if concurrent:
        env.execute_query(SQL("DELETE FROM %s; DELETE FROM %s", MEMBERSHIP, GROUPING))
    else:
        env.execute_query(SQL("TRUNCATE %s, %s", MEMBERSHIP, GROUPING))
    env.execute_query(
        SQL(
            """INSERT INTO %s (lead_id, kept_id, score, is_exact, is_duplicate, reason)
               %s""",
            MEMBERSHIP,
            _memberships(env, SQL("TRUE")),
        )
    )
    _summarise(env, None)
    env.execute_query(SQL("ANALYZE %s, %s", MEMBERSHIP, GROUPING))


def _summarise(env, kept_ids):
    """Writes again the summaries of the groups of ``kept_ids`` (all when
    None): size, weakest pair (score, reason, lead), class, exact when every
    two of its leads are exact duplicates (as a merge in bulk requires), and
    the companies of its members. A lead kept that joined another group has
    none (``WAITING``)."""
    condition = SQL("TRUE")
    if kept_ids is not None:
        env.execute_query(
            SQL("DELETE FROM %s WHERE kept_id = ANY(%s)", GROUPING, kept_ids)
        )
        condition = SQL("member.kept_id = ANY(%s)", kept_ids)
    env.execute_query(
        SQL(
            """INSERT INTO %(grouping)s
                      (kept_id, lead_count, score, is_duplicate, is_exact,
                       weakest_lead_id, reason, company_ids, user_ids)
               SELECT member.kept_id, count(*) + 1, min(member.score),
                      bool_and(member.is_duplicate),
                      %(every_pair_exact)s,
                      (array_agg(member.lead_id ORDER BY %(weakest)s))[1],
                      (array_agg(member.reason ORDER BY %(weakest)s))[1],
                      array_agg(DISTINCT COALESCE(lead.company_id, 0)),
                      array_agg(DISTINCT lead.user_id) || kept.user_id
                 FROM %(membership)s member
                 JOIN crm_lead lead ON lead.id = member.lead_id
                 JOIN crm_lead kept ON kept.id = member.kept_id
                WHERE %(condition)s AND NOT %(waiting)s
                GROUP BY member.kept_id, kept.user_id
               ON CONFLICT (kept_id) DO UPDATE
                  SET lead_count = EXCLUDED.lead_count, score = EXCLUDED.score,
                      is_duplicate = EXCLUDED.is_duplicate,
                      is_exact = EXCLUDED.is_exact,
                      weakest_lead_id = EXCLUDED.weakest_lead_id,
                      reason = EXCLUDED.reason, company_ids = EXCLUDED.company_ids,
                      user_ids = EXCLUDED.user_ids""",
            grouping=GROUPING,
            membership=MEMBERSHIP,
            condition=condition,
            weakest=SQL("member.score, member.lead_id"),
            waiting=waiting("member.kept_id", MEMBERSHIP),
            every_pair_exact=every_pair_exact("member", "kept_id"),
        )
    )
