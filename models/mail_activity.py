from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        """An activity planned on a merged lead goes to the record kept."""
        lead_model = self.env["ir.model"]._get_id("crm.lead")
        on_leads = [
            vals
            for vals in vals_list
            if vals.get("res_id")
            and (
                vals.get("res_model") == "crm.lead"
                or vals.get("res_model_id") == lead_model
            )
        ]
        targets = self.env["crm.lead"]._similar_merged_targets(
            [vals["res_id"] for vals in on_leads]
        )
        for vals in on_leads:
            vals["res_id"] = targets.get(vals["res_id"], vals["res_id"])
        return super().create(vals_list)
