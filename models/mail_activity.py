from odoo import api, models

from ..engine import pairs

#: The fields of a lead read from its pairs.
SIMILAR_FIELDS = [
    "similar_lead_ids",
    "similar_duplicate_count",
    "similar_user_count",
    "similar_class",
    "similar_score",
    "similar_explanation",
    "similar_is_duplicate",
]


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        """An activity planned on a merged lead goes to the record kept. An
        opportunity with an activity has been worked: no new request any
        more (``tools/scoring.compare_deal``), its pairs are scored again."""
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
        activities = super().create(vals_list)
        activities._similar_rescore_leads()
        return activities

    def unlink(self):
        leads = self._similar_leads()
        result = super().unlink()
        leads = leads.exists()
        pairs.schedule(leads)
        leads.invalidate_recordset(SIMILAR_FIELDS)
        return result

    def _similar_leads(self):
        ids = {a.res_id for a in self.sudo() if a.res_model == "crm.lead" and a.res_id}
        return self.env["crm.lead"].browse(sorted(ids))

    def _similar_rescore_leads(self):
        leads = self._similar_leads()
        pairs.schedule(leads)
        # What is read next comes from the pairs scored again.
        leads.invalidate_recordset(SIMILAR_FIELDS)
