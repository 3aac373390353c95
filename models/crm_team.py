from odoo import models

from ..engine import context_keys


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _allocate_leads(self, creation_delta_days=7):
        """Lead assignment merges duplicates: through the addon's engine, only
        the surest ones (``crm.lead._get_lead_duplicates``), and its note
        says it was automatic."""
        return super(
            CrmTeam, self.with_context(**{context_keys.MERGE_ORIGIN: "assignment"})
        )._allocate_leads(creation_delta_days=creation_delta_days)
