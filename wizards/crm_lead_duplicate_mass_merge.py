import logging

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import value_journal
from ..engine.lead_merge import LeadMerge, merge_references
from ..engine.lead_rules import oldest_first
from ..tools import actions

_logger = logging.getLogger(__name__)


class CrmLeadDuplicateMassMerge(models.TransientModel):
    """The dry run of a mass merge of the review queue: each group, the lead
    kept, the values that change and the linked records that move, and the
    groups left for a person, each with its reason. Nothing changes until it
    is confirmed, and only the groups shown as merged are merged, as shown:
    a group whose leads or values changed since goes back to review."""

    _name = "crm.lead.duplicate.mass.merge"
    _description = "Merge Exact Duplicates"

    kept_lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_duplicate_mass_merge_kept_rel",
        string="Groups",
        help="The groups, by their record kept.",
        # A lost lead kept (archived) is a group like any other.
        context={"active_test": False},
    )
    # {kept lead id: {"leads": [lead ids], "shown": digest of what the dry
    # run shows}} of the groups the dry run merges, computed when the dry run
    # is shown (the web client sends it back with the click).
    planned = fields.Json(compute="_compute_planned", store=True, readonly=False)
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    merge_count = fields.Integer(compute="_compute_preview")

    @api.depends("kept_lead_ids")
    def _compute_planned(self):
        refs = merge_references(self.env)
        for wizard in self:
            wizard.planned = {
                str(line["kept"].id): {
                    "leads": line["leads"].ids,
                    "shown": _digest(line["merge"]),
                }
                for line in wizard._dry_run(refs)
                if line["reason"] is None
            }

    @api.depends("kept_lead_ids", "planned")
    def _compute_preview(self):
        refs = merge_references(self.env)
        for wizard in self:
            shown = wizard._dry_run(refs)
            merged = [line for line in shown if line["reason"] is None]
            wizard.merge_count = len(merged)
            wizard.preview = self.env["ir.qweb"]._render(
                "crm_similar_leads.mass_merge_preview",
                {"groups": shown, "summary": self._summary(shown, merged)},
            )

    def _summary(self, shown, merged):
        """The dry run in one line, above its groups (plural-free)."""
        return self.env._(
            "Groups to merge: %(merged)s of %(total)s. Leads to archive into their "
            "record kept: %(archived)s. Groups to review yourself: %(left)s.",
            merged=len(merged),
            total=len(shown),
            archived=sum(len(line["merge"].tails) for line in merged),
            left=len(shown) - len(merged),
        )

    def _dry_run(self, refs):
        """One line per selected group, in the order of the selection:
        ``{kept, leads, reason, merge}``, ``reason`` None for a group merged
        (then ``merge``, its preview), else why it is left for a person."""
        self.ensure_one()
        Group = self.env["crm.lead.duplicate.group"]
        selected = self.kept_lead_ids._origin  # real ids, in the dry run's form too
        groups = {
            group.id: group for group in Group.search([("id", "in", selected.ids)])
        }
        lines = []
        for kept in oldest_first(selected):
            group = groups.get(kept.id)
            leads = group._mergeable_leads() if group else kept.browse()
            reason = self._reason(group)
            line = {"kept": kept, "leads": leads, "reason": reason, "merge": None}
            if reason is None:
                try:
                    line["merge"] = LeadMerge(leads, origin="queue").preview(refs)
                except UserError as error:
                    line["reason"] = error.args[0]
            lines.append(line)
        return lines

    def _reason(self, group):
        """Why a group is left for a person (None: it is merged). Groups never
        share a lead (``engine/groups.py``)."""
        env = self.env
        if not group:
            return env._("No longer in the queue: merged, kept separate or changed.")
        company = group.lead_id.company_id or env.company
        return group._why_not_merged_in_bulk(company.similar_max_group_size)

    def action_merge(self):
        """Merges the groups of the dry run, one savepoint each, in one batch
        that can be undone as a whole; a group changed since the dry run is
        left for review, with the reason."""
        self.ensure_one()
        self.env["crm.lead.duplicate.group"]._check_manager()
        planned = _checked_plan(self.env, self.planned)
        refs = merge_references(self.env)
        batch = self.env["crm.lead.merge.batch"]
        merged, skipped = 0, []
        for line in self._dry_run(refs):
            plan = planned.get(line["kept"].id)
            if plan is None:
                continue
            reason = line["reason"] or self._changed_since(line, plan)
            if reason:
                skipped.append((line["kept"], reason))
                continue
            batch = batch or self._new_batch(len(planned))
            reason = self._merge_group(line["leads"], batch)
            if reason:
                skipped.append((line["kept"], reason))
            else:
                merged += 1
        return self._result(batch, merged, skipped)

    def _changed_since(self, line, plan):
        if (
            line["leads"].ids != plan["leads"]
            or _digest(line["merge"]) != plan["shown"]
        ):
            return self.env._(
                "Changed since the dry run (its leads or their values): review it "
                "again."
            )
        return None

    def _new_batch(self, count):
        name = (
            self.env._("Mass merge of one group")
            if count == 1
            else self.env._("Mass merge of %(count)s groups", count=count)
        )
        return self.env["crm.lead.merge.batch"].create({"name": name})

    def _merge_group(self, leads, batch):
        """Merges one group in a savepoint; returns why it was not merged
        (None when it was)."""
        try:
            with self.env.cr.savepoint():
                LeadMerge(leads, origin="queue", batch=batch).run()
        except UserError as error:
            return error.args[0]
        except OperationalError as error:  # a lock or serialization conflict
            _logger.info("Group of lead %s not merged: %s", leads[:1].id, error)
            return self.env._(
                "Someone else was changing these leads at the same time: review "
                "this group again."
            )
        return None

    def _result(self, batch, merged, skipped):
        env = self.env
        if not merged:
            message = env._("No group merged.")
        elif merged == 1:
            message = env._("One group merged.")
        else:
            message = env._("%(count)s groups merged.", count=merged)
        if skipped:
            message += "\n" + env._(
                "Left for review: %(groups)s",
                groups="; ".join(
                    f"{kept.display_name} ({reason})" for kept, reason in skipped
                ),
            )
        # The batch opens next, with its "Undo this batch" button.
        following = batch._get_records_action(name=batch.name) if merged else None
        return actions.notification(
            message,
            kind="warning" if skipped else "success",
            sticky=bool(skipped),
            following=following or actions.RELOAD,
        )


def _digest(preview):
    """What the dry run shows of one merge, as a digest: the lead kept, the
    leads merged and every stored value of each (a value that changes after
    the dry run may change what the merge writes)."""
    values = value_journal.snapshot(preview.master | preview.tails)
    return value_journal.digest(
        [
            preview.master.id,
            preview.tails.ids,
            # without the addon's own keys and scores, derived from the rest
            {
                lead_id: {k: v for k, v in lead.items() if not k.startswith("similar_")}
                for lead_id, lead in values.items()
            },
        ]
    )


def _checked_plan(env, planned):
    """``{kept lead id: {"leads": [ids], "shown": digest}}`` from what the web
    client sent back, or a clear error when it is not one."""
    try:
        return {
            int(kept): {
                "leads": [int(lead_id) for lead_id in plan["leads"]],
                "shown": str(plan["shown"]),
            }
            for kept, plan in (planned or {}).items()
        }
    except (AttributeError, KeyError, TypeError, ValueError):
        raise UserError(
            env._("This dry run cannot be read: open Merge Exact Duplicates again.")
        ) from None
