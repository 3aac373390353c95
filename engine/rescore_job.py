"""The scheduled job *CRM: Compare Saved Leads Again*: it scores the leads
logged by the commits (``engine/pairs.py``: created where nothing read
their pairs, saved while another transaction saved a similar lead, sharing
a value whose count changed), then goes on with a full rescan when one was
asked for, batch by batch, each batch committed.

It runs beside users and other jobs (core's lead enrichment and
assignment): a batch that loses a race (a serialization failure, a
deadlock, a lock) is rolled back and tried again at once, in a new
transaction, a few times; and it tells Odoo how much remains, so that Odoo
runs it again at once until it is done instead of in its next slot.
"""

import logging
import random
import time

from psycopg2 import errors

from odoo.tools import SQL

from . import pairs

_logger = logging.getLogger(__name__)

#: Next lead id of a full rescan under way ("" or missing: none).
RESCORE_FROM = "crm_similar_leads.rescore_from"
#: One job at a time scores (a second cron worker finds it taken and stops).
SCORING_LOCK = SQL("pg_try_advisory_xact_lock(hashtext('crm_similar_leads.rescore'))")
#: A batch that loses a race is tried again this many times.
TRIES = 5
#: Errors of a transaction that lost a race: tried again.
RACES = (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable)


def request_rescore_all(env):
    """Every lead is scored again by the job, batch by batch."""
    env["ir.config_parameter"].sudo().set_param(RESCORE_FROM, "0")
    env.ref(pairs.JOB)._trigger()


def run(env):
    """The job: batch after batch, each committed with what remains, until
    nothing remains or Odoo's time for the job is up (then Odoo runs it
    again at once, as something remains)."""
    Cron = env["ir.cron"]
    while True:
        count = _step_until_done(env)
        if not count:
            Cron._commit_progress(0, remaining=0)
            return
        if Cron._commit_progress(count, remaining=remaining(env)) <= 0:
            return


def _step_until_done(env):
    """One batch, tried again in a new transaction, half as large, when it
    loses a race."""
    for attempt in range(1, TRIES + 1):
        try:
            count = step(env, batch_size=max(pairs.BATCH_SIZE >> (attempt - 1), 100))
            env.cr.flush()
            return count
        except RACES as error:
            env.cr.rollback()
            env.transaction.reset()
            if attempt == TRIES:
                raise
            _logger.info("Similar leads: batch lost a race (%s), trying again", error)
            time.sleep(random.uniform(0, 0.1 * 2**attempt))
    return 0


def step(env, batch_size=pairs.BATCH_SIZE):
    """One batch: logged leads first, then the next leads of a full rescan.
    Returns how many leads were scored (0: nothing left, or another worker
    is at it)."""
    [(locked,)] = env.execute_query(SQL("SELECT %s", SCORING_LOCK))
    if not locked:
        return 0
    pairs.without_jit(env)
    if count := rescore_logged(env, batch_size):
        return count
    Param = env["ir.config_parameter"].sudo()
    start = Param.get_param(RESCORE_FROM)
    if not start:
        return 0
    ids = pairs.next_batch(env, int(start), batch_size)
    if ids:
        pairs.rescore_batch(env, ids)
        Param.set_param(RESCORE_FROM, str(ids[-1]))
        return len(ids)
    Param.set_param(RESCORE_FROM, False)
    # Every pair was written again: fresh statistics for the planner, so
    # that the queue's next pages need not wait for autovacuum.
    env.cr.execute(SQL("ANALYZE crm_lead_similar_pair"))
    _logger.info("Similar leads: every lead compared again")
    return 0


def rescore_logged(env, limit=pairs.BATCH_SIZE):
    """Scores again up to ``limit`` logged leads (committed by now), and
    forgets them; returns how many there were. Rows another job holds are
    skipped, not waited for."""
    rows = env.execute_query(
        SQL(
            """SELECT id, lead_id FROM crm_lead_similar_pending
                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
            limit,
        )
    )
    if not rows:
        return 0
    pairs.refresh(env, sorted({lead_id for _id, lead_id in rows}), wake=False)
    env.execute_query(
        SQL(
            "DELETE FROM crm_lead_similar_pending WHERE id = ANY(%s)",
            [row_id for row_id, _lead_id in rows],
        )
    )
    return len(rows)


def remaining(env):
    """How many leads the job has left, about: logged ones, and those of a
    full rescan under way (counted by ids, without reading them)."""
    start = env["ir.config_parameter"].sudo().get_param(RESCORE_FROM)
    [(count,)] = env.execute_query(
        SQL(
            """SELECT (SELECT count(*) FROM crm_lead_similar_pending)
                    + GREATEST(COALESCE((SELECT max(id) FROM crm_lead)
                                        - %(start)s::int, 0), 0)""",
            start=int(start) if start else None,
        )
    )
    return count
