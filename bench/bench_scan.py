"""Benchmark of the duplicate review queue's scan.

Times the full scan of every lead, then the incremental scan after 1,000
leads are created through the ORM, and reports the peak memory of the
Python process (the scan runs in SQL: it never loads the leads).

Run by ``bench/scan`` on a database with generated leads and the addon
installed, with Odoo's source on ``PYTHONPATH``.
"""

# A command-line report: it prints its table.
# pylint: disable=print-used

import random
import resource
import time

from bench_common import registry_from_command_line

from odoo import SUPERUSER_ID, api

NEW_LEADS = 1000


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_scan(registry, full):
    """Seconds of one scan, committed (leaving the block commits)."""
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        groups = env["crm.lead.duplicate.group"]._scan(full=full)
    return time.perf_counter() - start, groups


def create_leads(registry):
    """1,000 leads, a third of them repeating an email of an existing lead."""
    rng = random.Random(7)
    with registry.cursor() as cr:
        cr.execute(
            "SELECT email_from FROM crm_lead WHERE email_from IS NOT NULL"
            " ORDER BY md5(id::text) LIMIT %s",
            [NEW_LEADS],
        )
        emails = [row[0] for row in cr.fetchall()]
        env = api.Environment(cr, SUPERUSER_ID, {})
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


def main():
    registry = registry_from_command_line(__doc__.splitlines()[0])
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_lead")
        total = cr.fetchone()[0]
    full_seconds, full_groups = timed_scan(registry, full=True)
    create_leads(registry)
    incremental_seconds, incremental_groups = timed_scan(registry, full=False)
    full_met = "met" if full_seconds < 300 else "NOT met"
    incremental_met = "met" if incremental_seconds < 10 else "NOT met"
    print(f"\nDuplicate review queue, {total:,} leads:\n")
    print("| metric | value | target |")
    print("|---|---:|---|")
    print(
        f"| full scan | {full_seconds:.1f} s ({full_groups:,} groups) "
        f"| < 5 min at 1,000,000: **{full_met}** |"
    )
    print(
        f"| incremental scan after {NEW_LEADS:,} new leads "
        f"| {incremental_seconds:.2f} s ({incremental_groups:,} groups rewritten) "
        f"| < 10 s: **{incremental_met}** |"
    )
    print(f"| peak memory of the Python process | {peak_rss_mb():.0f} MB | bounded |")


if __name__ == "__main__":
    main()
