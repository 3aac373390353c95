"""The journal of a merge: what it moved and changed, to undo it exactly."""

from types import MappingProxyType

from odoo import api, fields, models

from ..engine import display, lead_undo, merge_origins, moved_kinds, references


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
        selection=lambda self: merge_origins.selection(self.env),
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
    note_id = fields.Many2one(
        "mail.message", string="Merge Note", readonly=True, ondelete="set null"
    )
    undone_uid = fields.Many2one("res.users", string="Undone By", readonly=True)
    undone_date = fields.Datetime(string="Undone On", readonly=True)
    # The rows moved (engine.references.Moved), the values changed
    # (engine.value_journal.changes) and the references left alone.
    moved_rows = fields.Json(readonly=True)
    changed_values = fields.Json(readonly=True)
    skipped_references = fields.Json(readonly=True)
    moved_summary = fields.Text(compute="_compute_moved_summary")

    @api.depends("master_id.display_name")
    def _compute_display_name(self):
        """Named as a merge, not as its record kept (its breadcrumb would
        repeat the lead's opened before it)."""
        for journal in self:
            journal.display_name = self.env._(
                "Merge into %(lead)s", lead=journal.master_id.display_name
            )

    @api.model
    def _record(self, master, tails, moved, values, skipped, origin, batch=None):
        assert origin in merge_origins.KEYS, origin
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
                label = moved_kinds.label(self.env, change.reference)
                counts[label] = counts.get(label, 0) + change.count()
            journal.moved_summary = "\n".join(
                display.labelled(self.env, label, count)
                for label, count in moved_kinds.sorted_counts(self.env, counts)
            ) or self.env._(
                "Nothing moved: the merged records had no messages, "
                "attachments, activities or linked records."
            )

    def _leads(self):
        return (self.master_id | self.tail_ids).with_context(active_test=False)

    # ------------------------------------------------------------
    # UNDO (engine/lead_undo.py)
    # ------------------------------------------------------------

    def action_undo(self):
        """Opens the undo preview."""
        self.ensure_one()
        lead_undo.LeadUndo(self).check()
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
