"""The values a merge changes on the leads, recorded to be put back.

A snapshot holds every value an undo may restore; the journal keeps, per
lead, the fields whose value changed: the value before, and a digest of the
value after, enough to tell whether someone edited it since (a conflict).
"""

import hashlib
import json

from odoo import fields, models

SKIPPED_PREFIXES = ("message_", "activity_")


def journal_fields(Lead):
    """The stored values of a lead an undo restores: every column but the
    ORM's own, computed ones included (a probability computed in the
    meantime is put back as it was). Links to other records (many2many,
    one2many) are journaled by the move of references."""
    return [
        name
        for name, field in Lead._fields.items()
        if field.store
        and field.column_type
        and field.type != "binary"
        and name not in models.MAGIC_COLUMNS
        and not name.startswith(SKIPPED_PREFIXES)
    ]


def _jsonable(record, fname):
    field = record._fields[fname]
    value = record[fname]
    if field.type == "many2one":
        return value.id or False
    if field.type == "date":
        return fields.Date.to_string(value) if value else False
    if field.type == "datetime":
        return fields.Datetime.to_string(value) if value else False
    if field.type == "html":
        return str(value) if value else False
    if field.type == "properties":
        return field.convert_to_write(value, record) or False
    return value


def digest(value):
    return hashlib.md5(
        json.dumps(value, sort_keys=True, default=str).encode(), usedforsecurity=False
    ).hexdigest()


def snapshot(leads):
    """``{lead id: {field: JSON value}}``, read with the rights the merge
    needs (the merging user may write the leads, not every related model)."""
    leads = leads.sudo().with_context(active_test=False)
    names = journal_fields(leads)
    return {lead.id: {name: _jsonable(lead, name) for name in names} for lead in leads}


def changes(before, after):
    """``{lead id: {field: [value before, digest after]}}`` of what changed."""
    result = {}
    for lead_id, old_values in before.items():
        new_values = after.get(lead_id, {})
        changed = {
            name: [old, digest(new_values.get(name))]
            for name, old in old_values.items()
            if digest(old) != digest(new_values.get(name))
        }
        if changed:
            result[str(lead_id)] = changed
    return result


def split_restorable(lead, changed):
    """``(values to write back, conflicting field names)``: a value edited
    since the merge stays as it is now. Computed values follow: they go back
    unless a value of the lead was edited since (they may derive from it)."""
    current = {name: _jsonable(lead, name) for name in changed if name in lead._fields}
    restore, conflicts, computed = {}, [], {}
    for name, (old, after_digest) in changed.items():
        if name not in current:
            continue
        field = lead._fields[name]
        if field.compute and field.readonly:
            computed[name] = old
        elif digest(current[name]) == after_digest:
            restore[name] = old
        else:
            conflicts.append(name)
    if not conflicts:
        restore.update(computed)
    return restore, conflicts
