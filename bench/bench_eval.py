"""Detection quality on a labelled set: core Odoo's "Similar Leads" against the
addon's duplicates, precision, recall and F1 over pairs of leads.

Generates the leads of ``eval_data.generate`` (seeded: the same leads every
run), creates them through the ORM as users would (customer contacts and
companies included), then compares the pairs each side calls duplicates with
the true pairs (two leads of one entity). Core's pairs are its own
``duplicate_lead_ids``; the addon's, the stored pairs of class "duplicate"
with the default thresholds. Run by ``bench/eval``.
"""

# A command-line report: it prints its table.
# pylint: disable=print-used

import itertools
import random
import re
import time
from collections import Counter, defaultdict

import baseline
import febrl
from bench_common import registry_from_command_line
from eval_data import generate, generate_b2c, generate_requests

from odoo import SUPERUSER_ID, api

BATCH = 500


def salespeople(env, count, seed):
    """A pick of ``count`` new salespeople or nobody for each lead (seeded),
    or None: every lead is then the bench user's."""
    if not count:
        return None
    users = env["res.users"].create(
        [
            {
                "name": f"Eval salesperson {number}",
                "login": f"eval_salesperson_{number}",
                "group_ids": [(4, env.ref("sales_team.group_sale_salesman").id)],
            }
            for number in range(count)
        ]
    )
    owners = [*users.ids, False]
    rng = random.Random(seed)
    return lambda: rng.choice(owners)


def create_leads(env, rows, owner=None):
    """The generated leads, created through the ORM (each given to
    ``owner()`` if given); ``{lead id: row}``."""
    countries = {c.code: c.id for c in env["res.country"].search([])}
    companies, contacts = {}, {}
    for row in rows:
        if row["commercial"] and row["commercial"] not in companies:
            companies[row["commercial"]] = env["res.partner"].create(
                {"name": row["commercial"], "is_company": True}
            )
    for row in rows:
        if row["partner"] and row["partner"] not in contacts:
            parent = companies.get(row["commercial"])
            contacts[row["partner"]] = env["res.partner"].create(
                {
                    "name": row["contact_name"] or row["partner"],
                    "parent_id": parent.id if parent else False,
                    "email": row["email_from"],
                    "phone": row["phone"],
                }
            )
    by_id = {}
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        values_list = [_values(row, countries, contacts) for row in chunk]
        if owner:
            for values in values_list:
                values["user_id"] = owner()
        leads = env["crm.lead"].create(values_list)
        created = dict(zip(leads.ids, chunk, strict=True))
        leads.browse([i for i, row in created.items() if row["lost"]]).action_set_lost()
        by_id.update(created)
    env.flush_all()
    return by_id


def _values(row, countries, contacts):
    values = {
        "name": row["name"],
        "type": row["type"],
        "contact_name": row["contact_name"],
        "partner_name": row["partner_name"],
        "email_from": row["email_from"],
        "phone": row["phone"],
        "expected_revenue": row["expected_revenue"],
        "country_id": countries.get(row["country"]) if row["country"] else False,
    }
    # Postal addresses (the B2C and FEBRL sets; the 5,000 leads have none).
    for field in ("street", "street2", "zip", "city", "state_id"):
        if row.get(field):
            values[field] = row[field]
    if row["partner"]:
        values["partner_id"] = contacts[row["partner"]].id
        # Linking a customer fills the lead from it: keep the typed values.
        values.update(contact_name=row["contact_name"], email_from=row["email_from"])
    return values


def true_pairs(by_id):
    by_entity = defaultdict(list)
    for lead_id, row in by_id.items():
        by_entity[row["entity"]].append(lead_id)
    return {
        frozenset(pair)
        for ids in by_entity.values()
        for pair in itertools.combinations(sorted(ids), 2)
    }


def core_pairs(env, ids):
    """Core's "Similar Leads" of every lead, as pairs."""
    leads = env["crm.lead"].with_context(active_test=False).browse(ids)
    found = set()
    for lead in leads:
        for other in lead.duplicate_lead_ids:
            if other.id != lead.id and other.id in ids:
                found.add(frozenset((lead.id, other.id)))
    return found


def addon_pairs(env, ids):
    """The addon's duplicates of every lead, as pairs (what its Similar
    Leads buttons count, read in one go)."""
    # Importable once the registry has set the addons path up.
    from odoo.addons.crm_similar_leads.engine import (
        detection,
    )

    found = set()
    leads = env["crm.lead"].with_context(active_test=False).browse(sorted(ids))
    for lead_id, lead_matches in detection.find_matches(leads, True).items():
        for match in lead_matches:
            if match.lead_id in ids:
                found.add(frozenset((lead_id, match.lead_id)))
    return found


def scored_pairs(env, ids):
    """``{pair: score}`` of the stored pairs among ``ids``."""
    env.cr.execute(
        """SELECT lead_id, other_id, score FROM crm_lead_similar_pair
            WHERE lead_id < other_id AND lead_id = ANY(%s)""",
        [sorted(ids)],
    )
    return {
        frozenset((lead_id, other_id)): score
        for lead_id, other_id, score in env.cr.fetchall()
        if other_id in ids
    }


def sweep(scored, truth):
    """Precision and recall of the duplicate class for other thresholds:
    where the default (6) comes from."""
    print("\nThe duplicate threshold (Settings), tried on the same pairs:\n")
    print("| duplicate from | precision | recall | F1 |")
    print("|---:|---:|---:|---:|")
    for threshold in (3, 4, 5, 6, 7, 8, 9, 10):
        found = {pair for pair, score in scored.items() if score >= threshold}
        precision, recall, f1 = scores(found, truth)
        print(f"| {threshold} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")


def scores(found, truth):
    true_positive = len(found & truth)
    precision = true_positive / len(found) if found else 1.0
    recall = true_positive / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def by_case(by_id, truth, core, addon):
    """Per class of case: true pairs found, and pairs wrongly called
    duplicates, by each side."""
    rows = {}
    case_of = {lead_id: row["case"] for lead_id, row in by_id.items()}
    for name, (truth_set, predicted) in {
        "core": (truth, core),
        "addon": (truth, addon),
    }.items():
        for pair in truth_set:
            case = case_of[min(pair)]
            counter = rows.setdefault(case, Counter())
            counter["true"] += 1 if name == "core" else 0
            counter[f"{name} found"] += pair in predicted
        for pair in predicted - truth_set:
            for lead_id in pair:
                rows.setdefault(case_of[lead_id], Counter())[f"{name} wrong"] += 1
    return rows


def report(by_id, truth, core, addon, seconds, salespeople=0):
    owners = f", given to {salespeople} salespeople or to nobody" if salespeople else ""
    print(
        f"\n{len(by_id)} labelled leads{owners}, {len(truth)} true duplicate pairs "
        f"(created and scored in {seconds:.0f} s):\n"
    )
    print("| | precision | recall | F1 | pairs called duplicates |")
    print("|---|---:|---:|---:|---:|")
    for name, found in (("core Odoo 19", core), ("crm_similar_leads", addon)):
        precision, recall, f1 = scores(found, truth)
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {len(found)} |")
    print(
        "\nBy class of case (leads of a trap class wrongly paired: counted per lead):\n"
    )
    print("| case | true pairs | core found | addon found | core wrong | addon wrong |")
    print("|---|---:|---:|---:|---:|---:|")
    for case, counter in sorted(by_case(by_id, truth, core, addon).items()):
        print(
            f"| {case} | {counter['true']} | {counter['core found']} "
            f"| {counter['addon found']} | {counter['core wrong']} "
            f"| {counter['addon wrong']} |"
        )


def main():
    registry, options = registry_from_command_line(
        __doc__.splitlines()[0],
        leads=5000,
        seed=19,
        salespeople=0,
        b2c=600,
        requests=400,
        febrl=0,
    )
    rows = generate(options["leads"], options["seed"])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        started = time.perf_counter()
        owner = salespeople(env, options["salespeople"], options["seed"])
        by_id = create_leads(env, rows, owner)
        ids = set(by_id)
        addon = addon_pairs(env, ids)
        seconds = time.perf_counter() - started
        core = core_pairs(env, ids)
        truth = true_pairs(by_id)
        report(by_id, truth, core, addon, seconds, options["salespeople"])
        sweep(scored_pairs(env, ids), truth)
        cr.rollback()
    if options["b2c"]:
        b2c_rows = generate_b2c(options["b2c"], options["seed"] + 5)
        measure_set(registry, "B2C leads (names and postal addresses)", b2c_rows)
    if options["requests"]:
        rows = generate_requests(options["requests"], options["seed"] + 12)
        measure_set(registry, "One person writes again (requests, not deals)", rows)
    for number in febrl.SETS if options["febrl"] else ():
        measure_set(registry, f"FEBRL {number} as leads", febrl_rows(number))


# ------------------------------------------------------------
# SETS OF NAMES AND POSTAL ADDRESSES (issue 24): B2C, FEBRL
# ------------------------------------------------------------


def febrl_rows(number):
    """FEBRL data set ``number`` (1 or 2) as rows of ``create_leads``: names
    and addresses only, one entity per cluster of true duplicates."""
    records, links = febrl.load(number)
    entity_of = febrl.entities(list(records), links)
    rows = []
    for record_id, record in records.items():
        values = febrl.lead_values(record)
        rows.append(
            {
                "ref": record_id,
                "entity": entity_of[record_id],
                "case": f"febrl{number}",
                "name": "Website enquiry",  # says nothing: no deal part
                "type": "lead",
                "contact_name": values["contact_name"],
                "partner_name": "",
                "email_from": "",
                "phone": "",
                "expected_revenue": 0.0,
                "country": "AU",
                "partner": None,
                "commercial": None,
                "lost": False,
                "street": values["street"],
                "street2": values["street2"],
                "zip": values["zip"],
                "city": values["city"],
                "state_code": values["state_code"],
                "_febrl": {field: record[field] for field in febrl.FIELDS},
            }
        )
    return rows


_LEADING_NUMBER = re.compile(r"^\s*(\d+\s*[a-zA-Z]?\b(?:\s*bis|\s*ter)?)[\s,]*(.*)$")
_TRAILING_NUMBER = re.compile(r"^(.*?)[\s,]+(\d+\s*[a-zA-Z]?)\s*$")


def baseline_fields(row):
    """A lead's values as FEBRL's fields, for the baseline: the first word
    of the name as the given name (the word after a comma, or the word not
    in capitals, when the surname comes first), the house number read at
    the start or the end of the street."""
    if row.get("_febrl"):
        return row["_febrl"]
    name = row["contact_name"] or ""
    head, comma, tail = name.partition(",")
    words = (tail + " " + head if comma else name).split()
    if len(words) > 1 and words[0].isupper() and not words[1].isupper():
        words = [*words[1:], words[0]]
    street = row.get("street") or ""
    number, line = "", street
    if match := _LEADING_NUMBER.match(street):
        number, line = match.group(1), match.group(2)
    elif match := _TRAILING_NUMBER.match(street):
        line, number = match.group(1), match.group(2)
    return {
        "given_name": words[0] if len(words) > 1 else "",
        "surname": " ".join(words[1:]) if len(words) > 1 else " ".join(words),
        "street_number": number.strip(),
        "address_1": line.strip(),
        "address_2": row.get("street2") or "",
        "suburb": row.get("city") or "",
        "postcode": row.get("zip") or "",
        "state": row.get("state_code") or "",
    }


def measure_set(registry, label, rows):
    """Creates ``rows`` as leads in a transaction of their own (rolled back:
    no pair mixes with another set's), and prints precision, recall and F1
    of core, the addon and the baseline."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        states = {
            state.code: state.id
            for state in env["res.country.state"].search(
                [("country_id.code", "=", "AU")]
            )
        }
        for row in rows:
            row["state_id"] = states.get(row.get("state_code") or "")
        started = time.perf_counter()
        by_id = create_leads(env, rows)
        ids = set(by_id)
        addon = addon_pairs(env, ids)
        seconds = time.perf_counter() - started
        core = core_pairs(env, ids)
        truth = true_pairs(by_id)
        started = time.perf_counter()
        by_ref = {row["ref"]: lead_id for lead_id, row in by_id.items()}
        records = {row["ref"]: baseline_fields(row) for row in by_id.values()}
        ecm = {
            frozenset(by_ref[ref] for ref in pair)
            for pair in baseline.ecm_pairs(records)
        }
        baseline_seconds = time.perf_counter() - started
        print(
            f"\n{label}: {len(by_id)} leads, {len(truth)} true duplicate pairs "
            f"(created and scored in {seconds:.0f} s, "
            f"baseline in {baseline_seconds:.0f} s):\n"
        )
        methods = {
            "core Odoo 19": core,
            "crm_similar_leads": addon,
            "recordlinkage ECM (baseline)": ecm,
        }
        print("| | precision | recall | F1 | pairs called duplicates |")
        print("|---|---:|---:|---:|---:|")
        for name, found in methods.items():
            precision, recall, f1 = scores(found, truth)
            shown = f"{precision:.3f}" if found else "-"  # nothing called
            print(f"| {name} | {shown} | {recall:.3f} | {f1:.3f} | {len(found)} |")
        if len({row["case"] for row in by_id.values()}) > 1:
            set_by_case(by_id, truth, methods)
        cr.rollback()


def set_by_case(by_id, truth, methods):
    """Per class of case: true pairs each method found, and leads of each
    class it wrongly paired (core, addon, baseline: in this order)."""
    case_of = {lead_id: row["case"] for lead_id, row in by_id.items()}
    rows = defaultdict(Counter)
    for pair in truth:
        rows[case_of[min(pair)]]["true"] += 1
    short = ("core", "addon", "ECM")
    for name, found in zip(short, methods.values(), strict=True):
        for pair in found & truth:
            rows[case_of[min(pair)]][f"{name} found"] += 1
        for pair in found - truth:
            for lead_id in pair:
                rows[case_of[lead_id]][f"{name} wrong"] += 1
    print("\nBy class of case (trap leads wrongly paired: counted per lead):\n")
    print("| case | true pairs |", " | ".join(f"{n} found" for n in short), end=" | ")
    print(" | ".join(f"{n} wrong" for n in short), "|")
    print("|---|---:|" + "---:|" * 2 * len(short))
    for case, counter in sorted(rows.items()):
        found = " | ".join(str(counter[f"{n} found"]) for n in short)
        wrong = " | ".join(str(counter[f"{n} wrong"]) for n in short)
        print(f"| {case} | {counter['true']} | {found} | {wrong} |")


if __name__ == "__main__":
    main()
