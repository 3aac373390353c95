from odoo import api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        """A document attached to a merged lead goes to the record kept (the
        values of binary fields, ``res_field``, stay with their record)."""
        on_leads = [
            vals
            for vals in vals_list
            if vals.get("res_model") == "crm.lead"
            and vals.get("res_id")
            and not vals.get("res_field")
        ]
        targets = self.env["crm.lead"]._similar_merged_targets(
            [vals["res_id"] for vals in on_leads]
        )
        for vals in on_leads:
            vals["res_id"] = targets.get(vals["res_id"], vals["res_id"])
        return super().create(vals_list)
