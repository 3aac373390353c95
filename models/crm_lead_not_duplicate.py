from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import groups, queue


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
        records._regroup(records._leads())
        return records

    def unlink(self):
        leads = self._leads()
        result = super().unlink()
        self._regroup(leads)
        return result

    def _leads(self):
        return self.sudo().mapped("lead_id") | self.sudo().mapped("other_lead_id")

    def _regroup(self, leads):
        """The stored groups of the queue follow what is marked."""
        self.env.flush_all()
        groups.update(self.env, leads.ids)
        queue.forget_cached(self.env)

    @api.model
    def _pair_values(self, lead, other_lead):
        if lead == other_lead:
            raise ValidationError(self.env._("A lead cannot be a duplicate of itself."))
        low, high = sorted((lead.id, other_lead.id))
        return {"lead_id": low, "other_lead_id": high}

    @api.model
    @api.model
    def _mark_pairs(self, lead_pairs):
        """Records the pairs ``[(lead, other lead)]`` not recorded yet: one
        search, one create."""
        wanted = {
            (values["lead_id"], values["other_lead_id"])
            for values in (self._pair_values(*pair) for pair in lead_pairs)
        }
        if not wanted:
            return self
        existing = self.search(
            [
                ("lead_id", "in", [low for low, _high in wanted]),
                ("other_lead_id", "in", [high for _low, high in wanted]),
            ]
        )
        known = {(pair.lead_id.id, pair.other_lead_id.id) for pair in existing}
        created = self.create(
            [
                {"lead_id": low, "other_lead_id": high}
                for low, high in sorted(wanted - known)
            ]
        )
        return (
            existing.filtered(
                lambda pair: (pair.lead_id.id, pair.other_lead_id.id) in wanted
            )
            | created
        )
