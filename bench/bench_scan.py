"""Benchmark of the duplicate review queue and the "Has Similar Leads" filter.

Times a full rescan of every lead (the scheduled job, batch by batch, each
committed), then 1,000 leads created through the ORM and committed, and the
job their commit wakes scoring them, then the first page of the queue and of the
"Has Similar Leads" filter, and reports the peak memory of the process.

Run by ``bench/scan`` on a database with generated leads and the addon
installed, with Odoo's source on ``PYTHONPATH``.
"""

# A command-line report: it prints its table.
# pylint: disable=print-used

import random
import resource
import statistics
import time

from bench_common import registry_from_command_line

from odoo import SUPERUSER_ID, api

NEW_LEADS = 1000
PAGE = 80
ROUNDS = 5
#: What the web client counts up to under a list ("1-80 / 10000+").
COUNT_LIMIT = 10001
GROUP_COLUMNS = ["lead_id", "score", "lead_count", "similar_class"]
HAS_DUPLICATES = [("similar_duplicate_count", ">", 0)]


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def admin_env(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    return api.Environment(cr, env.ref("base.user_admin").id, {})


def run_job(registry):
    """Seconds of the scheduled job until it has nothing left, one commit
    per batch as in a cron worker."""
    start = time.perf_counter()
    while True:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if not env["crm.lead.similar.pair"]._rescore_step():
                break
    return time.perf_counter() - start


def full_rescan(registry):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["crm.lead.similar.pair"]._request_rescore_all()
    return run_job(registry)


def create_leads(registry):
    """Seconds to create 1,000 leads in one transaction (a third repeating a
    known email) and commit them, as an import does: nothing reads their
    pairs, so the commit logs them for the job and wakes it."""
    rng = random.Random(7)
    with registry.cursor() as cr:
        cr.execute(
            "SELECT email_from FROM crm_lead WHERE email_from IS NOT NULL"
            " ORDER BY md5(id::text) LIMIT %s",
            [NEW_LEADS],
        )
        emails = [row[0] for row in cr.fetchall()]
        env = admin_env(cr)
        start = time.perf_counter()
        env["crm.lead"].create(
            [
                {
                    "name": f"New lead {index}",
                    "email_from": rng.choice(emails)
                    if index % 3 == 0
                    else f"new{index}@bench-scan.example",
                }
                for index in range(NEW_LEADS)
            ]
        )
    return time.perf_counter() - start  # committed


def first_pages(registry):
    """Median milliseconds of the first page of the queue and of the "Has
    Similar Leads" filter (with their counts), as the administrator, in the
    web client's calls: the page with its fields, then the count of the
    list."""
    queue, leads = [], []
    with registry.cursor() as cr:
        env = admin_env(cr)
        for _round in range(ROUNDS):
            env.invalidate_all()
            start = time.perf_counter()
            Group = env["crm.lead.duplicate.group"]
            groups = Group.search_fetch([], GROUP_COLUMNS, limit=PAGE)
            groups.read(GROUP_COLUMNS)
            Group.search_count([], limit=COUNT_LIMIT)
            queue.append(1000 * (time.perf_counter() - start))
            env.invalidate_all()
            start = time.perf_counter()
            Lead = env["crm.lead"]
            found = Lead.search_fetch(HAS_DUPLICATES, ["name"], limit=PAGE)
            found.mapped("similar_duplicate_count")
            Lead.search_count(HAS_DUPLICATES, limit=COUNT_LIMIT)
            leads.append(1000 * (time.perf_counter() - start))
        total = env["crm.lead.duplicate.group"].search_count([])
    return statistics.median(queue), statistics.median(leads), total


def main():
    registry = registry_from_command_line(__doc__.splitlines()[0])
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_lead")
        total = cr.fetchone()[0]
    full_seconds = full_rescan(registry)
    create_seconds = create_leads(registry)
    job_seconds = run_job(registry)
    queue_ms, filter_ms, groups = first_pages(registry)
    rows = [
        (
            "full rescan of every lead (scheduled job, batches committed)",
            f"{full_seconds:.0f} s",
            f"< 5 min at 1,000,000: {met(full_seconds < 300)}",
        ),
        (
            f"create {NEW_LEADS:,} leads and commit them (an import)",
            f"{create_seconds:.1f} s",
            "",
        ),
        (
            f"scheduled job after {NEW_LEADS:,} new leads (scoring them)",
            f"{job_seconds:.1f} s",
            f"< 10 s: {met(job_seconds < 10)}",
        ),
        (
            f"first page of the queue ({groups:,} groups)",
            f"{queue_ms:.0f} ms",
            "",
        ),
        (
            '"Has Similar Leads" filter, first page of 80 with counts',
            f"{filter_ms:.0f} ms",
            f"< 1 s: {met(filter_ms < 1000)}",
        ),
        ("peak memory of the Python process", f"{peak_rss_mb():.0f} MB", "bounded"),
    ]
    print(f"\nDuplicate review queue, {total:,} leads:\n")
    print("| metric | value | target |")
    print("|---|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def met(condition):
    return "met" if condition else "**NOT met**"


if __name__ == "__main__":
    main()
