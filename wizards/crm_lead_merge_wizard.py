from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from ..engine import context_keys, lead_merge, merge_origins, merge_plan
from ..engine.lead_rules import is_open_for_merge, oldest_first


class CrmLeadMergeWizard(models.TransientModel):
    """Merges leads/opportunities: who gets them, which record is kept and
    which values survive. The rules are the engine's (``engine/merge_plan.py``):
    the window only shows them and lets the user choose."""

    _name = "crm.lead.merge.wizard"
    _inherit = "crm.lead.access.mixin"
    _description = "Merge Leads/Opportunities"
    _lead_access_fields = ("lead_ids",)

    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_merge_wizard_lead_rel",
        "wizard_id",
        "lead_id",
        string="Leads/Opportunities",
        context={"active_test": False},
    )
    master_lead_id = fields.Many2one(
        "crm.lead",
        string="Record to Keep",
        compute="_compute_master_lead_id",
        store=True,
        readonly=False,
        context={"active_test": False},
        help="The record that stays, with the others' history; by default the one "
        "created first. The others are archived and linked to it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain=[("share", "=", False)],
        help="By default the salesperson of the most advanced open record.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    # The record kept the salesperson and team were pre-filled for.
    assignment_master_id = fields.Many2one("crm.lead", context={"active_test": False})
    line_ids = fields.One2many(
        "crm.lead.merge.wizard.line",
        "wizard_id",
        string="Values",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    won_lead_ids = fields.Many2many(
        "crm.lead", string="Won Opportunities", compute="_compute_won_lead_ids"
    )
    confirm_won = fields.Boolean(
        string="Merge the won opportunity",
        help="A won opportunity is kept as the surviving record, so that its sale "
        "stays in your reports; the other leads are merged into it.",
    )

    # The records side by side in the window (``crm_similar_merge_grid``):
    # [{id, name, details}] in the order of the list.
    merge_columns = fields.Json(compute="_compute_merge_columns")
    moved_preview = fields.Html(
        string="What Moves",
        compute="_compute_moved_preview",
        sanitize=False,
        help="How many linked records of each kind move to the record kept.",
    )

    @api.model
    def default_get(self, fields_list):
        """Pre-fills the leads selected in the list, without won ones."""
        result = super().default_get(fields_list)
        active_ids = self.env.context.get("active_ids")
        if not isinstance(active_ids, (list, tuple)):
            active_ids = []
        # Ids as a hostile client may send them: only record ids are read.
        active_ids = [
            record_id
            for record_id in active_ids
            if isinstance(record_id, int)
            and not isinstance(record_id, bool)
            and record_id > 0
        ]
        if (
            active_ids
            and self.env.context.get("active_model") == "crm.lead"
            and "lead_ids" in fields_list
        ):
            leads = (
                self.env["crm.lead"]
                .with_context(active_test=False)
                .browse(active_ids)
                .exists()
                ._filtered_access("read")
            )
            leads = leads.filtered(is_open_for_merge)
            result["lead_ids"] = [fields.Command.set(leads.ids)]
            if len(leads) > 1:
                master = oldest_first(leads)[:1]
                plan = merge_plan.MergePlan(leads, master)
                result.update(
                    user_id=plan.user.id,
                    team_id=plan.team.id,
                    assignment_master_id=master.id,
                )
        return result

    def _plan(self):
        leads = self.lead_ids._origin
        master = self.master_lead_id._origin
        if len(leads) < 2 or master not in leads:
            return None
        return merge_plan.MergePlan(leads, master)

    @api.depends("lead_ids")
    def _compute_master_lead_id(self):
        for wizard in self:
            leads = wizard.lead_ids
            won = leads.filtered(lambda lead: lead.won_status == "won")
            if wizard.master_lead_id in leads and not won:
                continue
            wizard.master_lead_id = lead_merge.default_master(leads)

    @api.onchange("master_lead_id")
    def _onchange_master_lead_id(self):
        """What the merge applies unless changed: the salesperson and team of
        the most advanced open record (pre-filled when the window opens; a
        salesperson picked by the user stays when leads are added)."""
        plan = self._plan()
        master = self.master_lead_id._origin
        if plan and master != self.assignment_master_id._origin:
            self.user_id, self.team_id = plan.user, plan.team
            self.assignment_master_id = master

    @api.onchange("user_id")
    def _onchange_user_id(self):
        """The salesperson's team, unless the chosen team is already one of his
        (or he is in no team: the deal keeps its team, never none)."""
        if not self.user_id:
            return
        teams = self.env["crm.team"].search(
            [
                "|",
                ("user_id", "=", self.user_id.id),
                ("member_ids", "in", self.user_id.ids),
            ]
        )
        if teams and self.team_id not in teams:
            self.team_id = teams[:1]

    @api.depends("lead_ids")
    def _compute_won_lead_ids(self):
        for wizard in self:
            wizard.won_lead_ids = wizard.lead_ids.filtered(
                lambda lead: lead.won_status == "won"
            )

    @api.depends("lead_ids", "master_lead_id")
    def _compute_line_ids(self):
        """One line per value that differs between the leads, defaulting to
        the plan's choice."""
        for wizard in self:
            commands = [fields.Command.clear()]
            plan = wizard._plan()
            if plan:
                Lead = self.env["crm.lead"]
                for sequence, key in enumerate(plan.choice_keys()):
                    commands.append(
                        fields.Command.create(
                            {
                                "sequence": sequence,
                                "key": key,
                                "label": merge_plan.group_label(Lead, key),
                                "option_lead_ids": [
                                    fields.Command.set(plan.options(key))
                                ],
                                "chosen_lead_id": plan.default(key).id,
                            }
                        )
                    )
            wizard.line_ids = commands

    @api.depends("lead_ids")
    def _compute_merge_columns(self):
        for wizard in self:
            wizard.merge_columns = [
                {
                    "id": lead.id,
                    "name": lead.name or "",
                    "details": " · ".join(
                        part
                        for part in (
                            format_date(self.env, lead.create_date),
                            lead.type == "opportunity"
                            and self.env._("Opportunity")
                            or self.env._("Lead"),
                            lead.stage_id.name if lead.type == "opportunity" else "",
                            _status(lead),
                        )
                        if part
                    ),
                }
                for lead in oldest_first(wizard.lead_ids._origin)
            ]

    @api.depends("lead_ids", "master_lead_id")
    def _compute_moved_preview(self):
        for wizard in self:
            wizard.moved_preview = self.env["ir.qweb"]._render(
                "crm_similar_leads.merge_moved_records",
                {"moved": wizard._moved_counts()},
            )

    def _moved_counts(self):
        """``{kind: number}`` of the linked records the merge moves, counted
        the way the merge moves them."""
        self.ensure_one()
        leads = self.lead_ids._origin
        master = self.master_lead_id._origin
        if len(leads) < 2 or master not in leads:
            return {}
        return lead_merge.moved_counts(master, leads - master)

    def _choices(self):
        return {
            line.key: line.chosen_lead_id
            for line in self.line_ids
            if line.chosen_lead_id
        }

    def action_merge(self):
        self.ensure_one()
        origin = self.env.context.get(context_keys.MERGE_ORIGIN)
        master = lead_merge.LeadMerge(
            self.lead_ids,
            self.master_lead_id,
            choices=self._choices(),
            user=self.user_id,
            team=self.team_id,
            allow_won=self.confirm_won,
            origin=merge_origins.checked(origin, "manual"),
        ).run()
        return master.redirect_lead_opportunity_view()


class CrmLeadMergeWizardLine(models.TransientModel):
    """Which lead's value survives, for one field (or the address)."""

    _name = "crm.lead.merge.wizard.line"
    _inherit = "crm.lead.access.mixin"
    _description = "Merge Leads: Value to Keep"
    _order = "sequence, id"
    _lead_access_fields = ("option_lead_ids", "chosen_lead_id")

    wizard_id = fields.Many2one(
        "crm.lead.merge.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    key = fields.Char(required=True)
    label = fields.Char(string="Field", readonly=True)
    option_lead_ids = fields.Many2many(
        "crm.lead", string="Leads with a Value", context={"active_test": False}
    )
    chosen_lead_id = fields.Many2one(
        "crm.lead",
        string="From",
        domain="[('id', 'in', option_lead_ids)]",
        context={"active_test": False},
    )
    chosen_value = fields.Char(string="Value to Keep", compute="_compute_chosen_value")
    # {lead id: value as text} of every lead of the window with a value.
    values_by_lead = fields.Json(compute="_compute_values_by_lead")
    other_values = fields.Char(compute="_compute_chosen_value")

    @api.constrains("key", "chosen_lead_id", "option_lead_ids")
    def _check_key(self):
        groups = merge_plan.choice_groups(self.env["crm.lead"])
        for line in self:
            if line.key not in groups:
                raise ValidationError(
                    self.env._(
                        "“%(key)s” is not a value a merge can choose.", key=line.key
                    )
                )
            if (
                line.chosen_lead_id
                and line.chosen_lead_id not in line.wizard_id.lead_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The value to keep must come from one of the merged leads."
                    )
                )

    @api.depends("key", "wizard_id.lead_ids")
    def _compute_values_by_lead(self):
        groups = merge_plan.choice_groups(self.env["crm.lead"])
        for line in self:
            values = {}
            if line.key in groups:
                for lead in line.wizard_id.lead_ids._origin:
                    if shown := merge_plan.shown_value(lead, groups[line.key]):
                        values[str(lead.id)] = shown
            line.values_by_lead = values

    @api.depends("chosen_lead_id", "option_lead_ids", "key")
    def _compute_chosen_value(self):
        groups = merge_plan.choice_groups(self.env["crm.lead"])
        for line in self:
            fnames = groups.get(line.key)
            if not fnames:
                line.chosen_value = line.other_values = False
                continue
            chosen = line.chosen_lead_id
            line.chosen_value = chosen and merge_plan.shown_value(chosen, fnames)
            others = line.option_lead_ids._origin - chosen._origin
            line.other_values = " · ".join(
                f"{merge_plan.shown_value(lead, fnames)} ({lead.name})"
                for lead in others
            )


def _status(lead):
    """Lost, won or archived, as the window says it (nothing when open)."""
    env = lead.env
    if lead.won_status == "won":
        return env._("Won")
    if lead.won_status == "lost":
        return env._("Lost")
    if not lead.active:
        return env._("Archived")
    return ""
