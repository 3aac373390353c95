import logging

from odoo import api, fields, models

from ..engine.lead_merge import LeadMerge, merge_references
from ..tools import actions

_logger = logging.getLogger(__name__)


class CrmLeadDuplicateMassMerge(models.TransientModel):
    """The dry run of a mass merge of the review queue: each group, the lead
    kept, the values that change and the linked records that move, and the
    groups left for a person. Nothing changes until it is confirmed, and
    only the groups shown as merged are merged, as shown."""

    _name = "crm.lead.duplicate.mass.merge"
    _description = "Merge Exact Duplicates"

    kept_lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_duplicate_mass_merge_kept_rel",
        string="Groups",
        help="The groups, by their lead kept.",
    )
    # {kept lead id: [lead ids]} of the groups the dry run merges, computed
    # when the dry run is shown (the web client sends it back with the
    # click): a group that changed since is left alone.
    planned = fields.Json(compute="_compute_planned", store=True, readonly=False)
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    merge_count = fields.Integer(compute="_compute_preview")

    @api.depends("kept_lead_ids")
    def _compute_planned(self):
        for wizard in self:
            wizard.planned = {
                str(group.id): group._mergeable_leads().ids
                for group, reason in wizard._groups_and_reasons()
                if reason is None
            }

    def _groups_and_reasons(self):
        """``[(group, why not merged or None)]``, strongest groups first; a
        group no longer in the queue comes as its lead kept."""
        self.ensure_one()
        groups = self.env["crm.lead.duplicate.group"].search(
            [("id", "in", self.kept_lead_ids.ids)]
        )
        max_size = self.env.company.similar_max_group_size
        found = [(group, group._why_not_merged_in_bulk(max_size)) for group in groups]
        gone = self.kept_lead_ids.filtered(lambda lead: lead.id not in groups.ids)
        no_longer = self.env._("No longer in the queue (merged, separated or changed).")
        return found + [(lead, no_longer) for lead in gone]

    @api.depends("kept_lead_ids", "planned")
    def _compute_preview(self):
        refs = merge_references(self.env)
        for wizard in self:
            shown = []
            for group, reason in wizard._groups_and_reasons():
                line = {"group": group, "reason": reason, "kept": _kept(group)}
                if reason is None:
                    line["merge"] = LeadMerge(
                        group._mergeable_leads(), origin="queue"
                    ).preview(refs)
                shown.append(line)
            wizard.merge_count = sum(1 for line in shown if line["reason"] is None)
            wizard.preview = self.env["ir.qweb"]._render(
                "crm_similar_leads.mass_merge_preview", {"groups": shown}
            )

    def action_merge(self):
        """Merges the groups of the dry run, one savepoint each, in one batch
        that can be undone as a whole."""
        self.ensure_one()
        self.env["crm.lead.duplicate.group"]._check_manager()
        batch = self.env["crm.lead.merge.batch"].create(
            {
                "name": self.env._(
                    "Mass merge of %(count)s groups", count=len(self.planned or {})
                )
            }
        )
        merged, skipped = 0, []
        for group, reason in self._groups_and_reasons():
            planned = (self.planned or {}).get(str(group.id))
            if planned is None:
                continue
            if group._name != "crm.lead.duplicate.group":
                skipped.append(group.display_name)
                continue
            leads = group._mergeable_leads()
            if reason is not None or leads.ids != planned:
                skipped.append(_kept(group).display_name)
                continue
            try:
                with self.env.cr.savepoint():
                    LeadMerge(leads, origin="queue", batch=batch).run()
                merged += 1
            except Exception as error:  # noqa: BLE001 - one group never stops the others
                _logger.info("Group of lead %s not merged: %s", group.id, error)
                skipped.append(f"{_kept(group).display_name}: {error}")
        return self._result(batch, merged, skipped)

    def _result(self, batch, merged, skipped):
        message = self.env._("%(count)s groups merged.", count=merged)
        if skipped:
            message += "\n" + self.env._(
                "Not merged (changed since the dry run, or refused): %(groups)s",
                groups=", ".join(skipped),
            )
        if merged:  # the batch opens next, with its "Undo this batch" button
            following = batch._get_records_action(name=batch.name)
        else:
            batch.unlink()
            following = actions.RELOAD
        return actions.notification(
            message,
            kind="warning" if skipped else "success",
            sticky=bool(skipped),
            following=following,
        )


def _kept(group):
    """The lead kept of a group (or the lead itself, for a group gone)."""
    return group.lead_id if group._name == "crm.lead.duplicate.group" else group
