import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import pairs

_logger = logging.getLogger(__name__)

#: Next lead id of a full rescan under way ("" or missing: none).
RESCORE_FROM = "crm_similar_leads.rescore_from"
SCORING_LOCK = SQL("pg_try_advisory_xact_lock(hashtext('crm_similar_leads.rescore'))")


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

    def flush_model(self, fnames=None):
        # The pairs of the leads saved in this transaction are pending like
        # computed fields: reading the model finds them first.
        pairs.flush(self.env)
        return super().flush_model(fnames)

    @api.model
    def _request_rescore_all(self):
        """Every lead is scored again by the scheduled job, batch by batch."""
        self.env["ir.config_parameter"].sudo().set_param(RESCORE_FROM, "0")
        self.env.ref("crm_similar_leads.ir_cron_crm_lead_similar_rescore")._trigger()

    @api.model
    def _cron_rescore(self):
        """Scores again the leads saved since the last run (committed by
        now), then goes on with a full rescan if one was asked for;
        commits after each batch."""
        Cron = self.env["ir.cron"]
        while count := self._rescore_step():
            if Cron._commit_progress(count) <= 0:
                return

    @api.model
    def _rescore_step(self):
        """One batch: logged leads first, then the next leads of a full
        rescan. Returns how many leads were scored (0: nothing left, or
        another worker is at it)."""
        if not self._scoring_lock():
            return 0
        pairs.without_jit(self.env)
        if count := pairs.rescore_logged(self.env):
            return count
        Param = self.env["ir.config_parameter"].sudo()
        start = Param.get_param(RESCORE_FROM)
        if not start:
            return 0
        ids = pairs.next_batch(self.env, int(start))
        if ids:
            pairs.rescore_batch(self.env, ids)
            Param.set_param(RESCORE_FROM, str(ids[-1]))
            return len(ids)
        Param.set_param(RESCORE_FROM, False)
        # Every pair was written again: fresh statistics for the planner, so
        # that the queue's next pages need not wait for autovacuum.
        self.env.cr.execute(SQL("ANALYZE crm_lead_similar_pair"))
        _logger.info("Similar leads: every lead compared again")
        return 0

    def _scoring_lock(self):
        [(locked,)] = self.env.execute_query(SQL("SELECT %s", SCORING_LOCK))
        return locked


class CrmLeadSimilarPending(models.Model):
    """Leads saved since the scheduled job last scored them again (see
    ``engine/pairs.py``: two transactions saving similar leads at the same
    time cannot see each other's)."""

    _name = "crm.lead.similar.pending"
    _description = "Similar Leads: Leads to Score Again"
    _log_access = False

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    scored = fields.Boolean(
        help="Scored since it was logged (a lead created where nothing read "
        "its pairs is logged unscored, for the job to score it)."
    )
