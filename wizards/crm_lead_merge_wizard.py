from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from ..engine import (
    context_keys,
    explanation,
    lead_merge,
    likeness,
    merge_origins,
    merge_plan,
    related,
)
from ..engine.lead_rules import is_open_for_merge, is_won, oldest_first
from ..tools import actions, scoring


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
        string="Record Kept",
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
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        help="Only leads of one company can be merged: leads of another company "
        "cannot be added.",
    )
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
        help="A won opportunity is the record kept, so that its sale "
        "stays in your reports; the other leads are merged into it.",
    )

    too_few = fields.Boolean(
        compute="_compute_too_few",
        help="Fewer than two records: nothing to merge.",
    )
    left_out = fields.Text(
        string="Not Added",
        readonly=True,
        help="The selected records the window left out, and why.",
    )

    # The records side by side in the window (``crm_similar_merge_grid``):
    # [{id, name, details, likeness}] in the order of the list, ``likeness``
    # how alike each is to the record kept.
    merge_columns = fields.Json(compute="_compute_merge_columns")
    unlike_warning = fields.Html(
        compute="_compute_merge_columns",
        sanitize=False,
        help="The records that are not duplicates of the record kept, and why.",
    )
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
            selected = leads
            leads = leads.filtered(is_open_for_merge)
            leads -= _other_company(leads, oldest_first(leads)[:1])
            result["lead_ids"] = [fields.Command.set(leads.ids)]
            if "left_out" in fields_list:
                result["left_out"] = _left_out(selected - leads, leads)
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
            won = leads.filtered(is_won)
            # In an onchange the leads are new records wrapping the real ones.
            if wizard.master_lead_id._origin in leads._origin and not won:
                continue
            wizard.master_lead_id = lead_merge.default_master(leads)

    @api.depends("lead_ids", "master_lead_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = _reference_company(
                wizard.lead_ids._origin, wizard.master_lead_id._origin
            )

    @api.onchange("lead_ids")
    def _onchange_lead_ids_company(self):
        """A lead of another company than the record kept's is refused as
        soon as it is added, with the reason (leads of two companies are
        never merged)."""
        leads = self.lead_ids._origin
        refused = _other_company(leads, self.master_lead_id._origin)
        if not refused:
            return None
        self.lead_ids = [fields.Command.unlink(lead.id) for lead in refused]
        company = _reference_company(leads - refused, self.master_lead_id._origin)
        message = self.env._(
            "%(leads)s belongs to %(company)s: only leads of %(kept_company)s can "
            "be merged here.",
            leads=", ".join(refused.mapped("display_name")),
            company=", ".join(refused.company_id.mapped("display_name")),
            kept_company=company.display_name,
        )
        return {
            "warning": {
                "title": self.env._("Not added"),
                "message": message,
                "type": "notification",
            }
        }

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
    def _compute_too_few(self):
        for wizard in self:
            wizard.too_few = len(wizard.lead_ids) < 2

    @api.depends("lead_ids")
    def _compute_won_lead_ids(self):
        for wizard in self:
            wizard.won_lead_ids = wizard.lead_ids.filtered(is_won)

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

    @api.depends("lead_ids", "master_lead_id")
    def _compute_merge_columns(self):
        for wizard in self:
            leads = oldest_first(wizard.lead_ids._origin)
            master = wizard.master_lead_id._origin
            found = likeness.compare(master, leads) if master in leads else {}
            columns, unlike = [], []
            for lead in leads:
                like = found.get(lead.id)
                shown = wizard._likeness_shown(master, lead, like)
                columns.append(
                    {
                        "id": lead.id,
                        "name": lead.name or "",
                        "details": _details(lead),
                        "likeness": shown,
                    }
                )
                if like and like.warns:
                    unlike.append({"lead": lead, **shown})
            wizard.merge_columns = columns
            wizard.unlike_warning = unlike and self.env["ir.qweb"]._render(
                "crm_similar_leads.merge_unlike_warning", {"unlike": unlike}
            )

    def _likeness_shown(self, master, lead, like):
        """How alike ``lead`` is to the record kept, as the window shows it."""
        env = self.env
        if lead == master or like is None:
            return {"kept": lead == master}
        # Why a lead is related (as the similar leads say it): a duplicate's
        # contributions say it all.
        reasons = (
            related.reasons(master, lead.sudo())
            if like.klass == scoring.RELATED
            else []
        )
        if like.klass and is_won(master):
            reasons.insert(0, env._("The record kept is a won deal"))
        if like.dismissed:
            reasons.insert(0, env._("Marked as not a duplicate of the record kept"))
        values = explanation.explain(
            env, like.score, like.klass, like.contributions, reasons=reasons
        )
        return {
            "kept": False,
            "klass": like.klass or "none",
            "class_label": values["class_label"] or env._("Not similar"),
            "score_text": values["score_text"],
            "reasons": values["reasons"],
            "parts": [
                {
                    "label": part["label"],
                    "weight_text": part["weight_text"],
                    "sign": (part["weight"] > 0) - (part["weight"] < 0),
                }
                for part in values["parts"]
            ],
            "warns": like.warns,
        }

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
        name_before = self.master_lead_id.display_name
        # As the merge note lists them (their names do not change).
        tails = oldest_first(self.lead_ids - self.master_lead_id)
        master = lead_merge.LeadMerge(
            self.lead_ids,
            self.master_lead_id,
            choices=self._choices(),
            user=self.user_id,
            team=self.team_id,
            allow_won=self.confirm_won,
            origin=merge_origins.checked(origin, "manual"),
        ).run()
        if len(tails) == 1:
            message = self.env._(
                "%(lead)s was merged into this one.", lead=tails.display_name
            )
        else:
            message = self.env._(
                "%(count)s records were merged into this one: %(leads)s.",
                count=len(tails),
                leads=", ".join(tails.mapped("display_name")),
            )
        return actions.show_lead(
            master.id,
            (name_before, master.display_name),
            master.redirect_lead_opportunity_view(),
            self.lead_ids.ids,
            message,
            on_screen=master.id == self.env.context.get(context_keys.MERGE_OPENED_FROM),
            merged=[(tail.id, tail.display_name) for tail in tails],
        )


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
    if is_won(lead):
        return env._("Won")
    if lead.won_status == "lost":
        return env._("Lost")
    if not lead.active:
        return env._("Archived")
    return ""


def _details(lead):
    """Created on, lead or opportunity, stage and status, each said once
    ("Opportunity · Won", not "Won · Won")."""
    env = lead.env
    stage = lead.stage_id.name if lead.type == "opportunity" else ""
    status = _status(lead)
    # A won stage says Won already (in French "Gagné" beside "Gagnée").
    said = status == stage or (stage and lead.stage_id.is_won)
    parts = (
        format_date(env, lead.create_date),
        env._("Opportunity") if lead.type == "opportunity" else env._("Lead"),
        stage,
        "" if said else status,
    )
    return " · ".join(part for part in parts if part)


def _left_out(left_out, leads):
    """Why each selected record is not in the window (said, not dropped
    silently): won, merged already, or of another company."""
    env = left_out.env
    company = _reference_company(leads, oldest_first(leads)[:1])
    lines = []
    for lead in oldest_first(left_out):
        if lead.merged_into_id:
            line = env._(
                "%(lead)s: merged into %(kept)s already.",
                lead=lead.display_name,
                kept=lead.merged_into_id.display_name,
            )
        elif is_won(lead):
            line = env._(
                '%(lead)s: won. To merge it, add it with "Add a line" and confirm.',
                lead=lead.display_name,
            )
        else:
            line = env._(
                "%(lead)s: belongs to %(company)s; only leads of %(kept_company)s "
                "can be merged here.",
                lead=lead.display_name,
                company=lead.company_id.display_name,
                kept_company=company.display_name,
            )
        lines.append(line)
    return "\n".join(lines)


def _reference_company(leads, master):
    """The company of a merge: the record kept's, else the first lead's that
    has one."""
    return master.company_id or next(
        (lead.company_id for lead in oldest_first(leads) if lead.company_id),
        leads.env["res.company"],
    )


def _other_company(leads, master):
    """The leads of another company than the merge's (leads without a
    company go with any)."""
    company = _reference_company(leads, master)
    return leads.filtered(
        lambda lead: company and lead.company_id and lead.company_id != company
    )
