from odoo import models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    def _allocate_leads_deduplicate(self, leads, duplicates_cache=None):
        """Lead assignment merges duplicates: through the addon's engine, only
        the surest ones, and its note says it was automatic."""
        return super(
            CrmTeam, self.with_context(similar_merge_origin="assignment")
        )._allocate_leads_deduplicate(leads, duplicates_cache=duplicates_cache)
