from markupsafe import Markup

from odoo import api, fields, models

from ..engine import changes, merge_plan, moved_kinds
from ..engine.lead_undo import LeadUndo
from ..tools import actions


class CrmLeadMergeUndo(models.TransientModel):
    """The preview of an undo: what goes back, and what was changed since
    the merge (kept as it is now)."""

    _name = "crm.lead.merge.undo"
    _description = "Undo Merge"

    journal_ids = fields.Many2many("crm.lead.merge.journal", string="Merges")
    merge_count = fields.Integer(compute="_compute_merge_count")
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    has_conflicts = fields.Boolean(compute="_compute_preview")

    @api.depends("journal_ids.state")
    def _compute_merge_count(self):
        """The merges to undo: the button says one or several."""
        for wizard in self:
            wizard.merge_count = len(
                wizard.journal_ids.filtered(lambda j: j.state == "done")
            )

    @api.depends("journal_ids")
    def _compute_preview(self):
        for wizard in self:
            merges, conflicts = [], False
            for journal in wizard.journal_ids.filtered(lambda j: j.state == "done"):
                preview = LeadUndo(journal).preview()
                edited = preview.conflicts
                conflicts = conflicts or bool(preview.gone) or any(edited.values())
                merges.append(_preview_of(journal, preview))
            wizard.has_conflicts = conflicts
            wizard.preview = self.env["ir.qweb"]._render(
                "crm_similar_leads.undo_preview", {"merges": merges}
            )

    def action_undo(self):
        self.ensure_one()
        journals = self.journal_ids.filtered(lambda j: j.state == "done")
        names = journals.master_id.mapped("display_name")
        back = journals.tail_ids
        masters = self.env["crm.lead"]
        for journal in journals.sorted("id", reverse=True):
            masters |= LeadUndo(journal, journals).run()
        moved = (masters | back).ids
        if len(masters) == 1:
            return actions.show_lead(
                masters.id,
                (*names, masters.display_name),
                masters.redirect_lead_opportunity_view(),
                moved,
                _back_message(back),
            )
        return actions.show_lead(
            False,
            (),
            None,
            moved,
            self.env._("%(count)s merges were undone.", count=len(journals)),
        )


def _back_message(leads):
    """What an undo says of the leads that are back (one or many)."""
    env = leads.env
    if len(leads) == 1:
        return env._("%(lead)s is back, as before the merge.", lead=leads.display_name)
    return env._(
        "%(count)s records are back, as before the merge: %(leads)s.",
        count=len(leads),
        leads=", ".join(leads.mapped("display_name")),
    )


def _preview_of(journal, preview):
    """What the undo preview shows of one merge: per lead (named once), each
    field a user edits with its value now and the value that comes back."""
    env = journal.env
    lines = []
    for lead, restore in preview.values.items():
        found = changes.value_changes(
            lead, restore, fnames=merge_plan.shown_fields(lead)
        )
        if lead != journal.master_id:
            found.insert(
                0,
                changes.status_change(
                    env, env._("Merged into the record kept"), env._("Back as it was")
                ),
            )
        elif restore.get("active") is False and (
            restore.get("lost_reason_id") or lead.lost_reason_id
        ):
            # A lost record kept came back in the pipeline with the merge.
            found.insert(0, changes.back_in_pipeline(env, undone=True))
        # The record kept may carry a merged lead's title now: named as such.
        name = (
            env._("%(lead)s (record kept)", lead=lead.display_name)
            if lead == journal.master_id
            else lead.display_name
        )
        if found:
            lines.append((name, found))
    return {
        "journal": journal,
        "tails": Markup(", ").join(
            Markup("<b>%s</b>") % tail.display_name for tail in journal.tail_ids
        ),
        "rows": moved_kinds.sorted_counts(env, preview.rows),
        "gone": moved_kinds.sorted_counts(env, preview.gone),
        "values": lines,
        "edited": [
            (lead.display_name, [changes.field_label(lead, f) for f in names])
            for lead, names in preview.conflicts.items()
            if names
        ],
    }
