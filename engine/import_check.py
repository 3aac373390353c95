"""Duplicates caught at the door of an import (Odoo's own import of leads,
``base_import``): the rows that are duplicates of existing leads or of each
other, reported at the test step, and what the user chose to do with the
exact ones: import everything (flagged, as any duplicate), skip them, or
merge them into the existing lead.

Set-based: the rows of a batch are created as core's import creates them,
then scored in one pass (``pairs.catch_up``: one look-up of candidates for
the whole batch, as the scheduled job scores an import), and their stored
pairs read in one query under the user's record rules
(``detection.find_matches``). A row is compared with every lead the user
may read and with the other rows of its batch; a row of an earlier batch is
an existing lead by then (its batch was committed), except at the test step,
where each batch is rolled back before the next (set the batch limit to the
size of the file to compare every row with every other there).

Only exact duplicates (``SimilarMatch.exact``: the same mailbox or number of
a person, names agreeing, nothing against it, and the duplicate class) are
skipped or merged; possible duplicates and related leads are only reported.

A skipped row is created with the others and deleted before the batch ends
(its pairs must be found like the others', in the same pass): nothing of it
is committed. Merges go through the one merge engine (``LeadMerge``, origin
``import``), the record kept being the existing lead, each in a savepoint (a
merge refused, e.g. a lead someone else is changing, leaves that row a new
lead and says why), all of the file's merges in one
``crm.lead.merge.batch`` undone as a whole. At the test step, each merge is
planned and checked (``LeadMerge.plan``), not run.

The whole check runs inside a savepoint around core's ``load``: when it
fails, the batch is rolled back and reported as an import error, so nothing
is ever half imported or half merged.
"""

import logging

from psycopg2 import OperationalError

from odoo.exceptions import AccessError, UserError

from ..tools import scoring
from . import detection, explanation, pairs
from .lead_merge import LeadMerge, found_references

_logger = logging.getLogger(__name__)

#: The import option holding the user's choice.
OPTION = "similar_duplicates"
#: The choices: import every row (duplicates flagged, as today), skip the
#: exact duplicates, merge them into the existing lead.
IMPORT, SKIP, MERGE = "import", "skip", "merge"
CHOICES = (IMPORT, SKIP, MERGE)
#: What happened to a reported row.
NEW, SKIPPED, MERGED, NOT_MERGED = "new", "skipped", "merged", "not_merged"
#: Rows listed one by one in a batch's report (all are counted).
MAX_LISTED = 1000
#: The classes a row is reported for (related leads of the same
#: organisation are not duplicates).
REPORTED = (scoring.DUPLICATE, scoring.POSSIBLE)
#: Context values of the import that must not reach the scoring and the
#: merges (core's import reads them when it creates records).
IMPORT_CONTEXT = (
    "import_file",
    "import_flush",
    "import_cache",
    "_import_current_module",
    "_import_limit",
    "name_create_enabled_fields",
    "import_set_empty_fields",
    "import_skip_records",
)


def may_merge(env):
    """Merging the rows of an import is a merge in bulk, without a person
    looking at each: sales managers only, as the review queue's."""
    return env.su or env.user.has_group("sales_team.group_sale_manager")


def checked_choice(env, value):
    """The choice of an import's options, or a clear error."""
    if value in (None, False, ""):
        return IMPORT
    if value not in CHOICES:
        raise UserError(
            env._(
                "“%(choice)s” is not a choice for duplicates: import them, skip "
                "them or merge them.",
                choice=value,
            )
        )
    if value == MERGE and not may_merge(env):
        raise AccessError(
            env._(
                "Only sales managers can merge the rows of an import into existing "
                "leads. Import every row, or skip the exact duplicates."
            )
        )
    return value


class ImportCheck:
    """The duplicate check of one call of the import (one batch of rows).

    :param choice: one of ``CHOICES``
    :param dryrun: the test step (everything is rolled back after it)
    :param key: identifies the import across its batches (its merges go in
        one batch of merges)
    :param name: the file's name, to name that batch
    :param skip: the rows before this batch (``options["skip"]``)
    """

    def __init__(self, choice, dryrun, key, name, skip=0):
        self.choice = choice
        self.dryrun = dryrun
        self.key = key
        self.name = name or ""
        self.skip = skip or 0
        self.rows = {}  # lead id: row of the file (1 = first row of data)
        self.created = set()  # ids of the leads core's load created
        self.batch = None  # the batch of merges, once a row is merged
        self.report = None  # what the web client shows (``describe``)

    # ------------------------------------------------------------
    # WHAT CORE'S LOAD CREATED (crm.lead._load_records)
    # ------------------------------------------------------------

    def loaded(self, data_list, records):
        """Core's ``_load_records`` loaded ``records`` from ``data_list``,
        one record an entry: the row of each."""
        for data, record in zip(data_list, records, strict=False):
            start = ((data.get("info") or {}).get("rows") or {}).get("from")
            if start is not None and record.id:
                self.rows[record.id] = self.skip + start + 1

    def created_records(self, records):
        self.created.update(records.ids)

    # ------------------------------------------------------------
    # THE CHECK, AROUND CORE'S LOAD
    # ------------------------------------------------------------

    def load(self, Lead, load):
        """Runs core's ``load`` (``load()``), then the check, in one
        savepoint: an error in the check rolls the batch back and is
        returned as an import error."""
        savepoint = Lead.env.cr.savepoint()
        try:
            result = load()
            if result.get("ids"):
                self._check(Lead, result)
        except UserError as error:
            savepoint.close(rollback=True)
            self.report = None
            return {
                "ids": False,
                "messages": [{"type": "error", "message": str(error.args[0])}],
                "nextrow": 0,
            }
        except BaseException:
            savepoint.close(rollback=True)
            raise
        savepoint.close(rollback=False)
        return result

    def _check(self, Lead, result):
        env = Lead.env(
            context={
                key: value
                for key, value in Lead.env.context.items()
                if key not in IMPORT_CONTEXT and not key.startswith("crm_similar")
            }
        )
        Lead = env["crm.lead"]
        ids = [lead_id for lead_id in result["ids"] if lead_id in self.created]
        if not ids:
            self.report = describe(env, self, [])
            return
        pairs.without_jit(env)  # a batch is scored: as the job does
        pairs.up_to_date(env)
        pairs.catch_up(env, ids)
        leads = Lead.browse(ids)
        matches = detection.find_matches(leads, duplicates_only=False)
        lines = self._lines(ids, matches)
        if self.choice != IMPORT:
            self._act(Lead, lines, result)
        self.report = describe(env, self, lines)

    def _row(self, lead_id):
        return self.rows.get(lead_id, 0)

    def _lines(self, ids, matches):
        """One line per row that has duplicates (strongest first: an existing
        lead before an earlier row of the file), in the order of the file;
        each shows its first exact duplicate, else its strongest."""
        created = set(ids)
        lines = []
        for lead_id in sorted(ids, key=lambda i: (self._row(i), i)):
            found = [m for m in matches.get(lead_id, []) if m.klass in REPORTED]
            existing = [m for m in found if m.lead_id not in created]
            earlier = [
                m
                for m in found
                if m.lead_id in created and self._row(m.lead_id) < self._row(lead_id)
            ]
            if existing or earlier:
                shown = existing + earlier
                lines.append(
                    {
                        "lead_id": lead_id,
                        "row": self._row(lead_id),
                        "existing": existing,
                        "earlier": earlier,
                        # An exact duplicate first: what the row is counted as.
                        "shown": next(filter(_is_exact, shown), shown[0]),
                        "action": NEW,
                        "target": None,
                        "reason": "",
                    }
                )
        return lines

    # ------------------------------------------------------------
    # SKIP OR MERGE THE EXACT DUPLICATES
    # ------------------------------------------------------------

    def _act(self, Lead, lines, result):
        targets = self._targets(Lead, lines)
        if not targets:
            return
        if self.choice == SKIP:
            skipped = {line["lead_id"] for line in targets}
            for line in targets:
                line["action"] = SKIPPED
            if not self.dryrun:
                # Created by this very batch a moment ago: deleted as the
                # user who imports may not delete leads.
                Lead.browse(sorted(skipped)).sudo().unlink()
                result["ids"] = [i for i in result["ids"] if i not in skipped]
            return
        merges = {}
        for line in targets:
            merges.setdefault(line["target"], []).append(line)
        found = None if self.dryrun else found_references(Lead.env)
        for target_id, merged in merges.items():
            leads = Lead.browse([target_id, *(line["lead_id"] for line in merged)])
            if not self.dryrun:
                self.batch = self.batch or self._batch(Lead.env)
            reason = self._merge(leads, Lead.browse(target_id), found)
            for line in merged:
                line["action"] = NOT_MERGED if reason else MERGED
                line["reason"] = reason

    def _targets(self, Lead, lines):
        """The lines of exact duplicates, each with the lead it goes to: the
        existing exact duplicate (the user may change it, for a merge) in
        the pipeline rather than lost, strongest, created first; else an
        earlier row of the file it exactly duplicates, itself kept."""
        exact = [
            line
            for line in lines
            if any(_is_exact(m) for m in line["existing"] + line["earlier"])
        ]
        candidates = {
            m.lead_id for line in exact for m in line["existing"] if _is_exact(m)
        }
        allowed = Lead.with_context(active_test=False).browse(sorted(candidates))
        if self.choice == MERGE:
            allowed = allowed._filtered_access("write")
        active = {lead.id: lead.active for lead in allowed}
        chosen, gone = [], set()  # rows skipped or merged: no row goes to them
        for line in exact:
            existing = sorted(
                (m for m in line["existing"] if _is_exact(m) and m.lead_id in active),
                key=lambda m: (not active[m.lead_id], -m.score, m.lead_id),
            )
            earlier = [
                m for m in line["earlier"] if _is_exact(m) and m.lead_id not in gone
            ]
            if existing or earlier:
                # The row shows the lead it goes to.
                line["shown"] = (existing or earlier)[0]
                line["target"] = line["shown"].lead_id
                chosen.append(line)
                gone.add(line["lead_id"])
        return chosen

    def _merge(self, leads, master, found):
        """Merges (at the test step: plans and checks) ``leads`` into
        ``master``; returns why it was not possible ("" when it was). In a
        savepoint that does not run the pre-commit hooks: the pairs of all
        the merged leads are found again once, at the end of the batch."""
        env = leads.env
        merge = LeadMerge(leads, master, origin="import", batch=self.batch, found=found)
        env.flush_all()
        savepoint = env.cr.savepoint(flush=False)
        try:
            if self.dryrun:
                merge.plan()
            else:
                merge.run()
            env.flush_all()
        except (UserError, OperationalError) as error:
            savepoint.close(rollback=True)
            env.clear()  # what the ORM holds of the merge rolled back
            if isinstance(error, UserError):
                return str(error.args[0])
            _logger.info("Import: rows %s not merged: %s", leads.ids, error)
            return env._("Someone else was changing these leads at the same time.")
        savepoint.close(rollback=False)
        return ""

    def _batch(self, env):
        """The batch of merges of this import (one for all its batches of
        rows), created at its first merge."""
        Batch = env["crm.lead.merge.batch"].sudo()
        batch = Batch.search([("import_key", "=", self.key)], limit=1)
        return batch or Batch.create(
            {
                "name": env._("Import of %(file)s", file=self.name)
                if self.name
                else env._("Import"),
                "import_key": self.key,
            }
        )


def _is_exact(match):
    return match.exact and match.klass == scoring.DUPLICATE


def describe(env, check, lines):
    """What the web client shows of one batch, as JSON: counts, and each
    line's row, class, score, the lead or row it duplicates, its
    salesperson, what was done and the contributions (explained on demand:
    ``crm.lead.similar_import_explanation``)."""
    listed = lines[:MAX_LISTED]
    existing_ids = sorted(
        {line["shown"].lead_id for line in listed if line["existing"]}
        | {line["target"] for line in listed if line["target"]}
    )
    names = {}
    if existing_ids:
        # The user may read them all (found under their rules).
        leads = env["crm.lead"].with_context(active_test=False).browse(existing_ids)
        for lead in leads.sudo():
            names[lead.id] = (lead.display_name, lead.user_id.name or "")
    described = []
    for line in listed:
        shown = line["shown"]
        in_file = not line["existing"]
        name, salesperson = names.get(shown.lead_id, ("", ""))
        described.append(
            {
                "row": line["row"],
                "klass": shown.klass,
                "class_label": explanation.class_label(env, shown.klass),
                "score": shown.score,
                "score_text": explanation.signed(env, shown.score, sign=False),
                "exact": _is_exact(shown),
                "lead_id": False if in_file else shown.lead_id,
                "lead_name": "" if in_file else name,
                "salesperson": "" if in_file else salesperson,
                "other_row": check.rows.get(shown.lead_id, 0) if in_file else 0,
                "more": len(line["existing"]) + len(line["earlier"]) - 1,
                "action": line["action"],
                "action_label": _action_label(env, check, line, names),
                "contributions": shown.contributions,
            }
        )
    return {
        "choice": check.choice,
        "dryrun": check.dryrun,
        "count": len(lines),
        "exact": sum(1 for line in lines if _is_exact(line["shown"])),
        "skipped": sum(1 for line in lines if line["action"] == SKIPPED),
        "merged": sum(1 for line in lines if line["action"] == MERGED),
        "not_merged": sum(1 for line in lines if line["action"] == NOT_MERGED),
        "batch_id": check.batch.id if check.batch else False,
        "lines": described,
    }


def _action_label(env, check, line, names):
    """What is done with a row, or at the test step what the import will do."""
    action, target = line["action"], line["target"]
    into = (
        env._("row %(row)s", row=check.rows.get(target, 0))
        if target in check.rows
        else names.get(target, ("", ""))[0]
    )
    if check.dryrun:
        labels = {
            SKIPPED: lambda: env._("Will be skipped"),
            MERGED: lambda: env._("Will be merged into %(lead)s", lead=into),
            NOT_MERGED: lambda: env._(
                "Will be imported as a new lead, it cannot be merged: %(reason)s",
                reason=line["reason"],
            ),
            NEW: lambda: env._("Will be imported as a new lead"),
        }
    else:
        labels = {
            SKIPPED: lambda: env._("Skipped"),
            MERGED: lambda: env._("Merged into %(lead)s", lead=into),
            NOT_MERGED: lambda: env._(
                "Imported as a new lead, not merged: %(reason)s",
                reason=line["reason"],
            ),
            NEW: lambda: env._("Imported as a new lead"),
        }
    return labels[action]()
