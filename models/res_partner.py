from odoo import models

from ..engine import pairs


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        """A customer's country decides how its leads' national phone
        numbers read (their keys are computed again): their pairs are found
        again at the end of the transaction."""
        result = super().write(vals)
        if "country_id" in vals:
            leads = (
                self.env["crm.lead"]
                .sudo()
                .with_context(active_test=False)
                .search([("partner_id", "in", self.ids)])
            )
            pairs.schedule(leads)
        return result
