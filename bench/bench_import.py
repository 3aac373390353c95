"""Benchmark of Odoo's import of leads with the duplicate check at the door
(``engine/import_check.py``) against core's import of the same file.

Three commands, run by ``bench/import``:

``file``
    writes a CSV file of N rows (a trade fair's list: a quarter are people
    of the existing leads written again, some exactly, some not; a few rows
    repeat an earlier row; the others are new people), seeded.
``measure``
    imports the file as the web client does, batch by batch
    (``base_import.import.execute_import`` with ``limit``/``skip``), as the
    administrator: the test step (``dryrun``) and the import, each batch
    flushed as its commit flushes (the pre-commit hooks run), the whole run
    rolled back at the end (the next run starts from the same leads); with
    the addon, the test step and the import for each choice. Writes seconds
    to JSON.
``report``
    the markdown table of both sides.
"""

import csv
import io
import json
import random
import sys
import time
from pathlib import Path

from bench_common import (
    admin_env,
    argument_parser,
    markdown_table,
    measured,
    met,
    open_registry,
    output,
    strip_accents,
)
from generate import COMPANY_TRADES, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, PRODUCTS

from odoo.tools import SQL

FIELDS = ["name", "type", "contact_name", "partner_name", "email_from", "phone", "city"]
HEADER = [
    "Opportunity",
    "Type",
    "Contact Name",
    "Company Name",
    "Email",
    "Phone",
    "City",
]
OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "tracking_disable": True,
}
#: The web client's batch size (``base_import``'s ``limit`` option).
BATCH = 2000
#: Each run is measured this many times and the fastest kept: noise on a
#: shared machine only ever adds time.
ROUNDS = 2
#: A row in KNOWN_EVERY is a person of the existing leads.
KNOWN_EVERY = 4
#: A row in REPEAT_EVERY repeats an earlier new person of the file.
REPEAT_EVERY = 20
#: The targets (README's issue 27).
TEST_STEP_TARGET = 30.0
SLOWER_TARGET = 1.20
CITIES = ["Lyon", "Lille", "Nantes", "Köln", "Gent", "Bordeaux", "Rennes", "Bonn"]


# -- the file ----------------------------------------------------------------


def make_rows(env, count, seed):
    """The rows of the file, and how many of each kind."""
    rng = random.Random(seed)
    known_count = count // KNOWN_EVERY
    env.cr.execute(SQL("SELECT setseed(%s)", (seed % 1000) / 1000))
    env.cr.execute(
        SQL(
            """SELECT contact_name, partner_name, email_from, phone, city
                 FROM crm_lead
                WHERE active AND email_from IS NOT NULL AND contact_name IS NOT NULL
                ORDER BY random() LIMIT %s""",
            known_count,
        )
    )
    known = env.cr.fetchall()
    rows, new_people, kinds = [], [], dict.fromkeys(("exact", "other", "repeat"), 0)
    for index in range(count):
        product = rng.choice(PRODUCTS)
        city = rng.choice(CITIES)
        if index % KNOWN_EVERY == 1 and known:
            contact, company, email, phone, old_city = known.pop()
            variant = rng.randrange(3)
            if variant == 0:  # the same person, the same mailbox: exact
                rows.append(
                    [
                        f"Fair: {product}",
                        "Lead",
                        contact,
                        company,
                        email.upper(),
                        "",
                        old_city,
                    ]
                )
                kinds["exact"] += 1
            elif variant == 1:  # name in capitals, the number only
                rows.append(
                    [
                        f"Fair: {product}",
                        "Lead",
                        contact.upper(),
                        company,
                        "",
                        phone,
                        old_city,
                    ]
                )
                kinds["other"] += 1
            else:  # another mailbox
                local = strip_accents(contact).lower().replace(" ", ".")
                rows.append(
                    [
                        f"Fair: {product}",
                        "Lead",
                        contact,
                        "",
                        f"{local}@gmail.com",
                        "",
                        city,
                    ]
                )
                kinds["other"] += 1
            continue
        if index % REPEAT_EVERY == 7 and new_people:
            row = list(rng.choice(new_people))
            row[0] = f"Fair: {product} (second visit)"
            row[4] = row[4].upper()
            rows.append(row)
            kinds["repeat"] += 1
            continue
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        word, trade = rng.choice(COMPANY_WORDS), rng.choice(COMPANY_TRADES)
        domain = strip_accents(f"{word}-{trade}-{index}").lower() + ".example"
        local = strip_accents(f"{first}.{last}").lower().replace(" ", "")
        row = [
            f"Fair: {product}",
            "Lead",
            f"{first} {last}",
            f"{word} {trade}",
            f"{local}@{domain}",
            f"+33 6 {rng.randrange(10**8):08d}",
            city,
        ]
        rows.append(row)
        new_people.append(row)
    return rows, kinds


def write_file(args):
    registry = open_registry(args, "--log-level=warn")
    with registry.cursor() as cr:
        rows, kinds = make_rows(admin_env(cr), args.rows, args.seed)
        cr.rollback()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    Path(args.out).write_text(out.getvalue(), encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(
        json.dumps({"rows": len(rows), **kinds})
    )
    output(
        f"{len(rows)} rows: {kinds['exact']} known people with the same mailbox, "
        f"{kinds['other']} known people written otherwise, {kinds['repeat']} "
        "repeating an earlier row"
    )


# -- measuring ---------------------------------------------------------------


def check_seconds():
    """Wraps the addon's duplicate check to add up its own seconds."""
    from odoo.addons.crm_similar_leads.engine import import_check

    spent = {"seconds": 0.0}
    original = import_check.ImportCheck._check

    def timed(check, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(check, *args, **kwargs)
        finally:
            spent["seconds"] += time.perf_counter() - start

    import_check.ImportCheck._check = timed
    return spent


def import_once(registry, data, dryrun, choice=None):
    """One import of ``data`` (the test step if ``dryrun``), batch by batch
    as the web client runs it; rolled back. Returns (seconds, rows imported,
    the sums of the batches' reports)."""
    report = {}
    with registry.cursor() as cr:
        env = admin_env(cr)
        wizard = env["base_import.import"].create(
            {
                "res_model": "crm.lead",
                "file": data,
                "file_type": "text/csv",
                "file_name": "fair.csv",
            }
        )
        cr.flush()
        imported, skip = 0, 0
        with measured() as took:
            while True:
                options = {**OPTIONS, "limit": BATCH, "skip": skip}
                if choice:
                    options["similar_duplicates"] = choice
                result = wizard.execute_import(FIELDS, HEADER, options, dryrun=dryrun)
                if result.get("messages"):
                    sys.exit(f"Import failed: {result['messages'][:3]}")
                imported += len(result.get("ids") or [])
                for key, value in (result.get("similar_duplicates") or {}).items():
                    if isinstance(value, int) and not isinstance(value, bool):
                        report[key] = report.get(key, 0) + value
                cr.flush()  # as the batch's commit: the pre-commit hooks
                if not result.get("nextrow"):
                    break
                skip = result["nextrow"]
        cr.rollback()
    return took.seconds, imported, report


def vacuum(registry):
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE crm_lead")


def measure(args):
    registry = open_registry(args, "--log-level=warn")
    data = Path(args.file).read_bytes()
    spent = check_seconds() if args.side == "addon" else None
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM crm_lead")
        leads = cr.fetchone()[0]
    runs = [("test", True, None), ("import", False, None)]
    if spent is not None:
        runs = [
            ("test", True, "import"),
            ("test_merge", True, "merge"),
            ("import", False, "import"),
            ("import_skip", False, "skip"),
            ("import_merge", False, "merge"),
        ]
    measured_runs = {}
    for _round in range(args.rounds):
        for name, dryrun, choice in runs:
            vacuum(registry)
            if spent is not None:
                spent["seconds"] = 0.0
            seconds, imported, report = import_once(registry, data, dryrun, choice)
            output(f"{name}: {seconds:.1f} s, {imported} rows, {report}")
            if name in measured_runs and measured_runs[name]["seconds"] <= seconds:
                continue
            measured_runs[name] = {
                "seconds": seconds,
                "rows": imported,
                "check_seconds": spent["seconds"] if spent is not None else None,
                "report": report,
            }
    Path(args.out).write_text(
        json.dumps({"leads": leads, "runs": measured_runs}, indent=1)
    )


# -- the report --------------------------------------------------------------


def report(args):
    core = json.loads(Path(args.core).read_text())
    addon = json.loads(Path(args.addon).read_text())
    kinds = json.loads(Path(args.file).with_suffix(".json").read_text())
    core_runs, runs = core["runs"], addon["runs"]
    rows = [
        ("core Odoo 19: Test", f"{core_runs['test']['seconds']:.1f}", "", "", "", ""),
        (
            "core Odoo 19: Import",
            f"{core_runs['import']['seconds']:.1f}",
            "",
            "",
            "",
            "",
        ),
    ]
    labels = {
        "test": ("Test (the report)", "test"),
        "test_merge": ("Test, merge chosen", "test"),
        "import": ("Import every row", "import"),
        "import_skip": ("Import, skip the exact duplicates", "import"),
        "import_merge": ("Import, merge the exact duplicates", "import"),
    }
    for key, (label, against) in labels.items():
        run, found = runs[key], runs[key]["report"]
        ratio = run["seconds"] / core_runs[against]["seconds"]
        verdict = (
            f"check {met(run['check_seconds'] < TEST_STEP_TARGET)}"
            if against == "test"
            else met(ratio <= SLOWER_TARGET)
        )
        counts = (
            f"{found.get('count', 0)} reported, {found.get('exact', 0)} exact, "
            f"{found.get('skipped', 0)} skipped, {found.get('merged', 0)} merged"
        )
        rows.append(
            (
                f"addon: {label}",
                f"{run['seconds']:.1f}",
                f"{run['check_seconds']:.1f}",
                f"{ratio:.2f}x",
                verdict,
                counts,
            )
        )
    output(
        f"{kinds['rows']:,} rows imported in batches of {BATCH:,} against "
        f"{addon['leads']:,} existing leads ({kinds['exact']} known people with "
        f"the same mailbox, {kinds['other']} written otherwise, {kinds['repeat']} "
        "repeating an earlier row), fastest of "
        f"{args.rounds} runs; targets: the Test step's check under "
        f"{TEST_STEP_TARGET:.0f} s, the Import at most "
        f"{SLOWER_TARGET - 1:.0%} slower than core's:",
        "",
        *markdown_table(
            [
                "",
                "seconds",
                "of which the duplicate check",
                "against core",
                "target",
                "found",
            ],
            ["---", "---:", "---:", "---:", "---", "---"],
            rows,
        ),
    )


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("command", choices=("file", "measure", "report"))
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--file")
    parser.add_argument("--out")
    parser.add_argument("--core")
    parser.add_argument("--addon")
    parser.add_argument("--side", choices=("core", "addon"), default="addon")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    {"file": write_file, "measure": measure, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
