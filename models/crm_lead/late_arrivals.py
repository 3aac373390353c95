"""What reaches a lead after it was merged goes to the record kept: a message
(a customer's reply routed by the mail gateway), a follower, an activity or
an attachment (``models/mail_activity.py``, ``models/ir_attachment.py``).

The merged lead's row is locked while it is read: a merge running at the
same time holds it, so the message waits for the merge to commit and is then
retried by Odoo (serialization failure), finding the lead merged. A lead
created in this transaction is seen by no other one: nothing to read (the
note its creation posts costs no query).
"""

from odoo import api, models
from odoo.tools import SQL

from ...engine.context_keys import NOT_REDIRECTED


class CrmLeadLateArrivals(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    @api.model
    def _similar_merged_targets(self, ids):
        """``{lead id: id of the record kept it was merged into}`` for those
        of ``ids`` that were merged (following merges of merges; a cycle,
        which the merge link never forms, would stop at its first repeat)."""
        ids = asked_for = [
            lead_id for lead_id in ids if isinstance(lead_id, int) and lead_id
        ]
        targets, asked = {}, set()
        while ids:
            asked.update(ids)
            rows = self.env.execute_query(
                SQL(
                    """SELECT id, merged_into_id FROM crm_lead
                        WHERE id = ANY(%s) ORDER BY id FOR KEY SHARE""",
                    ids,
                    to_flush=self._fields["merged_into_id"],
                )
            )
            step = {lead_id: into for lead_id, into in rows if into}
            for lead_id, into in list(targets.items()):
                targets[lead_id] = step.get(into, into)
            for lead_id, into in step.items():
                targets.setdefault(lead_id, into)
            ids = sorted(set(step.values()) - asked)
        return {
            lead_id: targets[lead_id] for lead_id in asked_for if lead_id in targets
        }

    def _similar_redirected(self):
        """``self``, or the record kept when ``self`` was merged."""
        self.ensure_one()
        # Created in this transaction (its creation date is the transaction's).
        if self.create_date == self.env.cr.now() and not self.merged_into_id:
            return self
        target = self._similar_merged_targets(self.ids).get(self.id)
        return self.browse(target) if target else self

    def message_post(self, **kwargs):
        if len(self) == 1 and self.id and not self.env.context.get(NOT_REDIRECTED):
            target = self._similar_redirected()
            if target != self:
                return target.message_post(**kwargs)
        return super().message_post(**kwargs)

    def message_update(self, msg_dict, update_vals=None):
        if len(self) == 1:
            target = self._similar_redirected()
            if target != self:
                return target.message_update(msg_dict, update_vals=update_vals)
        return super().message_update(msg_dict, update_vals=update_vals)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        targets = self._similar_merged_targets(self.ids)
        if targets:
            leads = self.browse({targets.get(lead.id, lead.id) for lead in self})
            return super(CrmLeadLateArrivals, leads).message_subscribe(
                partner_ids, subtype_ids
            )
        return super().message_subscribe(partner_ids, subtype_ids)
