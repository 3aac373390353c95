"""The duplicate review queue: groups read from the stored scored pairs
(``engine/queue.py``), so they are current in the same transaction as the
merges, undos, "Not duplicates" and changes of the leads."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, Query

from ..engine import context_keys, explanation, pairs, queue, rescore_job
from ..engine.lead_rules import is_open_for_merge, oldest_first
from ..tools import actions, evidence


def _reasons(records):
    """What the leads of a group agree on most: a compared field, named by
    what agreeing on it says (``tools.evidence``)."""
    env = records.env
    return [
        (field.key, explanation.field_agreement(env, field.key))
        for field in evidence.FIELDS
    ]


class CrmLeadDuplicateMember(models.Model):
    """A lead of a group other than the lead kept, with its pair against
    the lead kept."""

    _name = "crm.lead.duplicate.member"
    _inherit = "crm.lead.access.mixin"
    _description = "Lead of a Group of Duplicates"
    _auto = False
    _order = "score desc, lead_id"
    _lead_access_fields = ("lead_id", "kept_lead_id")

    group_id = fields.Many2one("crm.lead.duplicate.group", readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    kept_lead_id = fields.Many2one("crm.lead", readonly=True)
    score = fields.Float(readonly=True, digits=(16, 1))
    is_exact = fields.Boolean(readonly=True)
    is_duplicate = fields.Boolean(readonly=True)
    reason = fields.Selection(_reasons, readonly=True)
    contributions = fields.Json(readonly=True)

    @property
    def _table_query(self):
        """Built on current pairs: what they read is brought up to date
        first (``engine/queue.py``)."""
        queue.flush_inputs(self.env)
        return queue.members(self.env)

    @api.model
    def _lead_access_domain(self):
        """Nothing to add: members are leads the user may read
        (``engine.queue.members``), whoever reads them."""
        return Domain.TRUE


class CrmLeadDuplicateGroup(models.Model):
    _name = "crm.lead.duplicate.group"
    _inherit = "crm.lead.access.mixin"
    _description = "Group of Duplicate Leads"
    _auto = False
    _order = "score desc, lead_count desc, id"
    _rec_name = "lead_id"
    _lead_access_fields = ("lead_ids",)

    lead_id = fields.Many2one("crm.lead", string="Record Kept", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    first_create_date = fields.Datetime(
        string="Created on",
        readonly=True,
        help="When the record kept, the group's first lead, was created.",
    )
    lead_count = fields.Integer(string="Size", readonly=True, aggregator="sum")
    score = fields.Float(
        readonly=True,
        digits=(16, 1),
        aggregator="min",
        help="The score of the least alike lead of the group with the record kept.",
    )
    similar_class = fields.Selection(
        [("duplicate", "Duplicates"), ("possible", "Possible duplicates")],
        string="Similarity",
        readonly=True,
    )
    is_exact = fields.Boolean(
        string="Exact",
        readonly=True,
        help="Every lead is the same person as the record kept (same mailbox or "
        "phone, names agreeing, nothing against, same deal): may be merged in "
        "bulk.",
    )
    reason = fields.Selection(
        _reasons, readonly=True, help="What the least alike lead agrees on most."
    )
    weakest_lead_id = fields.Many2one("crm.lead", string="Least Alike", readonly=True)
    member_ids = fields.One2many(
        "crm.lead.duplicate.member", "group_id", string="Members", readonly=True
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        string="Leads",
        compute="_compute_lead_ids",
        search="_search_lead_ids",
        context={"active_test": False},
    )
    explanation = fields.Html(
        string="Why", compute="_compute_explanation", sanitize=False
    )
    is_mine = fields.Boolean(
        string="Mine",
        compute="_compute_is_mine",
        search="_search_is_mine",
        help="A lead of the group is yours.",
    )

    @property
    def _table_query(self):
        """Built on current pairs: what they read is brought up to date
        first (``engine/queue.py``)."""
        queue.flush_inputs(self.env)
        return queue.groups(self.env)

    def _compute_is_mine(self):
        for group in self:
            group.is_mine = self.env.user in group.lead_ids.user_id

    def _search_is_mine(self, operator, value):
        if operator != "in" or set(value) - {True, False}:
            return NotImplemented
        positive = True in value
        uid = self.env.uid
        return Domain.custom(
            to_sql=lambda model, alias, _query: SQL(
                "%s%s = ANY(%s)",
                SQL() if positive else SQL("NOT "),
                uid,
                SQL.identifier(alias, "user_ids"),
            )
        )

    def _compute_lead_ids(self):
        for group in self:
            group.lead_ids = group.lead_id | group.member_ids.lead_id

    def _search_lead_ids(self, operator, value):
        if operator not in ("in", "any"):
            return NotImplemented
        if isinstance(value, Query):
            ids_only = True
        elif operator == "in":
            ids_only = all(
                lead_id is False
                or (isinstance(lead_id, int) and not isinstance(lead_id, bool))
                for lead_id in value
            )
        else:
            ids_only = _is_domain(value)
        if not ids_only:
            raise UserError(
                self.env._(
                    "Search the duplicate groups by their leads: lead ids, or "
                    "conditions on the leads."
                )
            )
        return Domain("lead_id", operator, value) | Domain(
            "member_ids", "any", [("lead_id", operator, value)]
        )

    @api.model
    def _lead_access_domain(self):
        """Nothing to add: groups are made of the leads the user may read
        (``engine.queue.members``), whoever reads them."""
        return Domain.TRUE

    @api.depends("weakest_lead_id")
    def _compute_explanation(self):
        Template = self.env["ir.qweb"]
        for group in self:
            weakest = group.member_ids.filtered(
                lambda member, group=group: member.lead_id == group.weakest_lead_id
            )
            group.explanation = weakest and Template._render(
                "crm_similar_leads.similar_explanation",
                explanation.explain(
                    self.env,
                    weakest.score,
                    "duplicate" if weakest.is_duplicate else "possible",
                    weakest.contributions or [],
                ),
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _check_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers can scan or merge the review queue.")
            )

    def _mergeable_leads(self):
        self.ensure_one()
        return oldest_first(self.lead_ids.filtered(is_open_for_merge))

    def _check_visible(self):
        """The groups are the user's: groups are made of the leads a user may
        read, so an id that is no group of theirs is missing, whatever it is
        for others (searched, not read: the cache may hold what another user
        read in this transaction)."""
        self.browse().check_access("read")  # the model; the search does the rest
        if len(self.sudo().search([("id", "in", self.ids)])) != len(self):
            raise MissingError(
                self.env._(
                    "This group of duplicates does not exist anymore: its leads "
                    "were merged, kept separate or changed."
                )
            )

    def action_merge(self):
        """Opens the merge wizard on the group's leads."""
        self.ensure_one()
        self._check_visible()
        leads = self._mergeable_leads()
        if len(leads) < 2:
            raise UserError(self.env._("This group has changed: open it again."))
        action = leads._merge_wizard_action()
        action["context"][context_keys.MERGE_ORIGIN] = "queue"
        return action

    def action_dismiss(self):
        """Not duplicates: every lead of the group is marked as not a
        duplicate of the others, so the group leaves the queue."""
        self._check_visible()
        pairs = [
            (lead, other)
            for group in self
            for index, lead in enumerate(group.lead_ids)
            for other in group.lead_ids[index + 1 :]
        ]
        self.env["crm.lead.not.duplicate"]._mark_pairs(pairs)
        return actions.RELOAD

    def action_merge_exact(self):
        """The dry run of a mass merge of the selected groups: what each merge
        would do, and which groups are left for a person, before anything
        changes."""
        self._check_manager()
        self._check_visible()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead.duplicate.mass.merge",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Merge Exact Duplicates"),
            "context": {"default_kept_lead_ids": [fields.Command.set(self.ids)]},
        }

    def action_scan_now(self):
        """Scores every lead again, in the background (a scheduled job that
        commits as it goes: it may take minutes on a large database)."""
        self._check_manager()
        rescore_job.request_rescore_all(self.sudo().env)
        return actions.notification(
            self.env._(
                "Every lead will be compared again in the background. The "
                "queue is kept current as leads change in the meantime."
            )
        )

    # ------------------------------------------------------------
    # MASS MERGE RULES
    # ------------------------------------------------------------

    def _why_not_merged_in_bulk(self, max_size):
        """Why the group is left for a person (None: it may be merged in
        bulk): only groups of one person's exact duplicates, never larger
        than the company's maximum."""
        self.ensure_one()
        leads = self._mergeable_leads()
        if len(leads) < 2:
            return self.env._("Nothing left to merge.")
        if max_size and len(leads) > max_size:
            return self.env._(
                "%(count)s leads: more than %(max)s, review it by hand.",
                count=len(leads),
                max=max_size,
            )
        if not self.is_exact or not _every_pair_exact(self.env, leads):
            return self.env._("Not every pair is an exact duplicate.")
        return None


def _every_pair_exact(env, leads):
    """Every two of ``leads`` are exact duplicates of each other."""
    pairs.up_to_date(env)
    [(count,)] = env.execute_query(
        SQL(
            """SELECT count(*) FROM crm_lead_similar_pair
                WHERE lead_id = ANY(%(ids)s) AND other_id = ANY(%(ids)s)
                  AND is_exact""",
            ids=leads.ids,
        )
    )
    return count == len(leads) * (len(leads) - 1)


def _is_domain(value):
    """Whether ``value`` is a domain (the ``any`` of a filter)."""
    try:
        Domain(value)
    except (TypeError, ValueError):
        return False
    return True
