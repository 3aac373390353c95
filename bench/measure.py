"""Measures one side of ``bench/run``: core, or the addon once installed.

Times reading the similar-lead count (core's ``duplicate_lead_count``, or the
addon's ``similar_duplicate_count`` once it is installed) for pages of 80
leads and creating 1,000 leads through the ORM, times the merge proposal (the
addon), and checks that generated duplicates are found. Writes the numbers
to a JSON file, which ``report.py`` reads.

    measure.py -c CONFIG -d DATABASE --out FILE [--pages K] [--seed S]
"""

import json
import os
import random

from bench_common import (
    admin_env,
    argument_parser,
    measured,
    open_registry,
    strip_accents,
)
from generate import (
    COMPANY_TRADES,
    COMPANY_WORDS,
    DUPLICATE_EVERY,
    FIRST_NAMES,
    LAST_NAMES,
    LEGAL_FORMS,
    PRODUCTS,
    PUBLIC_PROVIDERS,
)

from odoo.tools import SQL

PAGE_SIZE = 80
CREATE_COUNT = 1000
CREATE_BATCH_SIZE = 100
#: Creation is measured this many times and the fastest run kept: noise on a
#: shared machine only ever adds time.
CREATE_ROUNDS = 5
#: Generated duplicates whose detection is checked after each measurement.
SANITY_SAMPLE = 300


def pick_pages(env, count, seed):
    """``count`` random pages of the lead list (active leads, by id)."""
    Lead = env["crm.lead"]
    total = Lead.search_count([])
    rng = random.Random(seed)
    return [
        Lead.search(
            [],
            order="id",
            offset=rng.randrange(max(total - PAGE_SIZE, 1)),
            limit=PAGE_SIZE,
        ).ids
        for _page in range(count)
    ]


def measure_pages(env, field, pages):
    """Time and SQL queries to read ``field`` on each page, from a cold ORM
    cache, as when the list view shows a page."""
    times, queries, positive = [], [], 0
    for ids in pages:
        env.invalidate_all()
        with measured(env.cr) as took:
            counts = env["crm.lead"].browse(ids).mapped(field)
        times.append(took.ms)
        queries.append(took.queries)
        positive += sum(1 for count in counts if count)
    return {"ms": times, "queries": queries, "positive": positive}


def creation_values(env, seed):
    """Values of CREATE_COUNT leads as an import brings them: new people, and
    one in eight a known person again (same email or phone)."""
    rng = random.Random(seed)
    env.cr.execute(
        """SELECT email_from, phone FROM crm_lead WHERE email_from IS NOT NULL
            ORDER BY md5(id::text) LIMIT 200"""
    )
    known = env.cr.fetchall()
    countries = [env.ref("base.fr").id, env.ref("base.be").id, False]
    values = []
    for number in range(CREATE_COUNT):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        words = (
            rng.choice(COMPANY_WORDS),
            rng.choice(COMPANY_TRADES),
            rng.choice(LEGAL_FORMS),
        )
        company = " ".join(words).strip()
        if number % DUPLICATE_EVERY == 0:
            email, phone = rng.choice(known)
        else:
            local = strip_accents(f"{first}.{last}{number}").lower()
            email = f"{local}@{rng.choice(PUBLIC_PROVIDERS)}"
            pairs = [
                rng.randrange(10, 59),
                *(rng.randrange(10, 99) for _pair in range(3)),
            ]
            phone = "06 " + " ".join(map(str, pairs))
        values.append(
            {
                "name": f"{company} - {rng.choice(PRODUCTS)}",
                "type": "lead",
                "contact_name": f"{first} {last}",
                "partner_name": company,
                "email_from": email,
                "phone": phone,
                "country_id": rng.choice(countries),
            }
        )
    return values


def measure_creation(registry, values, batch_size, job_seconds=None, queries=None):
    """Seconds to create ``values`` through the ORM ``batch_size`` at a time,
    each batch committed (what the commit does: flush, then the pre-commit
    hooks, core's tracking and the addon's log of saved leads; the
    post-commit wake-up of the job is left out, as core's are), in a
    transaction rolled back so that every measurement runs on the same
    leads. With the addon, if ``job_seconds`` is a list, the seconds the
    scheduled job then takes to score the created leads are appended to it,
    and if ``queries`` is a list, the SQL queries of the creation."""
    with registry.cursor() as cr:
        env = admin_env(cr)
        Lead = env["crm.lead"]
        with measured(cr) as took:
            for index in range(0, len(values), batch_size):
                Lead.create(values[index : index + batch_size])
                env.flush_all()
                cr.precommit.run()
        if queries is not None:
            queries.append(took.queries)
        cr.postcommit.clear()
        if job_seconds is not None and "crm.lead.similar.pair" in env:
            from odoo.addons.crm_similar_leads.engine import rescore_job

            with measured() as job:
                while rescore_job.step(env):
                    pass  # the job's batches, without its commits
            job_seconds.append(job.seconds)
        cr.rollback()
    return took.seconds


def check_duplicates_found(env, field, seed):
    """How many generated duplicates list their original, on a sample of
    duplicates that share an email, a customer or names with their original,
    neither of them won (won leads are not offered for merging)."""
    cr = env.cr
    cr.execute(
        SQL(
            """SELECT lead.lead_id, lead.original_id
                 FROM bench_lead lead
                 JOIN bench_person person ON person.p = lead.p
                 JOIN crm_lead original ON original.id = lead.original_id
                 JOIN crm_lead duplicate ON duplicate.id = lead.lead_id
                WHERE original.won_status <> 'won' AND duplicate.active
                  AND duplicate.won_status <> 'won'
                  AND (person.has_partner OR person.has_company_name
                       OR person.has_email AND lead.variant IN (0, 1))
                ORDER BY md5(lead.lead_id::text || %s)
                LIMIT %s""",
            str(seed),
            SANITY_SAMPLE,
        )
    )
    pairs = cr.fetchall()
    env.invalidate_all()
    leads = env["crm.lead"].browse([lead_id for lead_id, _original_id in pairs])
    listed_field = (
        "similar_lead_ids"
        if field == "similar_duplicate_count"
        else "duplicate_lead_ids"
    )
    found = sum(
        1
        for lead, (_lead_id, original_id) in zip(leads, pairs, strict=True)
        if lead[field] > 0 and original_id in lead[listed_field].ids
    )
    counted = sum(1 for lead in leads if lead[field] > 0)
    return {"sample": len(pairs), "found": found, "counted": counted}


def measure_proposal(registry, values, count=20):
    """Milliseconds to save a lead that duplicates a known one and get the
    merge proposal (the form's save, then its check), each rolled back."""
    duplicates = [
        vals for index, vals in enumerate(values) if index % DUPLICATE_EVERY == 0
    ]
    times = []
    with registry.cursor() as cr:
        env = admin_env(cr)
        for vals in duplicates[:count]:
            with measured() as took:
                lead = env["crm.lead"].create(vals)
                env.flush_all()
                lead.action_similar_proposal()
            times.append(took.ms)
            cr.rollback()
    return times


def inserted_leads():
    """Leads inserted (and rolled back) by the creation measurements."""
    return CREATE_BATCH_SIZE + 2 * CREATE_ROUNDS * CREATE_COUNT


def server_version(cr):
    cr.execute("SHOW server_version")
    return cr.fetchone()[0].split()[0]


def measure(registry, env, args):
    """Every measurement of one side (core, or with the addon), to JSON."""
    field = (
        "similar_duplicate_count"
        if "similar_duplicate_count" in env["crm.lead"]._fields
        else "duplicate_lead_count"
    )
    pages = pick_pages(env, args.pages + 1, args.seed)
    measure_pages(env, field, pages[:1])  # warm-up: caches of Odoo and PostgreSQL
    result = {
        "field": field,
        "leads": env["crm.lead"].with_context(active_test=False).search_count([]),
        "postgresql": server_version(env.cr),
        "cpus": os.cpu_count(),
        "page_ids": pages[1:],
        "pages": measure_pages(env, field, pages[1:]),
        "sanity": check_duplicates_found(env, field, args.seed),
    }
    env.cr.rollback()  # no transaction left open on the leads created next
    values = creation_values(env, args.seed)
    measure_creation(registry, values[:CREATE_BATCH_SIZE], CREATE_BATCH_SIZE)  # warm-up
    result["create_batch_s"] = min(
        measure_creation(registry, values, CREATE_BATCH_SIZE)
        for _round in range(CREATE_ROUNDS)
    )
    job_seconds, queries = [], []
    result["create_single_s"] = min(
        measure_creation(registry, values, 1, job_seconds, queries)
        for _round in range(CREATE_ROUNDS)
    )
    result["create_single_queries"] = min(queries) / len(values)
    if job_seconds:
        result["create_job_s"] = min(job_seconds)
    if field == "similar_duplicate_count":
        result["proposal_ms"] = measure_proposal(registry, values)
    # The rolled back leads stay in the indexes until VACUUM: GIN indexes
    # (trigram) keep them in a pending list that every search reads.
    result["pages_after_inserts"] = measure_pages(env, field, pages[1:])
    with open(args.out, "w") as file:
        json.dump(result, file, indent=1)


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True, help="JSON file to write")
    args = parser.parse_args()
    registry = open_registry(args, "--log-level=warn")
    with registry.cursor() as cr:
        measure(registry, admin_env(cr), args)


if __name__ == "__main__":
    main()
