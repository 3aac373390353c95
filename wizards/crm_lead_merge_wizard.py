from odoo import api, fields, models

from ..tools import merge


class CrmLeadMergeWizard(models.TransientModel):
    """Merges leads/opportunities: who gets them, which record is kept and
    which values survive."""

    _name = "crm.lead.merge.wizard"
    _description = "Merge Leads/Opportunities"

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
        "res.users", string="Salesperson", domain=[("share", "=", False)]
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
    )
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

    @api.model
    def default_get(self, fields_list):
        """Pre-fills the leads selected in the list, without won ones."""
        result = super().default_get(fields_list)
        active_ids = self.env.context.get("active_ids")
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
            )
            leads = leads.filtered(
                lambda lead: lead.won_status != "won" and not lead.merged_into_id
            )
            result["lead_ids"] = [fields.Command.set(leads.ids)]
        return result

    @api.depends("lead_ids")
    def _compute_master_lead_id(self):
        for wizard in self:
            leads = wizard.lead_ids
            won = leads.filtered(lambda lead: lead.won_status == "won")
            if wizard.master_lead_id in leads and not won:
                continue
            oldest = leads.sorted(
                lambda lead: (lead.create_date or fields.Datetime.now(), lead.id)
            )
            wizard.master_lead_id = won[:1] or oldest[:1]

    @api.depends("user_id")
    def _compute_team_id(self):
        """The salesperson's team, unless the chosen team is already one of his."""
        for wizard in self:
            if not wizard.user_id:
                continue
            teams = self.env["crm.team"].search(
                [
                    "|",
                    ("user_id", "=", wizard.user_id.id),
                    ("member_ids", "in", wizard.user_id.ids),
                ]
            )
            if wizard.team_id not in teams:
                wizard.team_id = teams[:1]

    @api.depends("lead_ids")
    def _compute_won_lead_ids(self):
        for wizard in self:
            wizard.won_lead_ids = wizard.lead_ids.filtered(
                lambda lead: lead.won_status == "won"
            )

    @api.depends("lead_ids", "master_lead_id")
    def _compute_line_ids(self):
        """One line per value that differs between the leads, defaulting to
        the master's value, or the first non-empty one, oldest first."""
        Lead = self.env["crm.lead"]
        groups = Lead._merge_choice_groups()
        for wizard in self:
            leads = wizard.lead_ids._origin.sorted(
                lambda lead: (lead.create_date, lead.id)
            )
            master = wizard.master_lead_id._origin
            commands = [fields.Command.clear()]
            if len(leads) > 1 and master:
                for sequence, (key, fnames) in enumerate(groups.items()):
                    by_lead = [
                        (lead.id, lead._merge_group_value(key, fnames))
                        for lead in leads
                    ]
                    options = merge.value_options(by_lead)
                    if len(options) < 2:
                        continue
                    commands.append(
                        fields.Command.create(
                            {
                                "sequence": sequence,
                                "key": key,
                                "label": Lead._merge_group_label(key),
                                "option_lead_ids": [fields.Command.set(options)],
                                "chosen_lead_id": merge.default_source(
                                    by_lead, master.id
                                ),
                            }
                        )
                    )
            wizard.line_ids = commands

    def action_merge(self):
        self.ensure_one()
        choices = {
            line.key: line.chosen_lead_id
            for line in self.line_ids
            if line.chosen_lead_id
        }
        master = self.lead_ids.merge_similar_leads(
            master=self.master_lead_id,
            user=self.user_id,
            team=self.team_id,
            choices=choices,
            allow_won=self.confirm_won,
        )
        group_id = self.env.context.get("duplicate_group_id")
        if group_id:  # opened from the duplicate review queue
            group = self.env["crm.lead.duplicate.group"].browse(group_id).exists()
            group.state = "merged"
        return master.redirect_lead_opportunity_view()


class CrmLeadMergeWizardLine(models.TransientModel):
    """Which lead's value survives, for one field (or the address)."""

    _name = "crm.lead.merge.wizard.line"
    _description = "Merge Leads: Value to Keep"
    _order = "sequence, id"

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
    other_values = fields.Char(compute="_compute_chosen_value")

    @api.depends("chosen_lead_id", "option_lead_ids", "key")
    def _compute_chosen_value(self):
        for line in self:
            line.chosen_value = (
                line.chosen_lead_id._merge_group_display(line.key)
                if line.chosen_lead_id
                else False
            )
            others = line.option_lead_ids._origin - line.chosen_lead_id._origin
            line.other_values = " · ".join(
                f"{lead._merge_group_display(line.key)} ({lead.name})"
                for lead in others
            )
