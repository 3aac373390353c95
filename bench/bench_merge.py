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

# A command-line report: it prints its table.
# pylint: disable=print-used

import statistics
import time

from bench_common import registry_from_command_line

from odoo import SUPERUSER_ID, api

LEADS = 10
#: (messages, attachments, activities) per lead. The activities stay: their
#: stored names are recomputed through the ORM, which writes them in batches
#: of 100 (one query per 100 activities moved), whereas messages and
#: attachments move in one query whatever their number.
VOLUMES = {"full": (500, 100, 20), "small": (50, 10, 20)}
ROUNDS = 2


def environment(cr):
    return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": False})


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
    queries, start = cr.sql_log_count, time.perf_counter()
    step()
    env.flush_all()
    return time.perf_counter() - start, cr.sql_log_count - queries


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
    leads._similar_merge()


def addon_preview(leads):
    """What the merge window shows before the merge: the values that change
    and the linked records that move."""
    from odoo.addons.crm_similar_leads.engine import lead_merge

    lead_merge.LeadMerge(leads).preview()


def addon_preview_and_merge(leads):
    addon_preview(leads)
    addon_merge(leads)


def main():
    registry = registry_from_command_line(__doc__.splitlines()[0])

    lead_ids = {}
    for volume, counts in VOLUMES.items():
        with registry.cursor() as cr:
            lead_ids[volume] = create_leads(environment(cr), *counts)
    # Warm-up (caches of the registry: views, fields), not measured: the
    # query counts then compare data volumes, not cold and warm caches.
    timed_merge(registry, lead_ids["small"], addon_merge, undo=True)
    timed_merge(registry, lead_ids["small"], addon_preview)
    [(core_seconds, core_queries)] = measure(registry, lead_ids["full"], core_merge)
    (addon_seconds, addon_queries), (undo_seconds, undo_queries) = measure(
        registry, lead_ids["full"], addon_merge, undo=True
    )
    (small_seconds, small_queries), (_undo_seconds, small_undo_queries) = measure(
        registry, lead_ids["small"], addon_merge, undo=True
    )
    [(preview_seconds, preview_queries)] = measure(
        registry, lead_ids["full"], addon_preview
    )
    [(_small_preview, small_preview_queries)] = measure(
        registry, lead_ids["small"], addon_preview
    )
    [(both_seconds, _both_queries)] = measure(
        registry, lead_ids["full"], addon_preview_and_merge
    )

    messages, attachments, activities = VOLUMES["full"]
    small = VOLUMES["small"]
    print(
        f"\nMerging {LEADS} leads, each with {messages} messages, {attachments} "
        f"attachments and {activities} activities (best of {ROUNDS}):\n"
    )
    print("| metric | core | crm_similar_leads | ratio | target |")
    print("|---|---:|---:|---:|---|")
    speedup = core_seconds / addon_seconds
    met = "met" if addon_seconds < 2 and speedup >= 10 else "NOT met"
    print(
        f"| time | {core_seconds:.2f} s | {addon_seconds:.2f} s "
        f"| {speedup:.1f}x faster | < 2 s and >= 10x: **{met}** |"
    )
    print(
        f"| SQL queries | {core_queries:.0f} | {addon_queries:.0f} "
        f"| {core_queries / addon_queries:.0f}x fewer | |"
    )
    grows = "NOT met" if addon_queries > small_queries else "met"
    print(
        f"| SQL queries with {small[0]} messages, {small[1]} attachments, "
        f"{small[2]} activities per lead | | {small_queries:.0f} "
        f"({small_seconds:.2f} s) | | same as above: **{grows}** |"
    )
    speedup = core_seconds / both_seconds
    met = "met" if speedup >= 10 else "NOT met"
    print(
        f"| the window's preview, then the merge | {core_seconds:.2f} s "
        f"| {both_seconds:.2f} s | {speedup:.1f}x faster | >= 10x: **{met}** |"
    )
    grows = "NOT met" if preview_queries > small_preview_queries else "met"
    print(
        f"| SQL queries of the preview (with {small[0]} messages...) | "
        f"| {preview_queries:.0f} ({small_preview_queries:.0f}), "
        f"{preview_seconds:.2f} s | | does not grow: **{grows}** |"
    )
    met = "met" if undo_seconds < 2 else "NOT met"
    print(f"| undo of the merge | | {undo_seconds:.2f} s | | < 2 s: **{met}** |")
    grows = "NOT met" if undo_queries > small_undo_queries else "met"
    print(
        f"| SQL queries of the undo (with {small[0]} messages...) | "
        f"| {undo_queries:.0f} ({small_undo_queries:.0f}) | | does not grow: "
        f"**{grows}** |"
    )


if __name__ == "__main__":
    main()
