from odoo import api, fields, models

from ..engine import context_keys, value_journal
from ..engine.lead_rules import is_won


class CrmLead2opportunityPartner(models.TransientModel):
    """Core's "Convert to Opportunity" window: it proposes to merge with the
    addon's duplicates, through the addon's engine (see crm.lead). A won
    opportunity added to the merge by hand is merged once the user confirms
    it, in the window (the merge window asks the same)."""

    _inherit = "crm.lead2opportunity.partner"

    similar_won_lead_ids = fields.Many2many(
        "crm.lead",
        string="Won Opportunities to Merge",
        compute="_compute_similar_won_lead_ids",
    )
    similar_confirm_won = fields.Boolean(
        string="Merge the won opportunity",
        help="A won opportunity is the record kept, so that its sale "
        "stays in your reports; the other leads are merged into it.",
    )

    @api.depends("duplicated_lead_ids")
    def _compute_similar_won_lead_ids(self):
        for convert in self:
            convert.similar_won_lead_ids = convert.duplicated_lead_ids.filtered(is_won)

    @api.depends("lead_id", "partner_id")
    def _compute_duplicated_lead_ids(self):
        for convert in self:
            lead = convert.lead_id._origin
            if not lead:
                convert.duplicated_lead_ids = False
                continue
            duplicates = lead._similar_duplicates()
            convert.duplicated_lead_ids = (lead | duplicates).ids

    def _action_merge(self):
        context = {context_keys.MERGE_ORIGIN: "convert"}
        if self.similar_confirm_won:
            context[context_keys.ALLOW_WON] = True
        leads = (self.duplicated_lead_ids | self.lead_id).with_context(
            active_test=False
        )
        before = value_journal.snapshot(leads)
        kept = super(
            CrmLead2opportunityPartner, self.with_context(**context)
        )._action_merge()
        self._journal_assignment(kept, leads, before)
        return kept

    def _journal_assignment(self, kept, leads, before):
        """Core assigns the record kept after its merge (the window's
        salesperson and team, a lead converted): part of the merge, so that
        its undo puts them back too, not as edits made since."""
        journal = (
            self.env["crm.lead.merge.journal"]
            .sudo()
            .search(
                [("master_id", "=", kept.id), ("state", "=", "done")],
                order="id desc",
                limit=1,
            )
        )
        if journal and not journal.tail_ids - leads:
            journal.changed_values = value_journal.changes(
                before, value_journal.snapshot(leads)
            )


class CrmLead2opportunityPartnerMass(models.TransientModel):
    """Core's mass conversion: its "deduplicate" merges each lead with the
    addon's duplicates, through the addon's engine."""

    _inherit = "crm.lead2opportunity.partner.mass"

    @api.depends("lead_tomerge_ids")
    def _compute_duplicated_lead_ids(self):
        for convert in self:
            convert.duplicated_lead_ids = convert.lead_tomerge_ids._origin.filtered(
                lambda lead: lead._similar_duplicates()
            ).ids

    def action_mass_convert(self):
        self.ensure_one()
        wizard = self
        if self.name == "convert" and self.deduplicate:
            wizard = self.with_context(active_ids=self._similar_deduplicate())
            wizard.deduplicate = False  # done, with the addon's duplicates
        return super(CrmLead2opportunityPartnerMass, wizard).action_mass_convert()

    def _similar_deduplicate(self):
        """Merges each lead to convert with its duplicates; returns the ids
        left to convert, in the order given."""
        merged, kept = set(), []
        for lead in self.lead_tomerge_ids:
            if lead.id in merged:
                continue
            duplicates = lead._similar_duplicates().filtered("active")
            if not duplicates:
                continue
            group = lead | duplicates
            master = group.with_context(
                **{context_keys.MERGE_ORIGIN: "convert"}
            )._merge_opportunity(max_length=0)
            merged.update(group.ids)
            kept.append(master.id)
        active_ids = self.env.context.get("active_ids", [])
        remaining = [lead_id for lead_id in active_ids if lead_id not in merged]
        return remaining + [lead_id for lead_id in kept if lead_id not in remaining]
