"""Which values survive a merge: pure functions, no ORM.

Records are given oldest first, the order a merge reads them in: the record
created first is kept by default and its values take priority.
"""

from markupsafe import Markup


def is_empty(value):
    """None, False, blank strings and empty collections are empty; 0 is not."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return not value
    return False


def default_source(values, master_id):
    """The record whose value survives by default.

    ``values`` is ``[(record_id, value)]`` oldest first. The master's value
    wins when it has one, unless another record holds it completed (the
    fullest such value, oldest first); else the first non-empty one, oldest
    first.
    """
    by_record = dict(values)
    master_value = by_record.get(master_id)
    if not is_empty(master_value):
        fuller = [
            (len(_filled(value)), record_id)
            for record_id, value in values
            if completes(value, master_value)
        ]
        # The fullest, oldest first among equals (max keeps the first).
        return max(fuller, key=lambda item: item[0])[1] if fuller else master_id
    return next(
        (record_id for record_id, value in values if not is_empty(value)), master_id
    )


def _filled(value):
    """``{index: part}`` of the parts of a value of several fields (a
    tuple) that are set."""
    if not isinstance(value, tuple):
        return {} if is_empty(value) else {0: value}
    return {index: part for index, part in enumerate(value) if not is_empty(part)}


def completes(value, other):
    """Whether ``value`` (several fields, e.g. an address) holds every part
    ``other`` holds, the same, and more: the same address with its zip and
    street where ``other`` only has the town."""
    mine, theirs = _filled(value), _filled(other)
    return len(mine) > len(theirs) and all(
        mine.get(index) == part for index, part in theirs.items()
    )


def value_options(values, comparable=None):
    """Records holding each distinct non-empty value, first holder only.

    ``comparable(record_id, value)`` gives what two values are compared on
    (a normalised email, an E.164 phone): values equal once normalised are
    one option. Two options or more mean the user has a choice to make.
    """
    seen, options = set(), []
    for record_id, value in values:
        if is_empty(value):
            continue
        key = comparable(record_id, value) if comparable else value
        key = repr(key)  # lists and dicts are values too
        if key in seen:
            continue
        seen.add(key)
        options.append(record_id)
    return options


def most_advanced_live(records):
    """The record whose pipeline state the merge keeps by default.

    ``records`` is ``[(record_id, live, stage_sequence, probability)]``
    oldest first; ``live`` means neither lost nor archived; ``probability``
    is one a person set (None for Odoo's estimate). The most advanced live
    record wins (highest stage, then highest probability, then oldest);
    None when no record is live: then the usual rules apply.
    """
    live = [record for record in records if record[1]]
    if not live:
        return None
    # max() keeps the first of equals: the oldest.
    return max(live, key=lambda record: (record[2] or 0, record[3] or 0))[0]


def merged_type(types):
    """An opportunity if any merged record is one."""
    return "opportunity" if "opportunity" in types else "lead"


def merged_priority(priorities):
    """The highest priority ("0" to "3")."""
    return max((p for p in priorities if p), default="0")


def merged_html(parts):
    """Non-empty HTML parts joined in order, nothing dropped."""
    kept = [
        Markup(part)
        for part in parts
        if not is_empty(part) and not _is_blank_html(part)
    ]
    return Markup("<br/><br/>").join(kept) if kept else False


def _is_blank_html(html):
    text = Markup(html).striptags() if isinstance(html, str) else ""
    return not text.strip() and "<img" not in str(html)


def merged_is_active(actives):
    """Whether the merged record is active: lost records come back to the
    pipeline, unless every merged record is lost or archived."""
    return any(actives)


def shortened(text, limit):
    """``text`` cut to ``limit`` characters, with an ellipsis if it was cut."""
    if not isinstance(text, str) or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"
