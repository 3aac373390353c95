"""The journal of a merge: what it moved and changed, to undo it exactly."""

from types import MappingProxyType

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import lead_rules, merge_checks, references, value_journal
from ..engine.lead_merge import ORIGINS


class CrmLeadMergeJournal(models.Model):
    _name = "crm.lead.merge.journal"
    _inherit = "crm.lead.access.mixin"
    _description = "Lead Merge"
    # Reading or undoing a merge needs the rights to write every lead in it.
    _lead_access_fields = ("master_id", "tail_ids")
    _lead_access_rights = MappingProxyType(
        dict.fromkeys(("read", "create", "write", "unlink"), "write")
    )
    _order = "id desc"
    _rec_name = "master_id"

    master_id = fields.Many2one(
        "crm.lead",
        string="Record Kept",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        context={"active_test": False},
    )
    tail_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_merge_journal_tail_rel",
        "journal_id",
        "lead_id",
        string="Merged Records",
        readonly=True,
        context={"active_test": False},
    )
    company_id = fields.Many2one(related="master_id.company_id")
    origin = fields.Selection(
        [
            ("manual", "Merge window"),
            ("queue", "Review queue"),
            ("proposal", "Proposal on save"),
            ("convert", "Convert to opportunity"),
            ("assignment", "Lead assignment"),
            ("api", "Another application"),
        ],
        readonly=True,
        required=True,
        default="manual",
    )
    batch_id = fields.Many2one(
        "crm.lead.merge.batch",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    state = fields.Selection(
        [("done", "Merged"), ("undone", "Undone")],
        default="done",
        required=True,
        readonly=True,
    )
    undone_uid = fields.Many2one("res.users", string="Undone By", readonly=True)
    undone_date = fields.Datetime(string="Undone On", readonly=True)
    # The rows moved (engine.references.Moved), the values changed
    # (engine.value_journal.changes) and the references left alone.
    moved_rows = fields.Json(readonly=True)
    changed_values = fields.Json(readonly=True)
    skipped_references = fields.Json(readonly=True)
    moved_summary = fields.Text(compute="_compute_moved_summary")

    @api.model
    def _record(self, master, tails, moved, values, skipped, origin, batch=None):
        assert origin in ORIGINS, origin
        return self.create(
            {
                "master_id": master.id,
                "tail_ids": [fields.Command.set(tails.ids)],
                "moved_rows": [change.to_json() for change in moved],
                "changed_values": values,
                "skipped_references": [list(pair) for pair in skipped],
                "origin": origin,
                "batch_id": batch.id if batch else False,
            }
        )

    def _moved(self):
        self.ensure_one()
        return [references.Moved.from_json(data) for data in self.moved_rows or []]

    def _compute_moved_summary(self):
        for journal in self:
            counts = {}
            for change in journal._moved():
                label = change.reference.label(self.env)
                counts[label] = counts.get(label, 0) + change.count()
            journal.moved_summary = "\n".join(
                f"{label}: {count}" for label, count in sorted(counts.items())
            )

    def _leads(self):
        return (self.master_id | self.tail_ids).with_context(active_test=False)

    # ------------------------------------------------------------
    # UNDO
    # ------------------------------------------------------------

    def _check_undo(self):
        """Who may undo, and whether it can be undone now."""
        self.ensure_one()
        env = self.env
        if self.state != "done":
            raise UserError(env._("This merge was undone already."))
        is_manager = env.user.has_group("sales_team.group_sale_manager")
        if not (is_manager or self.create_uid == env.user or env.su):
            raise AccessError(
                env._("Only sales managers and the person who merged can undo it.")
            )
        leads = self._leads()
        if leads - leads.exists():
            raise UserError(
                env._("A lead of this merge was deleted since: it cannot be undone.")
            )
        leads.check_access("write")
        later = self.master_id.merged_into_id
        if later:
            raise UserError(
                env._(
                    "%(lead)s was merged into %(later)s since. Undo that merge first.",
                    lead=self.master_id.display_name,
                    later=later.display_name,
                )
            )

    def _preview(self):
        """What an undo would do now: ``(rows by label, values, conflicts)``."""
        self.ensure_one()
        env = self.env
        rows, gone = {}, {}
        restorable = references.restorable(
            env, "crm.lead", self._moved(), self.master_id.id
        )
        for change, still, lost in restorable:
            label = change.reference.label(env)
            rows[label] = rows.get(label, 0) + still
            if lost or change.untracked:
                gone[label] = gone.get(label, 0) + lost + change.untracked
        values, conflicts = {}, {}
        for lead in self._leads().sudo():
            changed = (self.changed_values or {}).get(str(lead.id), {})
            restore, edited = value_journal.split_restorable(lead, changed)
            values[lead] = restore
            conflicts[lead] = edited
        return rows, gone, values, conflicts

    def _undo(self):
        self.ensure_one()
        self._check_undo()
        merge_checks.lock(self)
        merge_checks.lock(self._leads())
        self.invalidate_recordset()
        self._check_undo()
        env = self.env
        master = self.master_id
        gone = references.restore_references(env, "crm.lead", self._moved(), master.id)
        conflicts = {}
        for lead in self.tail_ids.sudo() | master.sudo():
            changed = (self.changed_values or {}).get(str(lead.id), {})
            restore, edited = value_journal.split_restorable(lead, changed)
            _write_exactly(lead, restore)
            conflicts[lead] = edited
        self.sudo().write(
            {
                "state": "undone",
                "undone_uid": env.uid,
                "undone_date": fields.Datetime.now(),
            }
        )
        self._post_undo_notes(gone, conflicts)
        return master

    def _post_undo_notes(self, gone, conflicts):
        env = self.env
        master = self.master_id
        for lead in self.tail_ids | master:
            lead.message_post_with_source(
                "crm_similar_leads.undo_note",
                render_values={
                    "user": env.user.name,
                    "master_link": master._get_html_link(),
                    "tail_links": [tail._get_html_link() for tail in self.tail_ids],
                    "is_master": lead == master,
                    "conflicts": [
                        lead._fields[name]._description_string(env)
                        for name in conflicts.get(lead, [])
                    ],
                    "gone": [
                        f"{reference.label(env)}: {count}"
                        for reference, count in gone.items()
                    ]
                    if lead == master
                    else [],
                },
                subtype_xmlid="mail.mt_note",
            )

    def action_undo(self):
        """Opens the undo preview."""
        self.ensure_one()
        self._check_undo()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead.merge.undo",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Undo Merge"),
            "context": {"default_journal_ids": [fields.Command.set(self.ids)]},
        }

    @api.model
    def _cron_purge(self):
        """Forgets the journals older than each company's retention period."""
        for company in self.env["res.company"].search(
            [("similar_journal_days", ">", 0)]
        ):
            limit = fields.Datetime.subtract(
                fields.Datetime.now(), days=company.similar_journal_days
            )
            self.search(
                [
                    ("master_id.company_id", "in", [company.id, False]),
                    ("create_date", "<", limit),
                ]
            ).unlink()


def _write_exactly(record, values):
    """Writes ``values`` back: the others first, then again those ``write()``
    itself changed on the way (closing dates set when archiving...), and the
    computed ones last, so that nothing recomputes them afterwards."""
    fields = record._fields
    values = lead_rules.with_team(values, record.team_id)  # the team stays
    computed = {
        k: v for k, v in values.items() if fields[k].compute and fields[k].readonly
    }
    others = {k: v for k, v in values.items() if k not in computed}
    if others:
        record.write(dict(others))
        record.invalidate_recordset(list(others))
        again = {
            name: value
            for name, value in others.items()
            if fields[name].convert_to_write(record[name], record)
            != fields[name].convert_to_write(
                fields[name].convert_to_cache(value, record), record
            )
        }
        if again:
            record.write(again)
    if computed:
        with record.env.protecting([fields[name] for name in computed], record):
            record.write(computed)
    # The writes mark computed values to be recomputed (a probability from a
    # stage...): what is put back is what it was.
    for name in values:
        if fields[name].compute:
            record.env.remove_to_compute(fields[name], record)
