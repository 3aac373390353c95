"""Leads from existing contacts, on the public FEBRL data sets 1 and 2: each
original record is a contact (``res.partner``), each of its duplicates a
lead arriving later; which contact does the addon propose first for each
lead (``tools/contacts.py``)? Pure: no database, the addon's keys and
scoring, candidates from the look-up keys with the caps of the indexed
look-ups (``bench/febrl.py``).

Core links a lead to a contact only on the same email: FEBRL records have
none, so core proposes no contact for any of these leads.

Run from the project's virtualenv: ``python bench/febrl_contacts.py``.
Data sets 3 and 4 stay for an independent check: never loaded here.
"""

# A command-line report: it prints its table.
# pylint: disable=print-used

import os
import sys
from collections import defaultdict

import febrl


def split(records):
    """``(contacts, leads)``: FEBRL's originals (``rec-N-org``) and their
    duplicates (``rec-N-dup-K``), as ``{record id: record}``."""
    contacts = {rid: record for rid, record in records.items() if "-org" in rid}
    leads = {rid: record for rid, record in records.items() if "-dup-" in rid}
    return contacts, leads


def contact_of(record_id, record, ids, contacts_tool, matching):
    values = febrl.lead_values(record)
    return contacts_tool.Contact(
        ids[record_id],
        values["contact_name"],
        postal=febrl.postal_address(values, matching),
    )


def evaluate(number, tools):
    """``{metric: value}`` of FEBRL set ``number``: the first contact
    proposed for each lead against its original."""
    contacts_tool, matching, normalize, scoring = tools
    records, links = febrl.load(number)
    contacts, leads = split(records)
    entity = febrl.entities(list(records), links)
    ids = {record_id: index for index, record_id in enumerate(records, 1)}
    countries = matching.Countries(default="AU")
    contact_profiles = {
        ids[rid]: contacts_tool.contact_profile(
            contact_of(rid, record, ids, contacts_tool, matching), countries, ()
        )
        for rid, record in contacts.items()
    }
    lead_profiles = febrl.profiles_of(
        {ids[rid]: febrl.lead_values(record) for rid, record in leads.items()},
        matching,
        normalize,
        scoring,
    )
    blocks = _blocks(contact_profiles, contacts, ids, normalize, matching)
    by_id = {ids[rid]: rid for rid in records}
    proposed = right = households = 0
    for lead_id, profile in lead_profiles.items():
        record = leads[by_id[lead_id]]
        candidates = _candidates(profile, record, blocks, normalize, matching)
        found = contacts_tool.proposed(
            profile, {cid: contact_profiles[cid] for cid in candidates}
        )
        truth = [
            cid
            for cid in contact_profiles
            if entity[by_id[cid]] == entity[by_id[lead_id]]
        ]
        if truth:
            own = scoring.compare(
                contacts_tool.as_person(profile), contact_profiles[truth[0]]
            )
            households += own.household
        if found:
            proposed += 1
            right += entity[by_id[found[0][0]]] == entity[by_id[lead_id]]
    total = len(lead_profiles)
    return {
        "leads": total,
        "contacts": len(contact_profiles),
        "proposed": proposed,
        "right": right,
        "precision": right / proposed if proposed else 1.0,
        "recall": right / total if total else 1.0,
        "households": households,
    }


def _keys(profile, name, normalize, matching):
    address = profile.address or {}
    keys = {field: address.get(field) for field in febrl.LOOK_UPS}
    keys["name"] = profile.person
    keys["name_sound"] = normalize.person_sound_key(name)
    keys["name_street"] = matching.name_street_key(name, address.get("street_key"))
    return keys


def _blocks(profiles, contacts, ids, normalize, matching):
    blocks = defaultdict(list)
    for rid, record in contacts.items():
        name = febrl.lead_values(record)["contact_name"]
        keys = _keys(profiles[ids[rid]], name, normalize, matching)
        for field, value in keys.items():
            if value:
                blocks[(field, value)].append(ids[rid])
    return blocks


def _candidates(profile, record, blocks, normalize, matching):
    name = febrl.lead_values(record)["contact_name"]
    found = set()
    for field, value in _keys(profile, name, normalize, matching).items():
        ids = blocks.get((field, value), []) if value else []
        if len(ids) <= febrl.LOOK_UPS[field]:  # beyond the cap: nothing
            found.update(ids)
    return found


def main():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from tools import contacts, matching, normalize, scoring

    tools = (contacts, matching, normalize, scoring)
    print(
        "| set | contacts | leads | a contact proposed | right | precision "
        "| recall | households (never proposed) | core (same email) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for number in febrl.SETS:
        m = evaluate(number, tools)
        print(
            f"| FEBRL{number} | {m['contacts']} | {m['leads']} | {m['proposed']} "
            f"| {m['right']} | {m['precision']:.3f} | {m['recall']:.3f} "
            f"| {m['households']} (recall at most "
            f"{1 - m['households'] / m['leads']:.3f}) | none proposed (no email) |"
        )


if __name__ == "__main__":
    main()
