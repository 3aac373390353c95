from odoo import api, fields, models

from ..engine.display import display_value, display_written, field_label
from ..tools import actions


class CrmLeadMergeUndo(models.TransientModel):
    """The preview of an undo: what goes back, and what was changed since
    the merge (kept as it is now)."""

    _name = "crm.lead.merge.undo"
    _description = "Undo Merge"

    journal_ids = fields.Many2many("crm.lead.merge.journal", string="Merges")
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    has_conflicts = fields.Boolean(compute="_compute_preview")

    @api.depends("journal_ids")
    def _compute_preview(self):
        for wizard in self:
            merges, conflicts = [], False
            for journal in wizard.journal_ids.filtered(lambda j: j.state == "done"):
                rows, gone, values, edited = journal._preview()
                conflicts = conflicts or bool(gone) or any(edited.values())
                merges.append(_preview_of(journal, rows, gone, values, edited))
            wizard.has_conflicts = conflicts
            wizard.preview = self.env["ir.qweb"]._render(
                "crm_similar_leads.undo_preview", {"merges": merges}
            )

    def action_undo(self):
        self.ensure_one()
        journals = self.journal_ids.filtered(lambda j: j.state == "done")
        masters = self.env["crm.lead"]
        for journal in journals.sorted("id", reverse=True):
            masters |= journal._undo()
        if len(masters) == 1:
            return masters.redirect_lead_opportunity_view()
        return actions.notification(
            self.env._("%(count)s merges were undone.", count=len(journals)),
            kind="success",
            following=actions.RELOAD,
        )


def _preview_of(journal, rows, gone, values, edited):
    """What the undo preview shows of one merge."""
    lines = []
    for lead, restore in values.items():
        for fname, value in restore.items():
            now, back = display_value(lead, fname), display_written(lead, fname, value)
            if now != back:
                lines.append(
                    {
                        "lead": lead.display_name,
                        "field": field_label(lead, fname),
                        "now": now,
                        "back": back,
                    }
                )
    return {
        "journal": journal,
        "rows": sorted(rows.items()),
        "gone": sorted(gone.items()),
        "values": lines,
        "edited": [
            (lead.display_name, [field_label(lead, f) for f in names])
            for lead, names in edited.items()
            if names
        ],
    }
