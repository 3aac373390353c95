"""What a merge or an undo changes on a lead, as people read it: one list,
built by one function, for the merge window's preview, the dry run of a
mass merge, the merge note and the undo preview."""

from ..tools import merge_rules
from .display import NUMBERS, display_value, display_written, field_label

#: Longer values are shortened in the lists of changes.
VALUE_LIMIT = 120

__all__ = ["VALUE_LIMIT", "field_label", "status_change", "value_changes"]


def value_changes(record, values, fnames=None):
    """``[{field, label, before, after}]``: the values ``values`` (as
    ``write()`` takes them) would change on ``record``, as they show (a value
    written another way but shown alike is no change). ``fnames``: only
    these fields."""
    result = []
    for fname, value in values.items():
        if fnames is not None and fname not in fnames:
            continue
        before = display_value(record, fname)
        after = display_written(record, fname, value)
        if before != after and not (before and after) and _is_number(record, fname):
            # A number changing to or from 0 reads 0, not an empty cell.
            before = display_value(record, fname, zero=True)
            after = display_written(record, fname, value, zero=True)
        if before != after:
            result.append(
                {
                    "field": fname,
                    "label": field_label(record, fname),
                    "before": merge_rules.shortened(before, VALUE_LIMIT),
                    "after": merge_rules.shortened(after, VALUE_LIMIT),
                }
            )
    return result


def _is_number(record, fname):
    return record._fields[fname].type in NUMBERS


def status_change(env, before, after):
    """A change of status (a lost lead back in the pipeline, a merged lead
    back as it was), in the same shape."""
    return {
        "field": "active",
        "label": env._("Status"),
        "before": before,
        "after": after,
    }


def back_in_pipeline(env, undone=False):
    """A lost record kept that a merge brings back in the pipeline (the
    other way round when the merge is ``undone``)."""
    lost, back = env._("Lost"), env._("Back in the pipeline")
    return status_change(env, back, lost) if undone else status_change(env, lost, back)
