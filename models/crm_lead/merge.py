"""Merging leads: the merged records stay, archived and linked to the record
kept. Core's own entry points (``merge_opportunity``, the convert wizards,
lead assignment) go through the addon's engine too (``engine/lead_merge.py``)."""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ...engine import (
    context_keys,
    detection,
    lead_merge,
    lead_rules,
    merge_checks,
    merge_link,
    merge_origins,
    merge_plan,
    pairs,
)

_logger = logging.getLogger(__name__)

#: Transaction data: the duplicates of the leads lead assignment reads.
ASSIGN_DUPLICATES = "crm_similar_leads.assign_duplicates"


class CrmLeadMerge(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    merged_into_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="The lead this one was merged into; merged leads are kept archived.",
    )
    merged_lead_ids = fields.One2many(
        "crm.lead",
        "merged_into_id",
        string="Merged Leads",
        context={"active_test": False},
    )
    merged_lead_count = fields.Integer(compute="_compute_merged_lead_count")

    @api.constrains("merged_into_id")
    def _check_merged_into_id(self):
        if self._has_cycle("merged_into_id"):
            raise UserError(self.env._("A lead cannot be merged into itself."))

    @api.model_create_multi
    def create(self, vals_list):
        merge_link.check_create(self.env, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        merge_link.check_write(self, vals)
        return super().write(vals)

    @api.depends_context("uid")
    def _compute_merged_lead_count(self):
        counts = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("merged_into_id", "in", self.ids)], ["merged_into_id"], ["__count"]
            )
        )
        for lead in self:
            lead.merged_lead_count = counts.get(lead._origin, 0)

    def _similar_merge_display(self, key):
        """The value of one merge choice of this lead, as text."""
        if not self:
            return False
        return merge_plan.shown_value(self, merge_plan.choice_groups(self).get(key, ()))

    @api.depends_context(context_keys.MERGE_VALUE_FIELD)
    def _compute_display_name(self):
        """In the merge window, a lead shows as the value it would bring."""
        key = self.env.context.get(context_keys.MERGE_VALUE_FIELD)
        if not key or key not in merge_plan.choice_groups(self):
            return super()._compute_display_name()
        for lead in self:
            value = lead._similar_merge_display(key) or self.env._("(empty)")
            lead.display_name = f"{value} — {lead.name or ''}".strip(" —")
        return None

    # ------------------------------------------------------------
    # CORE'S MERGE, THROUGH THE ADDON'S ENGINE
    # ------------------------------------------------------------

    def _merge_opportunity(
        self, user_id=False, team_id=False, auto_unlink=True, max_length=5
    ):
        """Core's merge (convert wizards, lead assignment, other modules):
        the addon's engine, which keeps the record created first and archives
        the others instead of deleting them (``auto_unlink`` is not needed).
        ``max_length`` 0 or None lifts the limit, as in core."""
        origin = merge_origins.checked(
            self.env.context.get(context_keys.MERGE_ORIGIN), "api"
        )
        merge = lead_merge.LeadMerge(
            self,
            user=self.env["res.users"].browse(user_id) if user_id else None,
            team=self.env["crm.team"].browse(team_id) if team_id else None,
            origin=origin,
            limit=merge_checks.MAX_MERGED_LEADS if max_length else 0,
            allow_won=bool(self.env.context.get(context_keys.ALLOW_WON)),
        )
        if origin != "assignment":
            return merge.run()
        # Assignment goes on with the other leads when one merge is refused
        # (a lead locked by a user, merged meanwhile): as if not a duplicate.
        try:
            with self.env.cr.savepoint():
                return merge.run()
        except UserError as error:
            _logger.info("Lead assignment left %s unmerged: %s", self.ids, error)
            return lead_rules.oldest_first(self)[:1]

    def _merge_dependences_history(self, opportunities):
        if self.env.context.get(context_keys.REFERENCES_MOVED):
            return True
        return super()._merge_dependences_history(opportunities)

    def _merge_dependences_attachments(self, opportunities):
        if self.env.context.get(context_keys.REFERENCES_MOVED):
            return True
        return super()._merge_dependences_attachments(opportunities)

    def _merge_dependences_calendar_events(self, opportunities):
        if self.env.context.get(context_keys.REFERENCES_MOVED):
            return True
        return super()._merge_dependences_calendar_events(opportunities)

    def _get_lead_duplicates(self, partner=None, email=None, include_lost=False):
        """Lead assignment merges a lead with these: only the duplicates sure
        enough to merge without a person looking (same mailbox or number of a
        person, names agreeing, nothing against: never another deal of the
        same customer). Found for every lead being assigned at once (the leads
        read together), as core's search is one query per lead."""
        if len(self) != 1 or self.env.context.get(context_keys.MERGE_ORIGIN) != (
            "assignment"
        ):
            return super()._get_lead_duplicates(partner, email, include_lost)
        batch = self.env.cr.precommit.data.setdefault(ASSIGN_DUPLICATES, {})
        if self.id not in batch:
            leads = self.browse(self._prefetch_ids)
            pairs.catch_up(self.env, leads.ids)  # not scored by the job yet
            found = detection.find_matches(leads, duplicates_only=True)
            for lead in leads:
                batch[lead.id] = [
                    match.lead_id for match in found.get(lead.id, []) if match.exact
                ]
        duplicates = self.browse(batch[self.id]).filtered(
            lambda lead: (
                not lead.merged_into_id
                and (include_lost or lead.active and lead.won_status == "pending")
            )
        )
        return (self | duplicates) if duplicates else self.browse()

    def unlink(self):
        """Core's convert wizards and lead assignment delete the leads they
        just merged: those are kept, archived and linked to the record kept
        (and so are those whose merge was refused, as they were). Any other
        caller of core's merge that deletes the leads it merged keeps them
        too. A merged lead goes with its record kept, and is not deleted
        alone while its merge can be undone (``engine/merge_link.py``)."""
        if self.env.context.get(context_keys.MERGE_ORIGIN) in ("assignment", "convert"):
            return True  # these flows delete nothing but the leads they merge
        merged_now = self.env.cr.precommit.data.get(lead_merge.MERGED_NOW, set())
        leads = self - self.filtered(lambda lead: lead.id in merged_now)
        if not leads:
            return True
        undoable = (
            self.env["crm.lead.merge.journal"]
            .sudo()
            .search([("state", "=", "done"), ("tail_ids", "in", leads.ids)])
            .tail_ids
        )
        merge_link.check_unlink(leads, leads & undoable)
        return super(CrmLeadMerge, merge_link.with_merged_leads(leads)).unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_merge_with_similar(self):
        """Opens the merge window on this lead and its duplicates (the
        strongest ones, if there are more than a merge takes)."""
        self.ensure_one()
        self.check_access("read")
        duplicates = self._similar_duplicates()
        limit = merge_checks.MAX_MERGED_LEADS - 1
        return (self | duplicates[:limit])._merge_wizard_action(opened_from=self)

    def action_merge_selected(self):
        """Opens the merge window on the selected leads."""
        self.check_access("read")
        return self._merge_wizard_action()

    def _merge_wizard_action(self, opened_from=None):
        """The merge window on these leads (``opened_from``: the lead whose
        form opens it)."""
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_similar_leads.crm_lead_merge_wizard_action"
        )
        action["context"] = {
            "active_model": "crm.lead",
            "active_ids": self.ids,
            "dialog_size": "extra-large",
        }
        if opened_from:
            action["context"][context_keys.MERGE_OPENED_FROM] = opened_from.id
        return action

    def action_open_merged_leads(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merged into %(lead)s", lead=self.name),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("crm_similar_leads.crm_lead_view_list_merged").id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("merged_into_id", "=", self.id)],
            "context": {"active_test": False, "create": False},
        }

    def action_open_merged_into(self):
        self.ensure_one()
        self.check_access("read")
        return self.merged_into_id._get_records_action()

    def action_undo_merge(self):
        """Opens the undo preview of the merge that merged this lead away."""
        self.ensure_one()
        self.check_access("read")
        journal = self.env["crm.lead.merge.journal"].search(
            [("state", "=", "done"), ("tail_ids", "in", self.ids)],
            order="id desc",
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._(
                    "There is no merge of %(lead)s to undo: it was merged before "
                    "merges were recorded, its record was deleted after the "
                    "retention period set in the settings, or you may not change "
                    "every lead of that merge.",
                    lead=self.display_name,
                )
            )
        return journal.action_undo()
