"""Benchmark of the duplicate review queue and the "Has Similar Leads" filter.

Times a full rescan of every lead (the scheduled job, batch by batch, each
committed), then 1,000 leads created through the ORM and committed, and the
job their commit wakes scoring them, then the first page of the queue and of the
"Has Similar Leads" filter, and reports the peak memory of the process.

Run by ``bench/scan`` on a database with generated leads and the addon
installed, with Odoo's source on ``PYTHONPATH``.
"""

import random
import statistics

from bench_common import (
    admin_env,
    markdown_table,
    measured,
    met,
    output,
    peak_rss_mb,
    registry_from_command_line,
    superuser_env,
)

NEW_LEADS = 1000
PAGE = 80
ROUNDS = 5
#: What the web client counts up to under a list ("1-80 / 10000+").
COUNT_LIMIT = 10001
GROUP_COLUMNS = ["lead_id", "score", "lead_count", "similar_class"]
HAS_DUPLICATES = [("similar_duplicate_count", ">", 0)]


def rescore_job():
    """The addon's job module (importable once the registry is loaded)."""
    from odoo.addons.crm_similar_leads.engine import rescore_job as job

    return job


def run_job(registry):
    """Seconds of the scheduled job until it has nothing left, one commit
    per batch as in a cron worker."""
    with measured() as took:
        while True:
            with registry.cursor() as cr:
                env = superuser_env(cr)
                if not rescore_job().step(env):
                    break
    return took.seconds


def full_rescan(registry):
    with registry.cursor() as cr:
        rescore_job().request_rescore_all(superuser_env(cr))
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
    values = [
        {
            "name": f"New lead {index}",
            "email_from": rng.choice(emails)
            if index % 3 == 0
            else f"new{index}@bench-scan.example",
        }
        for index in range(NEW_LEADS)
    ]
    with measured() as took, registry.cursor() as cr:
        admin_env(cr)["crm.lead"].create(values)
    return took.seconds  # committed


def bench_users(registry):
    """A sales manager (every lead: the queue as stored) and a salesperson
    limited to their own leads, who reads the unassigned ones (the queue made
    from the pairs they read); created once, kept."""
    with registry.cursor() as cr:
        env = superuser_env(cr)
        Users = env["res.users"].with_context(active_test=False)
        users = {}
        for login, group in (
            ("bench_manager", "sales_team.group_sale_manager"),
            ("bench_seller", "sales_team.group_sale_salesman"),
        ):
            user = Users.search([("login", "=", login)]) or Users.create(
                {
                    "name": login,
                    "login": login,
                    "group_ids": [(6, 0, [env.ref(group).id])],
                }
            )
            users[login] = user.id
        # The salesperson's own leads: one unassigned lead in twenty.
        cr.execute(
            """UPDATE crm_lead SET user_id = %s
                WHERE user_id IS NULL AND id %% 20 = 0
                  AND NOT EXISTS (SELECT FROM crm_lead WHERE user_id = %s)""",
            [users["bench_seller"], users["bench_seller"]],
        )
    return users


def first_pages(registry, uid, mine=False):
    """Median milliseconds of the first page of the queue (``mine``: My
    Duplicates) and of the "Has Similar Leads" filter (with their counts),
    as ``uid``, in the web client's calls: the page with its fields, then
    the count of the list."""
    queue, leads = [], []
    domain = [("is_mine", "=", True)] if mine else []
    with registry.cursor() as cr:
        env = superuser_env(cr)(user=uid, su=False)
        for _round in range(ROUNDS):
            env.invalidate_all()
            with measured() as took:
                Group = env["crm.lead.duplicate.group"]
                groups = Group.search_fetch(domain, GROUP_COLUMNS, limit=PAGE)
                groups.read(GROUP_COLUMNS)
                Group.search_count(domain, limit=COUNT_LIMIT)
            queue.append(took.ms)
            env.invalidate_all()
            with measured() as took:
                Lead = env["crm.lead"]
                found = Lead.search_fetch(HAS_DUPLICATES, ["name"], limit=PAGE)
                found.mapped("similar_duplicate_count")
                Lead.search_count(HAS_DUPLICATES, limit=COUNT_LIMIT)
            leads.append(took.ms)
        total = env["crm.lead.duplicate.group"].search_count(domain)
    return statistics.median(queue), statistics.median(leads), total


def page_rows(registry, users, when):
    """The rows of the first pages, as the manager and as the salesperson."""
    rows = []
    for who, queue, uid, mine in (
        ("a sales manager", "the queue", users["bench_manager"], False),
        ("an own-leads salesperson", "the queue", users["bench_seller"], False),
        ("an own-leads salesperson", "My Duplicates", users["bench_seller"], True),
    ):
        queue_ms, filter_ms, groups = first_pages(registry, uid, mine)
        rows += [
            (
                f"{when}: {who}, {queue} ({groups:,} groups), first page and count",
                f"{queue_ms:.0f} ms",
                f"< 1 s: {met(queue_ms < 1000)}",
            ),
            (
                f'{when}: {who}, "Has Similar Leads", first page and count',
                f"{filter_ms:.0f} ms",
                f"< 1 s: {met(filter_ms < 1000)}",
            ),
        ]
    return rows


def main():
    registry = registry_from_command_line(__doc__.splitlines()[0])
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_lead")
        total = cr.fetchone()[0]
    users = bench_users(registry)
    installed = page_rows(registry, users, "as installed")
    full_seconds = full_rescan(registry)
    rescanned = page_rows(registry, users, "after the rescan")
    create_seconds = create_leads(registry)
    job_seconds = run_job(registry)
    rows = [
        *installed,
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
        *rescanned,
        ("peak memory of the Python process", f"{peak_rss_mb():.0f} MB", "bounded"),
    ]
    output(
        f"\nDuplicate review queue, {total:,} leads:\n",
        *markdown_table(("metric", "value", "target"), ("---", "---:", "---"), rows),
    )


if __name__ == "__main__":
    main()
