"""Merging leads: the surviving record keeps everything, the others are
archived and linked to it (never deleted)."""

import logging

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import (
    SQL,
    format_amount,
    format_date,
    format_datetime,
    formatLang,
    mute_logger,
)

from ..tools import matching, merge

_logger = logging.getLogger(__name__)

#: Beyond this many records a merge is most likely a mistake.
MAX_MERGED_LEADS = 50
#: Address fields are chosen together, so an address stays consistent.
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
#: Fields the merge itself sets, never offered as a choice.
MERGE_MANAGED_FIELDS = frozenset(
    {
        "active",
        "type",
        "stage_id",
        "user_id",
        "team_id",
        "company_id",
        "description",
        "tag_ids",
        "priority",
        "lost_reason_id",
        "merged_into_id",
        "won_status",
        "automated_probability",
        "date_conversion",
        "date_open",
        "date_closed",
        "date_last_stage_update",
        "date_automation_last",
        "color",
        "referred",
    }
)
#: Tables whose references to a merged lead stay where they are.
REFERENCES_KEPT = frozenset({"ir_model_data", "crm_lead_not_duplicate"})


class CrmLead(models.Model):
    _inherit = "crm.lead"

    merged_lead_ids = fields.One2many(
        "crm.lead",
        "merged_into_id",
        string="Merged Leads",
        context={"active_test": False},
    )
    merged_lead_count = fields.Integer(compute="_compute_merged_lead_count")

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

    # ------------------------------------------------------------
    # WHAT A USER CHOOSES
    # ------------------------------------------------------------

    @api.model
    def _merge_choice_groups(self):
        """``{key: field names}`` of the values a user picks when merging:
        every stored field a user can edit, except those the merge manages
        itself; the address is one choice."""
        groups = {}
        for name, field in self._fields.items():
            editable = field.store and (
                not field.readonly or (field.compute and not field.readonly)
            )
            if (
                not editable
                or field.type in ("one2many", "many2many", "binary")
                or name in MERGE_MANAGED_FIELDS
                or name in models.MAGIC_COLUMNS
                or name.startswith(("message_", "activity_", "similar_"))
            ):
                continue
            if name in ADDRESS_FIELDS:
                groups["address"] = ADDRESS_FIELDS
            else:
                groups[name] = (name,)
        return groups

    def _merge_group_label(self, key):
        if key == "address":
            return self.env._("Address")
        return self._fields[key]._description_string(self.env)

    def _merge_group_value(self, key, fnames=None):
        """A comparable value of one lead for one choice (None when empty).

        A lost lead's 0% probability is its status, not an estimate: it is
        never offered."""
        self.ensure_one()
        fnames = fnames or self._merge_choice_groups()[key]
        if key == "probability" and self.won_status == "lost":
            return None
        values = tuple(self._fields[f].convert_to_write(self[f], self) for f in fnames)
        # A number left at 0 (revenue, probability...) was never filled in.
        numeric = all(
            self._fields[f].type in ("integer", "float", "monetary") for f in fnames
        )
        if numeric and not any(values):
            return None
        return None if all(merge.is_empty(v) for v in values) else values

    def _merge_group_display(self, key):
        """The value of one choice as text, for the wizard and the note."""
        self.ensure_one()
        fnames = self._merge_choice_groups()[key]
        parts = [self._merge_display_value(f) for f in fnames]
        return ", ".join(part for part in parts if part)

    def _merge_display_value(self, fname):
        field = self._fields[fname]
        value = self[fname]
        if field.type == "properties":
            return ", ".join(
                f"{prop.get('string')}: {prop.get('value')}"
                for prop in (value or [])
                if not merge.is_empty(prop.get("value"))
            )
        if field.type == "html":
            return Markup(value or "").striptags() if not merge.is_empty(value) else ""
        if field.type == "selection":
            return (
                dict(field._description_selection(self.env)).get(value, "")
                if value
                else ""
            )
        if field.type in ("many2one", "many2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "boolean":
            return self.env._("Yes") if value else ""
        if field.type == "monetary":
            currency = (
                self[field.get_currency_field(self)]
                if field.get_currency_field(self)
                else None
            )
            return (
                format_amount(self.env, value, currency or self.env.company.currency_id)
                if value
                else ""
            )
        if field.type == "float":
            return formatLang(self.env, value) if value else ""
        if field.type == "date":
            return format_date(self.env, value) if value else ""
        if field.type == "datetime":
            return format_datetime(self.env, value) if value else ""
        display = field.convert_to_display_name(value, self)
        return "" if display is False else str(display)

    @api.depends_context("merge_value_field")
    def _compute_display_name(self):
        """In the merge wizard, a lead shows as the value it would bring."""
        key = self.env.context.get("merge_value_field")
        if not key or key not in self._merge_choice_groups():
            return super()._compute_display_name()
        for lead in self:
            value = lead._merge_group_display(key) or self.env._("(empty)")
            lead.display_name = f"{value} — {lead.name or ''}".strip(" —")
        return None

    # ------------------------------------------------------------
    # MERGE
    # ------------------------------------------------------------

    def _merge_check_selection(self):
        """How many leads, and do they all still exist."""
        leads = self.with_context(active_test=False)
        if len(leads) < 2:
            raise UserError(
                self.env._("Select at least two leads or opportunities to merge.")
            )
        if len(leads) > MAX_MERGED_LEADS:
            raise UserError(
                self.env._(
                    "You selected %(count)s leads: merge at most %(max)s at a time, "
                    "in several merges if needed.",
                    count=len(leads),
                    max=MAX_MERGED_LEADS,
                )
            )
        if leads - leads.exists():
            raise UserError(
                self.env._(
                    "Some of the selected leads no longer exist (deleted by someone "
                    "else?). "
                    "Close this window and select them again."
                )
            )

    def _merge_check(self, master, allow_won=False):
        """Everything that must hold before merging ``self`` into ``master``."""
        self._merge_check_selection()
        leads = self.with_context(active_test=False)
        if master not in leads:
            raise UserError(
                self.env._("The record to keep must be one of the merged leads.")
            )
        leads.check_access("write")
        merged = leads.filtered("merged_into_id")
        if merged:
            raise UserError(
                self.env._(
                    "%(leads)s was already merged into another lead. Reload the page "
                    "and merge what is left.",
                    leads=", ".join(merged.mapped("display_name")),
                )
            )
        companies = leads.company_id
        if len(companies) > 1:
            raise UserError(
                self.env._(
                    "These leads belong to different companies (%(companies)s): only "
                    "leads of one company can be merged.",
                    companies=", ".join(companies.mapped("name")),
                )
            )
        won = leads.filtered(lambda lead: lead.won_status == "won")
        if won and not allow_won:
            raise UserError(
                self.env._(
                    "%(leads)s is won. Confirm that you want to merge a won "
                    "opportunity "
                    "(it will be the record kept), or remove it from the list.",
                    leads=", ".join(won.mapped("display_name")),
                )
            )
        if len(won) > 1:
            raise UserError(
                self.env._("Only one won opportunity can be part of a merge.")
            )
        if won and master != won:
            raise UserError(
                self.env._(
                    "A won opportunity must be the record kept, so that its sale stays "
                    "in your reports: keep “%(lead)s”.",
                    lead=won.display_name,
                )
            )

    def _merge_lock(self):
        """Locks the leads for this transaction, or tells the user someone
        else is merging them: two merges of the same leads never interleave."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM crm_lead WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                        list(self.ids),
                    )
                )
        except errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "Someone else is changing or merging these leads right now. "
                    "Try again in a moment."
                )
            ) from None
        # Re-read what another transaction may have committed before the lock.
        self.invalidate_recordset(["merged_into_id", "active"])

    @api.private
    def merge_similar_leads(
        self, master=None, user=None, team=None, choices=None, allow_won=False
    ):
        """Merges ``self`` into ``master`` (default: the lead created first).

        :param choices: ``{choice key: lead}``, which lead's value survives for
            each key of :meth:`_merge_choice_groups` (default: the master's, or
            the first non-empty value, oldest first)
        :return: the surviving lead
        """
        leads = self.with_context(active_test=False)
        leads._merge_check_selection()
        ordered = leads.sorted(lambda lead: (lead.create_date, lead.id))
        master = master or ordered[:1]
        leads._merge_check(master, allow_won=allow_won)
        leads._merge_lock()
        leads._merge_check(master, allow_won=allow_won)
        tails = ordered - master
        snapshot = leads._merge_snapshot()
        values = leads._merge_values(master, ordered, choices or {}, user, team)
        before = {fname: master._merge_display_value(fname) for fname in values}

        tails._merge_move_references(master)
        if not master.active and merge.merged_is_active(ordered.mapped("active")):
            master.action_restore()  # seed 004: the merged record comes back
        master.write(dict(values))  # write() adds keys to the dict it is given
        # Lost tails stay as they are (their closing date is kept).
        tails.filtered("active").write({"active": False})
        tails.write({"merged_into_id": master.id})
        master._merge_post_summary(tails, snapshot, before, values)
        for tail in tails:
            tail.message_post(
                body=self.env._("Merged into %(lead)s.", lead=master._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )
        return master

    def _merge_values(self, master, ordered, choices, user, team):
        """The values to write on ``master``, from the choices and the rules."""
        values = {}
        for key, fnames in self._merge_choice_groups().items():
            by_lead = [
                (lead.id, lead._merge_group_value(key, fnames)) for lead in ordered
            ]
            source = choices.get(key) or self.browse(
                merge.default_source(by_lead, master.id)
            )
            if source not in ordered:
                raise UserError(
                    self.env._(
                        "The value of %(field)s must come from one of the merged "
                        "leads.",
                        field=self._merge_group_label(key),
                    )
                )
            if source != master:
                for fname in fnames:
                    new = source._fields[fname].convert_to_write(source[fname], source)
                    if new != master._fields[fname].convert_to_write(
                        master[fname], master
                    ):
                        values[fname] = new
        description = merge.merged_html(
            [master.description, *(ordered - master).mapped("description")]
        )
        if description != (master.description or False):
            values["description"] = description
        if ordered.tag_ids - master.tag_ids:
            values["tag_ids"] = [fields.Command.set(ordered.tag_ids.ids)]
        priority = merge.merged_priority(ordered.mapped("priority"))
        if priority != master.priority:
            values["priority"] = priority
        if merge.merged_type(ordered.mapped("type")) != master.type:
            values.update(type="opportunity", date_conversion=fields.Datetime.now())
        if user and user != master.user_id:
            values["user_id"] = user.id
        if team and team != master.team_id:
            values["team_id"] = team.id
        final_team = team or master.team_id
        stage = master.stage_id
        if final_team and stage.team_ids and final_team not in stage.team_ids:
            values["stage_id"] = master._stage_find(
                team_id=final_team.id, domain=[("fold", "=", False)]
            ).id
        return values

    def _merge_move_references(self, master):
        """Points every reference to ``self`` (the merged-away leads) at
        ``master``: foreign keys of any installed model, many2many links,
        ``res_model``/``res_id`` links (messages, attachments, activities,
        followers...) and reference fields, one UPDATE per table."""
        self.env.flush_all()
        tail_ids = list(self.ids)
        cr = self.env.cr
        cr.execute(
            """SELECT referring.relname, attribute.attname
                 FROM pg_constraint fk
                 JOIN pg_class referring ON referring.oid = fk.conrelid
                 JOIN pg_attribute attribute
                   ON attribute.attrelid = fk.conrelid
                  AND attribute.attnum = fk.conkey[1]
                WHERE fk.contype = 'f' AND fk.confrelid = 'crm_lead'::regclass
                  AND array_length(fk.conkey, 1) = 1"""
        )
        for table, column in cr.fetchall():
            if table not in REFERENCES_KEPT:
                self._merge_repoint(table, column, master.id, tail_ids)
        self._merge_move_followers(master)
        for model in self.env.registry.values():
            if (
                model._abstract
                or not model._auto
                or model._transient
                or model._table in REFERENCES_KEPT
            ):
                continue
            for field in model._fields.values():
                if not field.store or not field.column_type:
                    continue
                if (
                    field.type == "many2one_reference"
                    and model._name != "mail.followers"
                ):
                    extra = SQL("%s = 'crm.lead'", SQL.identifier(field.model_field))
                    if (
                        "res_field" in model._fields
                    ):  # binary field values stay with their record
                        extra = SQL("%s AND res_field IS NULL", extra)
                    self._merge_repoint(
                        model._table, field.name, master.id, tail_ids, extra
                    )
                elif field.type == "reference":
                    cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE %s = ANY(%s)",
                            SQL.identifier(model._table),
                            SQL.identifier(field.name),
                            f"crm.lead,{master.id}",
                            SQL.identifier(field.name),
                            [f"crm.lead,{tail_id}" for tail_id in tail_ids],
                        )
                    )
        self.env.invalidate_all()

    def _merge_repoint(self, table, column, master_id, tail_ids, extra=None):
        """UPDATE ``table.column`` from the tails to the master. A link table
        (two columns) keeps one row where the master already had the link; any
        other unique conflict stops the merge rather than lose a row."""
        cr = self.env.cr
        condition = SQL("%s = ANY(%s)", SQL.identifier(column), tail_ids)
        if extra:
            condition = SQL("%s AND %s", condition, extra)
        cr.execute(
            SQL(
                """SELECT array_agg(column_name::text)
                     FROM information_schema.columns WHERE table_name = %s""",
                table,
            )
        )
        columns = cr.fetchone()[0] or []
        if len(columns) == 2:
            other = SQL.identifier(next(c for c in columns if c != column))
            cr.execute(
                SQL(
                    """WITH moved AS (
                           SELECT DISTINCT ON (link.%(other)s) link.ctid AS row_id
                             FROM %(table)s AS link
                            WHERE link.%(column)s = ANY(%(tails)s)
                              AND NOT EXISTS (
                                  SELECT FROM %(table)s AS kept
                                   WHERE kept.%(column)s = %(master)s
                                     AND kept.%(other)s = link.%(other)s)
                            ORDER BY link.%(other)s)
                       UPDATE %(table)s SET %(column)s = %(master)s
                        WHERE ctid IN (SELECT row_id FROM moved)""",
                    table=SQL.identifier(table),
                    column=SQL.identifier(column),
                    other=other,
                    master=master_id,
                    tails=tail_ids,
                )
            )
            # What is left duplicates a link the master has now: nothing is lost.
            cr.execute(SQL("DELETE FROM %s WHERE %s", SQL.identifier(table), condition))
            return
        try:
            with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = %s WHERE %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        master_id,
                        condition,
                    )
                )
        except errors.UniqueViolation:
            raise UserError(
                self.env._(
                    "These leads cannot be merged: their %(table)s records would "
                    "conflict. Nothing was changed.",
                    table=table,
                )
            ) from None

    def _merge_move_followers(self, master):
        """Every follower of a merged lead follows the master, with the union
        of its subtypes (core keeps only those who posted in 30 days)."""
        cr = self.env.cr
        tail_ids = list(self.ids)
        # Subtypes of followers the master already has: added to its row.
        cr.execute(
            SQL(
                """INSERT INTO mail_followers_mail_message_subtype_rel
                          (mail_followers_id, mail_message_subtype_id)
                   SELECT DISTINCT kept.id, rel.mail_message_subtype_id
                     FROM mail_followers tail
                     JOIN mail_followers kept
                       ON kept.res_model = 'crm.lead' AND kept.res_id = %(master)s
                      AND kept.partner_id = tail.partner_id
                     JOIN mail_followers_mail_message_subtype_rel rel
                       ON rel.mail_followers_id = tail.id
                    WHERE tail.res_model = 'crm.lead' AND tail.res_id = ANY(%(tails)s)
                   ON CONFLICT DO NOTHING""",
                master=master.id,
                tails=tail_ids,
            )
        )
        # The others move: one row per partner, the oldest.
        cr.execute(
            SQL(
                """UPDATE mail_followers SET res_id = %(master)s
                    WHERE id IN (
                          SELECT min(tail.id) FROM mail_followers tail
                           WHERE tail.res_model = 'crm.lead'
                             AND tail.res_id = ANY(%(tails)s)
                             AND NOT EXISTS (
                                 SELECT FROM mail_followers kept
                                  WHERE kept.res_model = 'crm.lead'
                                    AND kept.res_id = %(master)s
                                    AND kept.partner_id = tail.partner_id)
                           GROUP BY tail.partner_id)""",
                master=master.id,
                tails=tail_ids,
            )
        )

    # ------------------------------------------------------------
    # CHATTER SUMMARY
    # ------------------------------------------------------------

    def _merge_snapshot_fields(self):
        """Every stored field worth reading back in the summary."""
        return [
            name
            for name, field in self._fields.items()
            if field.store
            and field.type not in ("one2many", "binary")
            and name not in models.MAGIC_COLUMNS
            and name not in ("write_date", "write_uid", "merged_into_id", "color")
            and not name.startswith(("message_", "activity_", "similar_"))
            and name
            not in ("email_normalized", "phone_sanitized", "email_domain_criterion")
        ]

    def _merge_snapshot(self):
        """``{lead: [(label, value text)]}`` of every non-empty stored value."""
        fnames = self._merge_snapshot_fields()
        snapshot = {}
        for lead in self:
            rows = [(self.env._("ID"), str(lead.id))]
            rows.append(
                (
                    self._fields["create_date"]._description_string(self.env),
                    format_datetime(self.env, lead.create_date),
                )
            )
            for fname in fnames:
                text = lead._merge_display_value(fname)
                if text and fname != "create_date":
                    rows.append(
                        (self._fields[fname]._description_string(self.env), text)
                    )
            snapshot[lead] = rows
        return snapshot

    def _merge_post_summary(self, tails, snapshot, before, values):
        """One internal note on the master listing every merged record's
        values and the values the merge replaced."""
        self.ensure_one()

        def table(headers, rows):
            head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
            body = Markup("").join(
                Markup("<tr>%s</tr>")
                % Markup("").join(Markup("<td>%s</td>") % cell for cell in row)
                for row in rows
            )
            return Markup(
                '<table class="table table-sm table-bordered">'
                "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
            ) % (head, body)

        parts = [
            Markup("<p><b>%s</b></p>")
            % self.env._(
                "%(user)s merged %(count)s records into this one on %(date)s.",
                user=self.env.user.name,
                count=len(tails),
                date=format_datetime(self.env, fields.Datetime.now()),
            )
        ]
        replaced = [
            (
                self._fields[fname]._description_string(self.env),
                before[fname],
                self._merge_display_value(fname),
            )
            for fname in values
            if before[fname] != self._merge_display_value(fname)
        ]
        if replaced:
            parts.append(
                Markup("<p>%s</p>") % self.env._("Values changed on this record:")
            )
            parts.append(
                table(
                    [self.env._("Field"), self.env._("Before"), self.env._("After")],
                    replaced,
                )
            )
        for tail in tails:
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Merged record %(lead)s (kept archived):",
                    lead=tail._get_html_link(),
                )
            )
            parts.append(
                table([self.env._("Field"), self.env._("Value")], snapshot[tail])
            )
        self.message_post(body=Markup("").join(parts), subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_merge_with_similar(self):
        """Opens the merge wizard on this lead and its strong duplicates."""
        self.ensure_one()
        leads = self | self._similar_duplicates(min_strength=matching.STRONG)
        return leads._merge_wizard_action()

    def action_merge_selected(self):
        """Opens the merge wizard on the selected leads."""
        return self._merge_wizard_action()

    def _merge_wizard_action(self):
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_similar_leads.crm_lead_merge_wizard_action"
        )
        action["context"] = {"active_model": "crm.lead", "active_ids": self.ids}
        return action

    def action_open_merged_leads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merged into %(lead)s", lead=self.name),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("merged_into_id", "=", self.id)],
            "context": {"active_test": False, "create": False},
        }

    def action_open_merged_into(self):
        self.ensure_one()
        return self.merged_into_id._get_records_action()
