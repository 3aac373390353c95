"""Which values survive a merge: pure functions, no ORM.

Leads are given oldest first (the order a merge reads them in): seed 000 and
004 say the record created first wins, and its values take priority.
"""

from markupsafe import Markup


def is_empty(value):
    """False, None, "", empty recordsets and blank HTML are empty; 0 is not."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return not value
    return False


def default_source(values, master_id):
    """The lead whose value survives by default.

    ``values`` is ``[(lead_id, value)]`` oldest first. The master's value
    wins when it has one; else the first non-empty one, oldest first.
    """
    by_lead = dict(values)
    if not is_empty(by_lead.get(master_id)):
        return master_id
    return next(
        (lead_id for lead_id, value in values if not is_empty(value)), master_id
    )


def value_options(values):
    """Leads holding each distinct non-empty value, first holder only.

    Two options or more mean the user has a choice to make.
    """
    seen, options = [], []
    for lead_id, value in values:
        if is_empty(value) or value in seen:
            continue
        seen.append(value)
        options.append(lead_id)
    return options


def merged_type(types):
    """An opportunity if any merged record is one (seed 004)."""
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
    """Whether the merged record is active: lost leads come back to the
    pipeline (seed 004) unless every merged record is lost or archived."""
    return any(actives)
