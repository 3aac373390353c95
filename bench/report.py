"""Prints the report of ``bench/run``: the markdown table comparing the two
measurements of ``measure.py`` (core, then the addon) with their targets.
Exits non-zero when the addon's sanity check fails (a generated duplicate not
listing its original).

    report.py CORE.json ADDON.json --install-seconds S
"""

import argparse
import json
import statistics
import sys

from bench_common import markdown_table, met, output, speed, summary
from measure import CREATE_BATCH_SIZE, CREATE_COUNT, PAGE_SIZE, inserted_leads


def page_rows(core, addon):
    """The rows of the page timings and of their SQL queries."""
    core_ms, addon_ms = summary(core["pages"]["ms"]), summary(addon["pages"]["ms"])
    core_after, addon_after = (
        summary(core["pages_after_inserts"]["ms"]),
        summary(addon["pages_after_inserts"]["ms"]),
    )
    speed_target = f">= 5x faster: {met(core_ms[0] / addon_ms[0] >= 5)}"
    core_queries, addon_queries = core["pages"]["queries"], addon["pages"]["queries"]
    rows = [
        (
            f"page of 80 leads, {name}",
            *(f"{ms[step]:.1f} ms" for ms in (core_ms, addon_ms)),
            speed(core_ms[step], addon_ms[step]),
            target,
        )
        for step, name, target in (
            (0, "mean", speed_target),
            (1, "median", ""),
            (2, "p95", ""),
        )
    ]
    return [
        *rows,
        (
            f"page of 80 leads, mean, after {inserted_leads():,} inserts (no VACUUM)",
            f"{core_after[0]:.1f} ms",
            f"{addon_after[0]:.1f} ms",
            speed(core_after[0], addon_after[0]),
            "",
        ),
        (
            "SQL queries per page, mean (max); ratio core / addon",
            f"{statistics.mean(core_queries):.0f} ({max(core_queries)})",
            f"{statistics.mean(addon_queries):.0f} ({max(addon_queries)})",
            f"{statistics.mean(core_queries) / statistics.mean(addon_queries):.1f}x",
            f"<= 3: {met(max(addon_queries) <= 3)}",
        ),
    ]


def creation_rows(core, addon):
    """The rows of lead creation, the job it wakes and the merge proposal."""
    rows = []
    for key, label in (
        ("create_batch_s", f"batches of {CREATE_BATCH_SIZE}"),
        ("create_single_s", "one by one"),
    ):
        extra = 100 * (addon[key] / core[key] - 1)
        rows.append(
            (
                f"create {CREATE_COUNT:,} leads, {label}",
                f"{core[key]:.2f} s",
                f"{addon[key]:.2f} s",
                f"{extra:+.1f}%",
                f"< +10%: {met(extra < 10)}",
            )
        )
    if "create_single_queries" in core and "create_single_queries" in addon:
        per_lead = (core["create_single_queries"], addon["create_single_queries"])
        rows.append(
            (
                "SQL queries per lead created one by one",
                f"{per_lead[0]:.1f}",
                f"{per_lead[1]:.1f}",
                f"{per_lead[1] - per_lead[0]:+.1f}",
                "",
            )
        )
    if "create_job_s" in addon:
        rows.append(
            (
                f"then score the {CREATE_COUNT:,} new leads (the job the commits wake)",
                "",
                f"{addon['create_job_s']:.2f} s",
                "",
                "",
            )
        )
    if "proposal_ms" in addon:
        proposal = summary(addon["proposal_ms"])
        rows.append(
            (
                "save a duplicate and get the merge proposal, median (p95)",
                "",
                f"{proposal[1]:.0f} ms ({proposal[2]:.0f} ms)",
                "",
                f"< 100 ms: {met(proposal[1] < 100)}",
            )
        )
    return rows


def result_rows(core, addon, install_seconds):
    """The rows of the install, and of the leads found similar."""
    pages = len(addon["page_ids"])
    return [
        (
            "install (keys and scored pairs of every lead, indexes)",
            "",
            f"{install_seconds:.1f} s",
            "",
            "",
        ),
        (
            "leads of the pages with a count > 0",
            *(
                f"{side['pages']['positive']} / {pages * PAGE_SIZE}"
                for side in (core, addon)
            ),
            "",
            "",
        ),
        (
            "generated duplicates listing their original",
            *(
                f"{side['sanity']['found']} / {side['sanity']['sample']}"
                for side in (core, addon)
            ),
            "",
            "all",
        ),
    ]


def report(core, addon, install_seconds):
    """The markdown table of core against the addon, with the targets."""
    if core["page_ids"] != addon["page_ids"]:
        sys.exit("The two measurements did not read the same pages.")
    leads, pages = addon["leads"], len(addon["page_ids"])
    rows = [
        *page_rows(core, addon),
        *creation_rows(core, addon),
        *result_rows(core, addon, install_seconds),
    ]
    core_ms, addon_ms = summary(core["pages"]["ms"]), summary(addon["pages"]["ms"])
    output(
        f"\n{leads:,} leads, {pages} random pages of {PAGE_SIZE}, "
        f"PostgreSQL {addon['postgresql']}, {addon['cpus']} CPUs\n",
        *markdown_table(
            ("metric", "core", "crm_similar_leads", "ratio", "target"),
            ("---", "---:", "---:", "---:", "---"),
            rows,
        ),
        "\nPer page, ms (mean / median / p95):",
        *(
            f"- {name}: " + " / ".join(f"{ms:.1f}" for ms in times)
            for name, times in (("core", core_ms), ("crm_similar_leads", addon_ms))
        ),
    )
    sample, counted, found = (
        addon["sanity"][k] for k in ("sample", "counted", "found")
    )
    if counted < sample or found < sample:
        sys.exit(
            f"Sanity check failed: of {sample} generated duplicates, {counted} have "
            f"a count > 0 and {found} list their original."
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("core", help="JSON file of the core measurement")
    parser.add_argument("addon", help="JSON file of the addon measurement")
    parser.add_argument("--install-seconds", type=float, required=True)
    args = parser.parse_args()
    with open(args.core) as file:
        core = json.load(file)
    with open(args.addon) as file:
        addon = json.load(file)
    report(core, addon, args.install_seconds)


if __name__ == "__main__":
    main()
