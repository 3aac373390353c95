from odoo import api, fields, models

from ..engine import rescore_job


class CrmLeadSimilarPair(models.Model):
    """Two leads that look alike, scored: stored both ways, kept current by
    the writes of the leads (``engine/pairs.py``). Reading a page of counts
    is then one query over this table."""

    _name = "crm.lead.similar.pair"
    _inherit = "crm.lead.access.mixin"
    _description = "Similar Leads (Scored Pair)"
    _log_access = False
    _order = "score desc, id"
    _lead_access_fields = ("lead_id", "other_id")

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    other_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    score = fields.Float(required=True, help="Bits of evidence for, minus against.")
    is_exact = fields.Boolean(
        help="Same mailbox or number of one person, names agreeing, nothing "
        "against: sure enough to merge without a person looking."
    )
    is_related = fields.Boolean(help="Same organisation or customer.")
    contributions = fields.Json(help="[field, level, weight] of each compared field.")

    _pair_unique = models.UniqueIndex("(lead_id, other_id)")
    _other_idx = models.Index("(other_id)")

    @api.model
    def _cron_rescore(self):
        """The scheduled job (``engine/rescore_job.py``)."""
        rescore_job.run(self.env)


class CrmLeadSimilarPending(models.Model):
    """Leads the scheduled job scores again (``engine/pairs.py``: created
    where nothing read their pairs, saved while another transaction saved a
    similar lead, sharing a value whose count changed)."""

    _name = "crm.lead.similar.pending"
    _description = "Similar Leads: Leads to Score Again"
    _log_access = False

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    scored = fields.Boolean(
        help="Scored since it was logged (a lead created where nothing read "
        "its pairs is logged unscored, for the job to score it)."
    )
