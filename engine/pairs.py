"""Scored pairs of similar leads, stored and kept current by the writes.

When a lead is saved, its pairs are found again: candidates come from
indexed look-ups (same mailbox, number or customer contact, unless that
value is shared by too many leads to mean anything; names that sort next to
its own), each candidate is scored from every field (``tools.scoring``), and
the pairs are stored both ways. Reading a page of counts is then one query
over the stored pairs, under the user's record rules, whatever the size of
the table.

Saving many leads in one transaction refreshes them once, at the end (or
when something reads pairs first). Two transactions saving two similar leads
at the same time cannot see each other's lead: each saved lead is also
logged (``crm_lead_similar_pending``, committed with it), and a scheduled
job scores the logged leads again once they are committed, so no pair is
missed whatever the timing.
"""

import dataclasses
import json

from odoo.tools import SQL

from ..tools import scoring
from . import queue

#: A mailbox, number or customer shared by more leads than this is no
#: evidence of one person (a placeholder, a call centre): it finds no
#: candidates (names still do), and agreeing on it weighs little.
BLOCK_CAP = 50
#: Leads whose names sort next to a lead's, compared with it (each way).
NAME_NEIGHBOURS = 10
#: How alike two names must be (pg_trgm) to be compared at all.
NAME_SIMILARITY = 0.5
#: Pairs with more evidence against than for are not stored: they are no
#: duplicates (the thresholds cannot go below it), and the colleagues of one
#: organisation among them are found as related when a lead is opened
#: (``detection.related_colleagues``).
MIN_STORED_SCORE = 0.0
#: Leads scored per batch by full rescans and the scheduled job.
BATCH_SIZE = 2000
#: Lead ids whose pairs must be found again before anyone reads pairs.
PENDING = "crm_similar_leads.pairs_pending"
#: What a pair depends on: a write of one of these refreshes the lead's.
PAIR_DEPENDS = (
    "similar_email_key",
    "similar_email_domain",
    "similar_phone_key",
    "similar_contact_key",
    "similar_company_key",
    "similar_title_key",
    "partner_id",
    "company_id",
    "type",
    "expected_revenue",
    "stage_id",
    "probability",
    "active",
    "merged_into_id",
)
#: The raw fields the keys above are computed from.
PAIR_INPUTS = (
    "email_from",
    "phone",
    "contact_name",
    "partner_name",
    "name",
    "country_id",
    *PAIR_DEPENDS,
)


def schedule(leads):
    """Finds the pairs of ``leads`` again, at the end of the transaction."""
    ids = [lead_id for lead_id in leads.ids if isinstance(lead_id, int)]
    if not ids:
        return
    cr = leads.env.cr
    pending = cr.precommit.data.setdefault(PENDING, set())
    if not pending:
        env = leads.env
        cr.precommit.add(lambda: flush(env))
    pending.update(ids)


def flush(env):
    """Refreshes the pairs of the leads scheduled so far, and logs them for
    the scheduled job (see the module's docstring)."""
    pending = env.cr.precommit.data.get(PENDING)
    if not pending:
        return
    ids = sorted(pending)
    pending.clear()
    refresh(env, ids)
    env.execute_query(
        SQL(
            """INSERT INTO crm_lead_similar_pending (lead_id)
               SELECT unnest(%s::int[])""",
            ids,
        )
    )


def rescore_logged(env, limit=BATCH_SIZE):
    """Scores again up to ``limit`` logged leads (committed by now), and
    forgets them; returns how many there were."""
    rows = env.execute_query(
        SQL(
            """SELECT id, lead_id FROM crm_lead_similar_pending
                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
            limit,
        )
    )
    if not rows:
        return 0
    refresh(env, sorted({lead_id for _id, lead_id in rows}))
    env.execute_query(
        SQL(
            "DELETE FROM crm_lead_similar_pending WHERE id = ANY(%s)",
            [row_id for row_id, _lead_id in rows],
        )
    )
    return len(rows)


def refresh(env, ids):
    """Finds, scores and stores the pairs of the leads ``ids``."""
    env.flush_all()
    env.execute_query(
        SQL(
            """DELETE FROM crm_lead_similar_pair
                WHERE lead_id = ANY(%(ids)s) OR other_id = ANY(%(ids)s)""",
            ids=ids,
        )
    )
    _score(env, ids)
    queue.forget_cached(env)


def _score(env, ids, in_id_order=False):
    """Scores the candidates of ``ids`` and stores the pairs, each once.
    When every lead is scored in id order (``in_id_order``), a pair is
    scored from its lower id only."""
    origins = _candidates(env, ids)
    if not origins:
        return
    profiles = _profiles(env, origins)
    rows, scored = [], set()
    for origin_id, (candidates, counts) in origins.items():
        origin = profiles.get(origin_id)
        origin_with_counts = origin and dataclasses.replace(origin, **counts)
        for candidate_id in candidates:
            other = profiles.get(candidate_id)
            pair = (min(origin_id, candidate_id), max(origin_id, candidate_id))
            if origin is None or other is None or pair in scored:
                continue
            if in_id_order and candidate_id < origin_id:
                continue
            scored.add(pair)
            # The counts of the values the origin shares hold for both.
            comparison = scoring.compare(origin_with_counts, other)
            if comparison.score >= MIN_STORED_SCORE:
                rows.append((origin_id, candidate_id, comparison))
    _store(env, rows)


def refresh_all(env, batch_size=BATCH_SIZE):
    """Finds and scores the pairs of every lead at once (install), in
    batches; returns the number of leads."""
    env.flush_all()
    env.execute_query(SQL("TRUNCATE crm_lead_similar_pair"))
    last_id, total = 0, 0
    while ids := next_batch(env, last_id, batch_size):
        _score(env, ids, in_id_order=True)
        last_id, total = ids[-1], total + len(ids)
    queue.forget_cached(env)
    return total


def next_batch(env, last_id, batch_size=BATCH_SIZE):
    """The ids of the next ``batch_size`` leads after ``last_id``."""
    return [
        row[0]
        for row in env.execute_query(
            SQL(
                "SELECT id FROM crm_lead WHERE id > %s ORDER BY id LIMIT %s",
                last_id,
                batch_size,
            )
        )
    ]


def rescore_batch(env, ids):
    """Scores again the pairs whose lower id is in ``ids`` (a full rescan
    done batch by batch, committed as it goes, while leads change)."""
    env.flush_all()
    env.execute_query(
        SQL(
            """DELETE FROM crm_lead_similar_pair
                WHERE (lead_id = ANY(%(ids)s) AND other_id > lead_id)
                   OR (other_id = ANY(%(ids)s) AND lead_id > other_id)""",
            ids=ids,
        )
    )
    _score(env, ids, in_id_order=True)
    queue.forget_cached(env)


def _candidates(env, ids):
    """``{origin id: (candidate ids, value counts)}``: the leads sharing a
    mailbox, number or customer not shared by too many, and those whose
    names sort next to the origin's."""
    rows = env.execute_query(
        SQL(
            """
            SELECT origin.id,
                   ARRAY(SELECT lead.id FROM crm_lead lead
                          WHERE lead.similar_email_key = origin.similar_email_key
                          LIMIT %(cap)s),
                   ARRAY(SELECT lead.id FROM crm_lead lead
                          WHERE lead.similar_phone_key = origin.similar_phone_key
                          LIMIT %(cap)s),
                   ARRAY(SELECT lead.id FROM crm_lead lead
                          WHERE lead.partner_id = origin.partner_id
                          LIMIT %(cap)s),
                   ARRAY(%(names)s)
              FROM crm_lead origin
             WHERE origin.id = ANY(%(ids)s)
               AND origin.merged_into_id IS NULL
               AND origin.won_status IS DISTINCT FROM 'won'
            """,
            ids=list(ids),
            cap=BLOCK_CAP + 1,
            names=name_neighbours(NAME_SIMILARITY),
        )
    )
    result = {}
    for origin_id, by_email, by_phone, by_partner, by_names in rows:
        counts = {
            "email_count": len(by_email),
            "phone_count": len(by_phone),
            "partner_count": len(by_partner),
        }
        candidates = set(by_names)
        for found in (by_email, by_phone, by_partner):
            if len(found) <= BLOCK_CAP:
                candidates.update(found)
        candidates.discard(origin_id)
        result[origin_id] = (candidates, counts)
    return result


def _profiles(env, origins):
    """``{lead id: LeadProfile}`` of the origins and their candidates that
    may be similar (same company or none, not merged away, not won)."""
    ids = set(origins)
    for candidates, _counts in origins.values():
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
                WHERE lead.id = ANY(%s)
                  AND lead.merged_into_id IS NULL
                  AND lead.won_status IS DISTINCT FROM 'won'""",
            sorted(ids),
        )
    )
    companies, profiles = {}, {}
    public = _extra_public_domains(env)
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
    # Leads of two companies are never similar: they cannot be merged.
    for origin_id, (candidates, _counts) in origins.items():
        company = companies.get(origin_id)
        candidates.difference_update(
            {
                lead_id
                for lead_id in candidates
                if company and companies.get(lead_id) not in (company, None)
            }
        )
    return profiles


def _extra_public_domains(env):
    """``{company id: domains}`` of the companies' extra public mail domains."""
    companies = (
        env["res.company"].sudo().search([("similar_public_domains", "!=", False)])
    )
    return {
        company.id: set(company._similar_extra_public_domains())
        for company in companies
    }


def _store(env, rows):
    """Stores each pair both ways, in one statement."""
    if not rows:
        return
    columns = ([], [], [], [], [], [])
    for origin_id, other_id, comparison in rows:
        contributions = json.dumps(
            [
                [part.field, part.level, part.weight]
                for part in comparison.contributions
            ],
            separators=(",", ":"),
        )
        values = (
            origin_id,
            other_id,
            comparison.score,
            comparison.exact,
            comparison.related,
            contributions,
        )
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    env.execute_query(
        SQL(
            """WITH pair AS MATERIALIZED (
                   SELECT lead_id, other_id, score, is_exact, is_related,
                          contributions::jsonb AS contributions
                     FROM unnest(%s::int[], %s::int[], %s::float8[], %s::bool[],
                                 %s::bool[], %s::text[])
                          AS pair(lead_id, other_id, score, is_exact, is_related,
                                  contributions))
               INSERT INTO crm_lead_similar_pair
                      (lead_id, other_id, score, is_exact, is_related, contributions)
               SELECT lead_id, other_id, score, is_exact, is_related, contributions
                 FROM pair
                UNION ALL
               SELECT other_id, lead_id, score, is_exact, is_related, contributions
                 FROM pair
               ON CONFLICT (lead_id, other_id) DO UPDATE
                  SET score = EXCLUDED.score, is_exact = EXCLUDED.is_exact,
                      is_related = EXCLUDED.is_related,
                      contributions = EXCLUDED.contributions""",
            *columns,
        )
    )


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
