from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import queue


class CrmLeadNotDuplicate(models.Model):
    """Two leads a user said are not duplicates, so they stop matching."""

    _name = "crm.lead.not.duplicate"
    _inherit = "crm.lead.access.mixin"
    _description = "Leads Marked as Not Duplicates"
    _lead_access_fields = ("lead_id", "other_lead_id")
    _order = "id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    other_lead_id = fields.Many2one(
        "crm.lead", required=True, ondelete="cascade", index=True
    )

    _pair_unique = models.UniqueIndex(
        "(lead_id, other_lead_id)", "These leads are already marked as not duplicates."
    )
    _pair_ordered = models.Constraint(
        "CHECK (lead_id < other_lead_id)",
        "A pair of not-duplicate leads is stored lowest id first.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        queue.forget_cached(self.env)
        return records

    def unlink(self):
        result = super().unlink()
        queue.forget_cached(self.env)
        return result

    @api.model
    def _pair_values(self, lead, other_lead):
        if lead == other_lead:
            raise ValidationError(self.env._("A lead cannot be a duplicate of itself."))
        low, high = sorted((lead.id, other_lead.id))
        return {"lead_id": low, "other_lead_id": high}

    @api.model
    def _mark_pair(self, lead, other_lead):
        """Records the pair once, whichever order it is given in."""
        values = self._pair_values(lead, other_lead)
        existing = self.search(
            [
                ("lead_id", "=", values["lead_id"]),
                ("other_lead_id", "=", values["other_lead_id"]),
            ]
        )
        return existing or self.create(values)
