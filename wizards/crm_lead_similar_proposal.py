from odoo import api, fields, models

from ..engine import context_keys
from ..tools import actions


class CrmLeadSimilarProposal(models.TransientModel):
    """The window that proposes to merge a lead just saved with its strong
    duplicates, so that the customer is not contacted twice."""

    _name = "crm.lead.similar.proposal"
    _inherit = "crm.lead.access.mixin"
    _description = "Merge Proposal"
    _lead_access_fields = ("lead_id", "duplicate_ids")

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    duplicate_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_similar_proposal_lead_rel",
        "proposal_id",
        "lead_id",
        string="Potential Duplicates",
        compute="_compute_duplicate_ids",
        store=True,
        context={"active_test": False},
    )

    @api.depends("lead_id")
    def _compute_duplicate_ids(self):
        for proposal in self:
            proposal.duplicate_ids = proposal.lead_id._similar_duplicates()

    def action_merge(self):
        self.ensure_one()
        leads = self.lead_id | self.duplicate_ids
        action = leads._merge_wizard_action(opened_from=self.lead_id)
        action["context"][context_keys.MERGE_ORIGIN] = "proposal"
        return action

    def action_open(self):
        self.ensure_one()
        return self.lead_id.action_open_similar_leads()

    def action_keep_separate(self):
        self.ensure_one()
        self.env["crm.lead.not.duplicate"]._mark_pairs(
            [(self.lead_id, duplicate) for duplicate in self.duplicate_ids]
        )
        # The window closes and the lead behind shows it has no duplicate.
        return actions.RELOAD
