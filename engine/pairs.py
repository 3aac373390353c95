"""Scored pairs of similar leads, stored and kept current by the writes.

When a lead is saved, its pairs are found again: candidates come from
indexed look-ups (``engine/candidates.py``), each candidate is scored from
every field (``tools.scoring``), and the pairs are stored both ways. Reading
a page of counts is then one query over the stored pairs, under the user's
record rules, whatever the size of the table.

Saving many leads in one transaction refreshes them once, at the end (or
when something reads pairs first). Two transactions saving two similar leads
at the same time cannot see each other's lead: each saved lead is also
logged (``crm_lead_similar_pending``, committed with it), and a scheduled
job scores the logged leads again once they are committed, so no pair is
missed whatever the timing.

A lead created in a transaction that never read pairs (an import, the mail
gateway, a website form, an RPC) is not scored at its commit: the job, woken
by that commit, scores it a moment later with the other logged leads, in one
batch. Creating leads one at a time then costs one more statement each. A
form's save reads the lead's similar leads, so the lead it creates is scored
in its own transaction, as a written lead always is.
"""

import dataclasses
import json

from odoo.tools import SQL

from ..tools import matching, scoring
from . import candidates, groups, pending, queue, top_scores
from .lead_rules import open_for_merge_sql

#: Pairs with more evidence against than for are not stored: they are no
#: duplicates (the thresholds cannot go below it), and the colleagues of one
#: organisation among them are found as related when a lead is opened
#: (``detection.related_colleagues``). Those related through a person (a
#: customer's other deals) or a household are stored whatever their score
#: (``scoring.Comparison.kept``): a few per lead, as many as its candidates
#: at most.
MIN_STORED_SCORE = 0.0
#: A value shared by no more leads than this: when a lead starts or stops
#: sharing it, the others sharing it are scored again by the job (how many
#: share a value weighs in their pairs; beyond the cap of the look-ups it
#: changes little, and scoring thousands again for one lead saved would not
#: be worth it).
SHARERS_SCORED_AGAIN = 2 * candidates.BLOCK_CAP
#: Leads scored per batch by full rescans and the scheduled job: a value
#: shared by thousands of leads is read once a batch, and look-ups have a
#: cost per batch (at 1,000,000 leads, 0.31 ms a lead in batches of 5,000,
#: 0.38 in batches of 2,000; no faster with 10,000).
BATCH_SIZE = 5000
#: The scheduled job that scores the logged leads again.
JOB = "crm_similar_leads.ir_cron_crm_lead_similar_rescore"
#: What a pair depends on: a write of one of these refreshes the lead's.
PAIR_DEPENDS = (
    *matching.KEY_FIELDS,
    "partner_id",
    "company_id",
    "type",
    "expected_revenue",
    "won_status",  # a won lead has no pairs
    "merged_into_id",
)
#: What a pair depends on only through whether the lead is won, or a new
#: request (an opportunity in its first stage): a write of these alone (a
#: stage moved, a lead lost or restored) refreshes the leads that became won
#: or stopped being won, or left or reached their first stage, and no other.
WON_INPUTS = ("stage_id", "probability", "active")
#: Who reads a lead: a pair's leads are counted and sorted by salesperson
#: (``engine/candidates.py``). A write of these refreshes the lead at the
#: commit, not before the next read of pairs: lead assignment reads
#: duplicates between the leads it assigns, and whoever moved a lead could
#: read it before.
OWNER_INPUTS = ("user_id",)
#: The raw fields the keys above are computed from.
PAIR_INPUTS = (*matching.KEY_INPUTS, *PAIR_DEPENDS)
#: The values whose count weighs in a pair (``(kind, column, count field)``
#: of ``candidates.VALUE_KINDS`` with a count field: a mailbox, number,
#: customer or postal address); the other look-ups only find candidates.
COUNTED_KINDS = tuple(kind for kind in candidates.VALUE_KINDS if kind[2])
#: What decides which values a lead shares with others, and in whose scope
#: it is counted (``candidates``): a write of these scores the other leads
#: sharing its values (before and after) again.
SHARED_INPUTS = (
    "email_from",
    "phone",
    "country_id",
    "partner_id",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "company_id",
    "user_id",
    "merged_into_id",
    *WON_INPUTS,
)


def schedule(leads, created=False, moved=False, shared=None):
    """Finds the pairs of ``leads`` again before pairs are read, or at the
    end of the transaction (by the job, for leads ``created`` in it; at the
    commit for leads ``moved`` to another salesperson). ``shared``: when the
    leads' shared values changed (a mailbox, number, customer or address; or
    whether they are open), their values before (``(key column, value)``):
    the other leads sharing those and their new ones are scored again by the
    job, as how many share a value weighs in their pairs."""
    ids = [lead_id for lead_id in leads.ids if isinstance(lead_id, int)]
    if not ids:
        return
    env = leads.env
    work = pending.of(env.cr, at_commit=lambda: at_commit(env))
    (work.moved if moved else work.written).update(ids)
    if created:
        work.created.update(ids)
    if created or shared is not None:
        work.sharing.update(ids)
        work.shared.update(shared or ())


def schedule_sharers(env, values):
    """The leads sharing one of ``values`` (``(key column, value)``) are
    scored again by the job after the commit (the leads that shared them
    were deleted)."""
    if values:
        pending.of(env.cr, at_commit=lambda: at_commit(env)).shared.update(values)


def paired_with(leads):
    """The other leads of the stored pairs of ``leads``."""
    rows = leads.env.execute_query(
        SQL(
            """SELECT DISTINCT other_id FROM crm_lead_similar_pair
                WHERE lead_id = ANY(%s) AND other_id <> ALL(%s)""",
            leads.ids,
            leads.ids,
        )
    )
    return leads.browse([row[0] for row in rows])


def shared_values(leads):
    """``{(key column, value)}`` of the values ``leads`` may share with
    others (read before a write changes them)."""
    return {
        (column, value.id if hasattr(value, "id") else value)
        for _kind, column, _field in COUNTED_KINDS
        for value in leads.mapped(column)
        if value
    }


def up_to_date(env):
    """Brings the stored pairs up to date before something reads them: the
    pairs of the leads written in this transaction are found again and the
    leads logged for the scheduled job (see the module's docstring); the
    created leads a savepoint (which runs the pre-commit hooks) left to the
    job are caught up too, since this transaction reads them now. Every read
    of pairs calls it first (``detection``, ``queue``)."""
    work = pending.peek(env.cr)
    if work and work.written:
        ids = sorted(work.written)
        work.written.clear()
        refresh(env, ids)
        sharing = _taken(work.sharing) & set(ids)
        log(env, scored=ids, shared=(sharing, _taken(work.shared)))
        # Moved before this refresh, which saw their new salesperson.
        work.moved.difference_update(ids)
    if deferred := env.cr.postcommit.data.get(pending.DEFERRED):
        catch_up(env, deferred)
    env["crm.lead.similar.pair"].flush_model()


def _taken(values):
    """The values of a set, which is emptied."""
    taken = set(values)
    values.clear()
    return taken


def at_commit(env):
    """Refreshes the written leads still pending; logs them, and the created
    ones, which the job, woken at the commit, scores (see the module's
    docstring); if the job is switched off, they are scored now too.
    (Also run by each savepoint: the created leads are kept in the deferred
    set until the transaction ends, for ``up_to_date``.)"""
    work = env.cr.precommit.data.pop(pending.KEY, None)
    if work is None:
        return
    saved = work.written | work.moved
    written, created = sorted(saved - work.created), sorted(saved & work.created)
    if written:
        refresh(env, written)
    if not (written or created or work.sharing or work.shared):
        return
    active = log(
        env, scored=written, unscored=created, shared=(work.sharing, work.shared)
    )
    if not created:
        return
    if active:
        pending.deferred(env.cr).update(created)
    else:  # nobody will: scored now
        work.checked.difference_update(created)
        catch_up(env, created)


def log(env, scored=(), unscored=(), shared=None, wake=False):
    """Logs leads for the scheduled job, in one statement: ``scored`` ones
    (scored already in this transaction: the job compares them again once
    committed), ``unscored`` ones (for the job to score) and, with
    ``shared`` (``(lead ids, values)``), the open leads sharing a mailbox,
    number, customer or address with these leads or one of these values,
    unscored
    (``_sharers``). Wakes the job at the commit when some are unscored or
    ``wake``, once per transaction however many savepoints log leads.
    Returns whether the job is active (an administrator may switch it off).
    (Leads deleted since they were saved, or created in a savepoint rolled
    back, have nothing to log.)"""
    if not (scored or unscored or (shared and (shared[0] or shared[1]))):
        return False
    job_id = env["ir.model.data"]._xmlid_to_res_id(JOB, raise_if_not_found=False)
    [(active, woken)] = env.execute_query(
        SQL(
            """WITH logged AS (
                   INSERT INTO crm_lead_similar_pending (lead_id, scored)
                   SELECT id, TRUE FROM crm_lead WHERE id = ANY(%(scored)s)
                   UNION ALL
                   SELECT id, FALSE FROM crm_lead WHERE id = ANY(%(unscored)s)
                   %(sharers)s
                   RETURNING scored),
               job AS (SELECT id FROM ir_cron WHERE id = %(job)s AND active),
               woken AS (
                   INSERT INTO ir_cron_trigger (cron_id, call_at)
                   SELECT id, now() AT TIME ZONE 'UTC' FROM job
                    WHERE (%(wake)s OR EXISTS (SELECT FROM logged WHERE NOT scored))
                      AND NOT EXISTS (
                          SELECT FROM ir_cron_trigger earlier
                           WHERE earlier.cron_id = job.id
                             AND earlier.call_at = now() AT TIME ZONE 'UTC')
                   RETURNING id)
               SELECT EXISTS (SELECT FROM job), EXISTS (SELECT FROM woken)""",
            scored=list(scored),
            unscored=list(unscored),
            sharers=(
                SQL("UNION %s", _sharers(*shared))
                if shared and (shared[0] or shared[1])
                else SQL()
            ),
            job=job_id or None,
            wake=bool(wake),
        )
    )
    if woken:
        env.cr.postcommit.add(env["ir.cron"]._notifydb)
    return active


def _sharers(ids, values):
    """SQL selecting ``(lead id, FALSE)`` of the open leads, other than the
    leads ``ids``, that share a value with them or one of ``values``
    (``(column, value)``: values they shared before a write), for the
    values shared by no more than ``SHARERS_SCORED_AGAIN`` leads: how many
    share a value weighs in their pairs."""
    ids = sorted(ids)
    parts = []
    for _kind, column, _field in COUNTED_KINDS:
        known = sorted(
            {str(value) for name, value in values if name == column and value}
        )
        parts.append(
            SQL(
                """SELECT sharer.id, FALSE FROM crm_lead sharer
                    WHERE sharer.%(column)s IN (
                          SELECT shared.value FROM (
                              SELECT lead.%(column)s AS value FROM crm_lead lead
                               WHERE lead.id = ANY(%(ids)s)
                              UNION
                              SELECT unnest(%(known)s::text[])::%(type)s) shared
                           WHERE shared.value IS NOT NULL
                             AND (SELECT count(*) FROM (
                                      SELECT FROM crm_lead other
                                       WHERE other.%(column)s = shared.value
                                       LIMIT %(limit)s) counted) < %(limit)s)
                      AND sharer.id <> ALL(%(ids)s) AND %(open)s""",
                column=SQL.identifier(column),
                ids=ids,
                known=known,
                type=SQL("int4" if column == "partner_id" else "varchar"),
                limit=SHARERS_SCORED_AGAIN + 1,
                open=open_for_merge_sql("sharer"),
            )
        )
    return SQL(" UNION ").join(parts)


def catch_up(env, ids):
    """Scores now those of the leads ``ids`` logged for the job and not
    scored yet (a lead created a moment ago): an action that reads their
    duplicates, such as the merge proposal after a quick create, must not
    wait for the job. Marking them scored in the log (not deleting: the job
    still compares them again once committed) keeps this right through
    savepoints rolled back. One query when there are none, once per lead
    until the next flush; nothing in a read-only transaction (lists and
    forms show what the job stored)."""
    if env.cr.readonly:
        return
    checked = pending.of(env.cr, at_commit=lambda: at_commit(env)).checked
    ids = [i for i in ids if isinstance(i, int) and i not in checked]
    if not ids:
        return
    checked.update(ids)
    unscored = env.execute_query(
        SQL(
            """UPDATE crm_lead_similar_pending SET scored = TRUE
                WHERE lead_id = ANY(%s) AND scored IS NOT TRUE
            RETURNING lead_id""",
            ids,
        )
    )
    if unscored:
        refresh(env, sorted({row[0] for row in unscored}))


def without_jit(env):
    """Compiling a batch's look-up (``candidates.find``) costs PostgreSQL
    more than it saves (200 of 640 ms for 2,000 leads among 100,000): off
    for the rest of the transaction, only in those that score batches (each
    step of the job, install). A lead saved by a user is never compiled."""
    env.execute_query(SQL("SET LOCAL jit = off"))


def refresh(env, ids, wake=True):
    """Finds, scores and stores the pairs of the leads ``ids``; logs those
    whose best score another transaction keeps from rising, for the job
    (woken if ``wake``: the job itself goes on with its log)."""
    env.flush_all()
    deleted = env.execute_query(
        SQL(
            """DELETE FROM crm_lead_similar_pair
                WHERE lead_id = ANY(%(ids)s) OR other_id = ANY(%(ids)s)
            RETURNING lead_id""",
            ids=ids,
        )
    )
    stored = _score(env, ids)
    if deleted or stored:
        changed = {*ids, *(row[0] for row in deleted), *stored}
        locked = top_scores.update(env, changed)
        groups.update(env, changed)
        log(env, scored=locked, wake=wake)
    queue.forget_cached(env)


def _score(env, ids, in_id_order=False):
    """Scores the candidates of ``ids`` and stores the pairs, each once.
    When every lead is scored in id order (``in_id_order``), a pair found by
    a shared value is scored from its lower id only (the lower lead finds
    it the same way); a pair found by names may be found from one side only
    (the neighbourhoods differ), so it is scored from either. Returns the
    ids of the leads paired."""
    origins = candidates.find(env, ids)
    if not any(found for found, *_found_how in origins.values()):
        return set()  # new people (most saves): nothing to read or score
    profiles = candidates.profiles(env, origins)
    rows, scored = [], set()
    for origin_id, (found, counts, by_value) in origins.items():
        origin = profiles.get(origin_id)
        for candidate_id in found:
            other = profiles.get(candidate_id)
            pair = (min(origin_id, candidate_id), max(origin_id, candidate_id))
            if origin is None or other is None or pair in scored:
                continue
            if in_id_order and candidate_id < origin_id and candidate_id in by_value:
                continue
            scored.add(pair)
            # The counts of the values they share, in the pair's scope.
            comparison = scoring.compare(
                dataclasses.replace(
                    origin, **candidates.pair_counts(counts, candidate_id)
                ),
                other,
            )
            if comparison.kept(MIN_STORED_SCORE):
                rows.append((origin_id, candidate_id, comparison))
    _store(env, rows)
    return {
        lead_id for origin_id, other_id, _c in rows for lead_id in (origin_id, other_id)
    }


def refresh_all(env, batch_size=BATCH_SIZE):
    """Finds and scores the pairs of every lead at once (install), in
    batches; returns the number of leads."""
    without_jit(env)
    env.flush_all()
    env.execute_query(SQL("TRUNCATE crm_lead_similar_pair"))
    last_id, total = 0, 0
    while ids := next_batch(env, last_id, batch_size):
        _score(env, ids, in_id_order=True)
        last_id, total = ids[-1], total + len(ids)
    top_scores.update_all(env)
    groups.rebuild(env)
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
    deleted = env.execute_query(
        SQL(
            """DELETE FROM crm_lead_similar_pair
                WHERE (lead_id = ANY(%(ids)s) AND other_id > lead_id)
                   OR (other_id = ANY(%(ids)s) AND lead_id > other_id)
            RETURNING lead_id""",
            ids=ids,
        )
    )
    stored = _score(env, ids, in_id_order=True)
    changed = {*ids, *(row[0] for row in deleted), *stored}
    locked = top_scores.update(env, changed)
    groups.update(env, changed)
    log(env, scored=locked)  # the job goes on with its log
    queue.forget_cached(env)


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
