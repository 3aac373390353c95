"""The undo engine: every undo of a merge runs here, as every merge runs in
``engine/lead_merge.py``.

One undo: check (rights, the leads still there and still merged, no later
merge into the record kept or of it), lock, move back what the merge moved
where it still is, write back the values it changed unless someone edited
them since (kept as they are now: a conflict), and post one note on each
lead. ``preview`` says all that beforehand.
"""

from typing import NamedTuple

from markupsafe import Markup

from odoo import fields
from odoo.exceptions import AccessError, UserError

from . import (
    changes,
    display,
    lead_rules,
    merge_checks,
    merge_link,
    merge_note,
    moved_kinds,
    references,
    value_journal,
)


class UndoPreview(NamedTuple):
    """What an undo would do now: ``{kind: rows}`` that go back and that
    cannot (deleted or moved again since), ``{lead: values written back}``
    and ``{lead: [fields edited since, kept as they are]}``."""

    rows: dict
    gone: dict
    values: dict
    conflicts: dict


class LeadUndo:
    """The undo of the merge ``journal`` (a ``crm.lead.merge.journal``).

    :param undone_with: the journals undone together with this one (a
        mass merge), the later ones first
    """

    def __init__(self, journal, undone_with=None):
        journal.ensure_one()
        self.journal = journal
        self.env = journal.env
        self.undone_with = undone_with or journal.browse()

    # ------------------------------------------------------------
    # CHECKS
    # ------------------------------------------------------------

    def check(self):
        """Who may undo, and whether it can be undone now."""
        env, journal = self.env, self.journal
        if journal.state != "done":
            raise UserError(env._("This merge was undone already."))
        is_manager = env.user.has_group("sales_team.group_sale_manager")
        if not (is_manager or journal.create_uid == env.user or env.su):
            raise AccessError(
                env._("Only sales managers and the person who merged can undo it.")
            )
        self._check_leads_still_there()
        journal._leads().check_access("write")
        self._check_not_merged_away()
        self._check_no_later_merge()

    def _check_leads_still_there(self):
        """Every lead the merge moved rows from or changed still exists, and
        every merged lead is still merged into the record kept: an undo never
        writes to a missing record."""
        env, journal = self.env, self.journal
        leads = journal._leads() | journal._leads().browse(self._journaled_ids())
        missing = leads - leads.exists()
        if missing:
            raise UserError(
                env._(
                    "%(count)s lead(s) of this merge were deleted since: what they "
                    "brought stays on %(lead)s, and this merge cannot be undone.",
                    count=len(missing),
                    lead=journal.master_id.display_name,
                )
            )
        astray = journal.tail_ids.sudo().filtered(
            lambda tail: tail.merged_into_id != journal.master_id
        )
        if astray:
            raise UserError(
                env._(
                    "%(lead)s is no longer merged into %(kept)s: this merge cannot "
                    "be undone.",
                    lead=astray[:1].display_name,
                    kept=journal.master_id.display_name,
                )
            )

    def _journaled_ids(self):
        """The ids of the leads the journal names: those whose values it
        changed and those it moved rows from."""
        ids = {int(lead_id) for lead_id in self.journal.changed_values or {}}
        ids.update(source for move in self.journal._moved() for source in move.rows)
        ids.discard(0)
        return ids

    def _check_not_merged_away(self):
        """The record kept was merged into another lead since: that merge is
        undone first (or together, later ones first)."""
        master = self.journal.master_id
        merging_away = self.undone_with.filtered(
            lambda journal: master in journal.tail_ids
        )
        if master.merged_into_id and not merging_away:
            raise UserError(
                self.env._(
                    "%(lead)s was merged into %(later)s since. Undo that merge first.",
                    lead=master.display_name,
                    later=master.merged_into_id.display_name,
                )
            )

    def _check_no_later_merge(self):
        """Merges into one record kept are undone from the last one: an
        earlier one would take back what the later ones brought."""
        journal = self.journal
        later = journal.sudo().search(
            [
                ("master_id", "=", journal.master_id.id),
                ("state", "=", "done"),
                ("id", ">", journal.id),
                ("id", "not in", self.undone_with.ids),
            ],
            order="id desc",
            limit=1,
        )
        if later:
            raise UserError(
                self.env._(
                    "%(leads)s were merged into %(lead)s after this merge: undo "
                    "that merge first (the undo of this one would take back what "
                    "they brought).",
                    leads=", ".join(later.tail_ids.mapped("display_name")),
                    lead=journal.master_id.display_name,
                )
            )

    # ------------------------------------------------------------
    # PREVIEW AND UNDO
    # ------------------------------------------------------------

    def _values(self, lead):
        """``(values to write back, fields edited since)`` of one lead."""
        changed = (self.journal.changed_values or {}).get(str(lead.id), {})
        return value_journal.split_restorable(lead, changed)

    def preview(self):
        """What :meth:`run` would do now, without changing anything."""
        env, journal = self.env, self.journal
        rows, gone = {}, {}
        restorable = references.restorable(
            env, "crm.lead", journal._moved(), journal.master_id.id
        )
        for change, still, lost in restorable:
            label = moved_kinds.label(env, change.reference)
            rows[label] = rows.get(label, 0) + still
            if lost or change.untracked:
                gone[label] = gone.get(label, 0) + lost + change.untracked
        values, conflicts = {}, {}
        for lead in journal._leads().sudo():
            values[lead], conflicts[lead] = self._values(lead)
        return UndoPreview(rows, gone, values, conflicts)

    def run(self):
        """Undoes the merge; returns the record kept."""
        journal = self.journal
        self.check()
        merge_checks.lock(journal)
        merge_checks.lock(journal._leads())
        journal.invalidate_recordset()
        self.check()  # nobody changes them now
        env = self.env
        master = journal.master_id
        gone = references.restore_references(
            env, "crm.lead", journal._moved(), master.id
        )
        conflicts = {}
        for lead in journal.tail_ids.sudo() | master.sudo():
            restore, conflicts[lead] = self._values(lead)
            with merge_link.engine_writes():
                _write_exactly(lead, restore)
        journal.sudo().write(
            {
                "state": "undone",
                "undone_uid": env.uid,
                "undone_date": fields.Datetime.now(),
            }
        )
        merge_note.mark_undone(journal)
        self._post_notes(gone, conflicts)
        return master

    def _post_notes(self, gone, conflicts):
        env, journal = self.env, self.journal
        master = journal.master_id
        for lead in journal.tail_ids | master:
            lead.message_post_with_source(
                "crm_similar_leads.undo_note",
                render_values={
                    "user": env.user.name,
                    "master_link": master._get_html_link(),
                    "tail_links": Markup(", ").join(
                        tail._get_html_link()
                        for tail in lead_rules.oldest_first(journal.tail_ids)
                    ),
                    "is_master": lead == master,
                    "conflicts": [
                        changes.field_label(lead, name)
                        for name in conflicts.get(lead, [])
                    ],
                    "gone": [
                        display.labelled(env, moved_kinds.label(env, reference), count)
                        for reference, count in gone.items()
                    ]
                    if lead == master
                    else [],
                },
                subtype_xmlid="mail.mt_note",
            )


def _write_exactly(record, values):
    """Writes ``values`` back: the others first, then again those ``write()``
    itself changed on the way (closing dates set when archiving...), and the
    computed ones last, so that nothing recomputes them afterwards."""
    fields_ = record._fields
    values = lead_rules.with_team(values, record.team_id)  # the team stays
    computed = {
        k: v for k, v in values.items() if fields_[k].compute and fields_[k].readonly
    }
    others = {k: v for k, v in values.items() if k not in computed}
    if others:
        record.write(dict(others))
        record.invalidate_recordset(list(others))
        again = {
            name: value
            for name, value in others.items()
            if fields_[name].convert_to_write(record[name], record)
            != fields_[name].convert_to_write(
                fields_[name].convert_to_cache(value, record), record
            )
        }
        if again:
            record.write(again)
    if computed:
        with record.env.protecting([fields_[name] for name in computed], record):
            record.write(computed)
    # The writes mark computed values to be recomputed (a probability from a
    # stage...): what is put back is what it was.
    for name in values:
        if fields_[name].compute:
            record.env.remove_to_compute(fields_[name], record)
