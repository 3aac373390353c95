"""The merge engine: every merge of leads, whoever starts it, runs here.

One merge: check, lock, plan the values, move every reference of the merged
records to the record kept (``references``), let modules do what they add to
core's merge (``_merge_dependences``), write the values, archive and link the
merged records (never deleted: they keep their own values), journal it all
for an undo, and post one note. See README.md, "Architecture".
"""

from collections import Counter
from typing import NamedTuple

from . import (
    changes,
    context_keys,
    merge_checks,
    merge_link,
    merge_note,
    moved_kinds,
    references,
    value_journal,
)
from .lead_rules import is_won, oldest_first
from .merge_plan import MergePlan, shown_fields

#: References to merged leads that stay: the not-duplicate memory, the
#: link to the record kept and the addon's own journals, pairs and log of
#: leads to score again (bookkeeping users never see).
KEPT_REFERENCES = frozenset(
    {
        "crm_lead_not_duplicate",
        ("crm_lead", "merged_into_id"),
        "crm_lead_merge_journal",
        "crm_lead_merge_journal_tail_rel",
        "crm_lead_similar_pair",
        "crm_lead_similar_pending",
        "crm_lead_similar_membership",
        "crm_lead_similar_grouping",
    }
)
#: Transaction data: the ids of the leads merged in this transaction.
MERGED_NOW = "crm_similar_leads.merged_now"


class MergePreview(NamedTuple):
    """What a merge would do: the record kept, the records merged into it,
    ``[{label, before, after}]`` of the values that change and ``{what:
    number}`` of the linked records that move."""

    master: object
    tails: object
    changes: list
    moved: dict


def merge_references(env):
    """The references a merge moves (read from the database's catalog: one
    reading serves many previews)."""
    refs, _skipped = found_references(env)
    return refs


def found_references(env):
    """``(references a merge moves, references it leaves alone)``, read from
    the database's catalog: one reading serves many merges of a transaction
    (``LeadMerge(..., found=...)``)."""
    return references.find_references(env, "crm.lead", kept=KEPT_REFERENCES)


def moved_counts(master, tails, refs=None):
    """``{kind: number}`` of the linked records of ``tails`` that a merge
    into ``master`` moves (found and counted as the merge moves them), by
    the kinds users know (``engine/moved_kinds.py``)."""
    env = master.env
    if refs is None:
        refs = merge_references(env)
    moved = Counter()
    counts = references.count_references(env, "crm.lead", refs, tails.ids, master.id)
    for reference, count in counts.items():
        if count:
            moved[moved_kinds.label(env, reference)] += count
    return dict(moved_kinds.sorted_counts(env, moved))


def default_master(leads):
    """The record a merge keeps unless a person chooses: the won opportunity
    (its sale stays in the reports), else the lead created first."""
    won = leads.filtered(is_won)
    return won[:1] or oldest_first(leads)[:1]


class LeadMerge:
    """A merge of ``leads`` into one of them.

    :param master: the record kept (default: the won one, else the oldest)
    :param choices: ``{choice key: lead}`` whose value survives
    :param user: salesperson to apply (``None``: from the plan)
    :param team: sales team to apply (``None``: from the plan)
    :param allow_won: a won opportunity may be part of the merge
    :param origin: what started it (a key of ``merge_origins.ORIGINS``)
    :param limit: most leads merged at once (0: no limit)
    :param batch: the ``crm.lead.merge.batch`` the merge is part of
    :param found: what :func:`found_references` returned (many merges in one
        transaction read the catalog once)
    """

    def __init__(
        self,
        leads,
        master=None,
        *,
        choices=None,
        user=None,
        team=None,
        allow_won=False,
        origin="manual",
        limit=merge_checks.MAX_MERGED_LEADS,
        batch=None,
        found=None,
    ):
        self.env = leads.env
        self.leads = leads.with_context(active_test=False)
        self.master = master
        self.choices = choices or {}
        self.user, self.team = user, team
        self.allow_won = allow_won
        self.origin = origin
        self.limit = limit
        self.batch = batch
        self.found = found

    def check(self):
        """The checks, without changing anything."""
        merge_checks.check_selection(self.leads, self.limit)
        ordered = oldest_first(self.leads)
        master = self.master or default_master(ordered)
        merge_checks.check_merge(self.leads, master, self.allow_won)
        return ordered, master

    def plan(self):
        ordered, master = self.check()
        plan = MergePlan(ordered, master, self.choices, self.user, self.team)
        merge_checks.check_assignment(self.env, plan.user, plan.team, master.company_id)
        return plan

    def preview(self, refs=None):
        """What :meth:`run` would do, without changing anything (``refs``:
        from :func:`merge_references`, when previewing many merges)."""
        plan = self.plan()
        master = plan.master.with_env(self.env).sudo()
        tails = (plan.ordered - plan.master).with_env(self.env)
        moved = moved_counts(master, tails, refs)
        return MergePreview(
            master.with_env(self.env), tails, self._changes(plan, master), moved
        )

    def _changes(self, plan, master):
        """The values the merge changes on the record kept, as shown before
        it and in its note."""
        env = self.env
        found = []
        if plan.result_is_live and master.won_status == "lost":
            found.append(changes.back_in_pipeline(env))
        shown = shown_fields(master)
        return found + changes.value_changes(master.sudo(), plan.values(), shown)

    def run(self):
        """Merges, and returns the record kept."""
        merge_checks.check_count(self.leads, self.limit)
        merge_checks.lock(self.leads)  # then check: nobody changes them now
        plan = self.plan()
        master = plan.master.with_env(self.env)
        tails = (plan.ordered - plan.master).with_env(self.env)
        values = plan.values()
        before = value_journal.snapshot(self.leads)
        details = merge_note.render_details(tails)

        refs, skipped = self.found or found_references(self.env)
        moved = references.move_references(
            self.env, "crm.lead", refs, tails.ids, master.id
        )
        master.with_context(**{context_keys.REFERENCES_MOVED: True})._merge_dependences(
            tails
        )
        changed = self._changes(plan, master)
        self._write(plan, values)
        merge_note.log_on_tails(tails, master)
        self._archive(tails, master)

        self.env.flush_all()
        after = value_journal.snapshot(self.leads)
        journal = (
            self.env["crm.lead.merge.journal"]
            .sudo()
            ._record(
                master=master,
                tails=tails,
                moved=moved,
                values=value_journal.changes(before, after),
                skipped=skipped,
                origin=self.origin,
                batch=self.batch,
            )
        )
        merge_note.post_on_master(master, tails, changed, details, self.origin, journal)
        return master

    def _write(self, plan, values):
        """The values on the record kept, with the rights the merge needs:
        the merging user may write every lead, not every field modules add."""
        master = plan.master.sudo()
        if plan.result_is_live and not master.active:
            master.action_restore()  # lost leads come back to the pipeline
            values.pop("lost_reason_id", None)
        if values:
            master.write(dict(values))  # write() adds keys to the dict it is given

    def _archive(self, tails, master):
        # The note on each says it all: no tracking message per merged record.
        tails = tails.sudo().with_context(tracking_disable=True)
        # Lost tails stay as they are (their closing date is kept).
        tails.filtered("active").write({"active": False})
        with merge_link.engine_writes():
            tails.write({"merged_into_id": master.id})
        # Core's convert wizard and lead assignment delete the records they
        # merged: these are kept (see crm.lead.unlink).
        self.env.cr.precommit.data.setdefault(MERGED_NOW, set()).update(tails.ids)
