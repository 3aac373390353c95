from odoo import api, models

from ..engine import rescore_job


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules._similar_rescore_if_on_leads()
        return rules

    def write(self, vals):
        on_leads = self._similar_on_leads()
        result = super().write(vals)
        if on_leads or self._similar_on_leads():
            rescore_job.request_rescore_all(self.sudo().env)
        return result

    def unlink(self):
        on_leads = self._similar_on_leads()
        result = super().unlink()
        if on_leads:
            rescore_job.request_rescore_all(self.sudo().env)
        return result

    def _similar_on_leads(self):
        """Whether one of these rules is on leads: who reads a lead decides
        in whose scope values are counted (``engine/reader_cells.py``)."""
        return any(rule.sudo().model_id.model == "crm.lead" for rule in self)

    def _similar_rescore_if_on_leads(self):
        """A rule on leads changes which leads each reader of a pair reads:
        every lead is scored again by the job, so that no score counts leads
        the new rule hides (the ORM cache of the rules' fields was cleared
        with the rules')."""
        if self._similar_on_leads():
            rescore_job.request_rescore_all(self.sudo().env)
