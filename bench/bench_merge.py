"""Benchmark of merging leads: crm_similar_leads against core Odoo's merge.

Creates 10 leads carrying messages, attachments and activities, then times
core's own ``_merge_opportunity`` (called past the addon's override) and the
addon's merge (journal included), then the undo of that merge, on the same
leads, each in a transaction rolled back afterwards, and counts their SQL
queries. The addon is measured with two data volumes to show that its query
count does not grow with the number of messages or attachments.

Run by ``bench/merge`` on a database with ``crm`` and the addon installed,
with Odoo's source on ``PYTHONPATH``.
"""

import statistics

from bench_common import (
    markdown_table,
    measured,
    met,
    output,
    registry_from_command_line,
    speed,
    superuser_env,
)

from odoo import SUPERUSER_ID

LEADS = 10
#: (messages, attachments, activities) per lead. The activities stay: their
#: stored names are recomputed through the ORM, which writes them in batches
#: of 100 (one query per 100 activities moved), whereas messages and
#: attachments move in one query whatever their number.
VOLUMES = {"full": (500, 100, 20), "small": (50, 10, 20)}
ROUNDS = 2


def environment(cr):
    return superuser_env(cr, tracking_disable=False)


def create_leads(env, messages, attachments, activities):
    """``LEADS`` leads with their messages, attachments and activities,
    created in batches (this setup is not what is measured)."""
    leads = env["crm.lead"].create(
        [
            {
                "name": f"Merge bench {index}",
                "email_from": "merge.bench@bench-merge.example",
                "type": "opportunity" if index % 2 else "lead",
            }
            for index in range(LEADS)
        ]
    )
    comment = env.ref("mail.mt_comment").id
    env["mail.message"].create(
        [
            {
                "model": "crm.lead",
                "res_id": lead.id,
                "body": f"<p>Message {number} on {lead.name}</p>",
                "message_type": "comment",
                "subtype_id": comment,
            }
            for lead in leads
            for number in range(messages)
        ]
    )
    env["ir.attachment"].create(
        [
            {
                "name": f"file-{number}.txt",
                "raw": f"attachment {number} of {lead.name}".encode(),
                "res_model": "crm.lead",
                "res_id": lead.id,
            }
            for lead in leads
            for number in range(attachments)
        ]
    )
    todo = env.ref("mail.mail_activity_data_todo")
    model_id = env["ir.model"]._get_id("crm.lead")
    env["mail.activity"].create(
        [
            {
                "res_model_id": model_id,
                "res_id": lead.id,
                "activity_type_id": todo.id,
                "summary": f"Activity {number}",
                "user_id": SUPERUSER_ID,
            }
            for lead in leads
            for number in range(activities)
        ]
    )
    env.flush_all()
    return leads.ids


def timed(cr, env, step):
    """Seconds and SQL queries of ``step()``, flushed."""
    env.invalidate_all()
    with measured(cr) as took:
        step()
        env.flush_all()
    return took.seconds, took.queries


def timed_merge(registry, lead_ids, merge, undo=False):
    """``[(seconds, queries)]`` of one merge (and of its undo), rolled back."""
    with registry.cursor() as cr:
        env = environment(cr)
        leads = env["crm.lead"].browse(lead_ids)
        results = [timed(cr, env, lambda: merge(leads))]
        if undo:
            journal = env["crm.lead.merge.journal"].search(
                [("master_id", "in", lead_ids)], limit=1
            )
            results.append(timed(cr, env, journal._undo))
        cr.rollback()
    return results


def measure(registry, lead_ids, merge, undo=False):
    """Best time and median queries, of the merge (and of the undo)."""
    runs = [timed_merge(registry, lead_ids, merge, undo) for _round in range(ROUNDS)]
    return [
        (
            min(run[step][0] for run in runs),
            statistics.median(run[step][1] for run in runs),
        )
        for step in range(len(runs[0]))
    ]


def core_merge(leads):
    """Core's own merge, past the addon's override (core's class, found in
    the model's classes once the registry has loaded the addons)."""
    core = next(
        cls
        for cls in type(leads).__mro__
        if cls.__module__ == "odoo.addons.crm.models.crm_lead"
    )
    core._merge_opportunity(leads, max_length=0)


def addon_merge(leads):
    from odoo.addons.crm_similar_leads.engine import lead_merge

    lead_merge.LeadMerge(leads).run()


def addon_preview(leads):
    """What the merge window shows before the merge: the values that change
    and the linked records that move."""
    from odoo.addons.crm_similar_leads.engine import lead_merge

    lead_merge.LeadMerge(leads).preview()


def addon_preview_and_merge(leads):
    addon_preview(leads)
    addon_merge(leads)


def measure_all(registry):
    """Every figure of the table, by name."""
    lead_ids = {}
    for volume, counts in VOLUMES.items():
        with registry.cursor() as cr:
            lead_ids[volume] = create_leads(environment(cr), *counts)
    full, small = lead_ids["full"], lead_ids["small"]
    # Warm-up (caches of the registry: views, fields), not measured: the
    # query counts then compare data volumes, not cold and warm caches.
    timed_merge(registry, small, addon_merge, undo=True)
    timed_merge(registry, small, addon_preview)
    f = {}
    [(f["core_s"], f["core_q"])] = measure(registry, full, core_merge)
    (f["addon_s"], f["addon_q"]), (f["undo_s"], f["undo_q"]) = measure(
        registry, full, addon_merge, undo=True
    )
    (f["small_s"], f["small_q"]), (_undo_seconds, f["small_undo_q"]) = measure(
        registry, small, addon_merge, undo=True
    )
    [(f["preview_s"], f["preview_q"])] = measure(registry, full, addon_preview)
    [(_small_seconds, f["small_preview_q"])] = measure(registry, small, addon_preview)
    [(f["both_s"], _both_queries)] = measure(registry, full, addon_preview_and_merge)
    return f


def table_rows(f):
    """The rows of the table: core against the addon, with the targets."""
    small = "{} messages, {} attachments, {} activities".format(*VOLUMES["small"])
    few = f"{VOLUMES['small'][0]} messages..."
    preview = f"{f['preview_q']:.0f} ({f['small_preview_q']:.0f})"
    return [
        (
            "time",
            f"{f['core_s']:.2f} s",
            f"{f['addon_s']:.2f} s",
            speed(f["core_s"], f["addon_s"]),
            "< 2 s and >= 10x: "
            + met(f["addon_s"] < 2 and f["core_s"] / f["addon_s"] >= 10, bold=True),
        ),
        (
            "SQL queries",
            f"{f['core_q']:.0f}",
            f"{f['addon_q']:.0f}",
            f"{f['core_q'] / f['addon_q']:.0f}x fewer",
            "",
        ),
        (
            f"SQL queries with {small} per lead",
            "",
            f"{f['small_q']:.0f} ({f['small_s']:.2f} s)",
            "",
            "same as above: " + met(f["addon_q"] <= f["small_q"], bold=True),
        ),
        (
            "the window's preview, then the merge",
            f"{f['core_s']:.2f} s",
            f"{f['both_s']:.2f} s",
            speed(f["core_s"], f["both_s"]),
            ">= 10x: " + met(f["core_s"] / f["both_s"] >= 10, bold=True),
        ),
        (
            f"SQL queries of the preview (with {few})",
            "",
            f"{preview}, {f['preview_s']:.2f} s",
            "",
            "does not grow: " + met(f["preview_q"] <= f["small_preview_q"], bold=True),
        ),
        (
            "undo of the merge",
            "",
            f"{f['undo_s']:.2f} s",
            "",
            "< 2 s: " + met(f["undo_s"] < 2, bold=True),
        ),
        (
            f"SQL queries of the undo (with {few})",
            "",
            f"{f['undo_q']:.0f} ({f['small_undo_q']:.0f})",
            "",
            "does not grow: " + met(f["undo_q"] <= f["small_undo_q"], bold=True),
        ),
    ]


def main():
    registry = registry_from_command_line(__doc__.splitlines()[0])
    figures = measure_all(registry)
    messages, attachments, activities = VOLUMES["full"]
    output(
        f"\nMerging {LEADS} leads, each with {messages} messages, {attachments} "
        f"attachments and {activities} activities (best of {ROUNDS}):\n",
        *markdown_table(
            ("metric", "core", "crm_similar_leads", "ratio", "target"),
            ("---", "---:", "---:", "---:", "---"),
            table_rows(figures),
        ),
    )


if __name__ == "__main__":
    main()
