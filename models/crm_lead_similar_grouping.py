"""The review queue's groups as if every lead were read, stored and kept with
the pairs (``engine/groups.py``): internal tables, read by the queue's SQL
only (no access for users)."""

from odoo import fields, models
from odoo.tools import SQL, sql


class CrmLeadSimilarMembership(models.Model):
    """A lead of a group other than its lead kept: the earliest created lead
    it pairs with."""

    _name = "crm.lead.similar.membership"
    _description = "Similar Leads: Lead of a Group (stored)"
    _log_access = False

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    kept_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    score = fields.Float()
    is_exact = fields.Boolean()
    is_duplicate = fields.Boolean()
    reason = fields.Char()

    _lead_unique = models.UniqueIndex("(lead_id)")


class CrmLeadSimilarGrouping(models.Model):
    """A group: its lead kept, size, weakest pair and class; two columns of
    their own (arrays): ``company_ids``, the companies of its members (0 for
    none), and ``user_ids``, the salespeople of its leads (My Duplicates)."""

    _name = "crm.lead.similar.grouping"
    _description = "Similar Leads: Group (stored)"
    _log_access = False

    kept_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    lead_count = fields.Integer()
    score = fields.Float()
    is_duplicate = fields.Boolean()
    is_exact = fields.Boolean()
    weakest_lead_id = fields.Many2one("crm.lead", ondelete="set null")
    reason = fields.Char()

    _kept_unique = models.UniqueIndex("(kept_id)")
    # The queue's order: a page is read from this index.
    _queue_order_idx = models.Index("(score DESC, lead_count DESC, kept_id)")

    def init(self):
        for column in ("company_ids", "user_ids"):
            if not sql.column_exists(self.env.cr, self._table, column):
                self.env.execute_query(
                    SQL(
                        "ALTER TABLE %s ADD COLUMN %s int[]",
                        SQL.identifier(self._table),
                        SQL.identifier(column),
                    )
                )
