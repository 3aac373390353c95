from types import MappingProxyType

from odoo import api, fields, models
from odoo.fields import Domain

from ..engine import lead_undo


class CrmLeadMergeBatch(models.Model):
    """The merges of one mass merge of the review queue, or of one import,
    undone as a whole."""

    _name = "crm.lead.merge.batch"
    _inherit = "crm.lead.access.mixin"
    _description = "Mass Merge"
    _order = "id desc"
    # Like its merges: seen and undone only by who may change all its leads.
    _lead_access_rights = MappingProxyType(
        dict.fromkeys(("read", "create", "write", "unlink"), "write")
    )

    name = fields.Char(required=True, readonly=True)
    # The import whose merges these are (``engine/import_check.py``: one
    # batch for all the batches of rows of one import).
    import_key = fields.Char(readonly=True, copy=False, index="btree_not_null")
    journal_ids = fields.One2many(
        "crm.lead.merge.journal", "batch_id", string="Merges", readonly=True
    )
    merge_count = fields.Integer(compute="_compute_state")
    state = fields.Selection(
        [("done", "Merged"), ("undone", "Undone")], compute="_compute_state"
    )

    def _access_leads(self):
        return {
            batch.id: batch.sudo().journal_ids._leads()
            for batch in self.with_context(active_test=False)
        }

    @api.model
    def _lead_access_domain(self):
        """Batches whose every merge the user may see (journals follow the
        write rights on their leads)."""
        journals = self.env["crm.lead.merge.journal"]._search([])
        return Domain("journal_ids", "not any!", [("id", "not in", journals)])

    @api.depends("journal_ids.state")
    def _compute_state(self):
        for batch in self:
            batch.merge_count = len(batch.journal_ids)
            open_merges = batch.journal_ids.filtered(lambda j: j.state == "done")
            batch.state = "done" if open_merges else "undone"

    def action_undo(self):
        """Opens the preview of undoing every merge of the batch."""
        self.ensure_one()
        journals = self.journal_ids.filtered(lambda j: j.state == "done")
        for journal in journals:
            lead_undo.LeadUndo(journal, journals).check()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead.merge.undo",
            "view_mode": "form",
            "target": "new",
            # Named after the batch: a mass merge of the queue, or an import.
            "name": self.env._("Undo: %(batch)s", batch=self.name),
            "context": {"default_journal_ids": [fields.Command.set(journals.ids)]},
        }
