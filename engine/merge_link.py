"""The merge link (``crm.lead.merged_into_id``) belongs to the merge and undo
engines: no user, client or import sets or clears it, and a merged lead
comes back only through an undo (which puts everything back), never by
being restored or unarchived while still merged.

A merged lead goes with its record kept: deleting a record kept deletes the
leads merged into it (what they brought is on it and goes with it), and a
merged lead whose merge can still be undone is not deleted alone (its undo
would have nowhere to put back what it brought).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from odoo.exceptions import UserError

#: Set while the merge or undo engine writes the link (per thread: a client
#: cannot set it, unlike a context key).
_ENGINE_WRITES = ContextVar("crm_similar_leads_merge_link", default=False)


@contextmanager
def engine_writes():
    """The merge and undo engines write the link inside this block."""
    token = _ENGINE_WRITES.set(True)
    try:
        yield
    finally:
        _ENGINE_WRITES.reset(token)


def check_create(env, vals_list):
    """No lead is created merged."""
    if not _ENGINE_WRITES.get() and any(
        vals.get("merged_into_id") for vals in vals_list
    ):
        raise UserError(_not_by_hand(env))


def check_write(leads, values):
    """Only the engines change the link; a merged lead is not brought back
    to the pipeline by a write (unarchive, restore): its undo does that."""
    if _ENGINE_WRITES.get():
        return
    env = leads.env
    if "merged_into_id" in values:
        raise UserError(_not_by_hand(env))
    if values.get("active"):
        merged = leads.filtered("merged_into_id")
        if merged:
            raise UserError(
                env._(
                    "%(leads)s was merged into %(kept)s: what it brought is there. "
                    "To bring it back as it was, undo that merge (Undo Merge on "
                    "%(leads)s, or under Merged Leads on %(kept)s).",
                    leads=merged[:1].display_name,
                    kept=merged[:1].merged_into_id.display_name,
                )
            )


def _not_by_hand(env):
    return env._(
        "A lead is linked to the record it was merged into by a merge only, and "
        "unlinked by undoing that merge: use Merge or Undo Merge."
    )


def check_unlink(leads, undoable_tails):
    """A merged lead whose merge can be undone is deleted only with its
    record kept. ``undoable_tails``: the leads of ``leads`` merged by a merge
    that can still be undone."""
    alone = undoable_tails.filtered(lambda lead: lead.merged_into_id not in leads)
    if alone:
        env = leads.env
        lead = alone[:1]
        raise UserError(
            env._(
                "%(lead)s was merged into %(kept)s, which holds what it brought. "
                "Undo that merge first to delete %(lead)s on its own, or delete "
                "%(kept)s: the leads merged into it are deleted with it.",
                lead=lead.display_name,
                kept=lead.merged_into_id.display_name,
            )
        )


def with_merged_leads(leads):
    """``leads`` and every lead merged into them, merges of merges included
    (a lead is merged into one lead only: no cycle, but guarded)."""
    everything = leads.sudo().with_context(active_test=False)
    found = everything
    while found:
        found = everything.search([("merged_into_id", "in", found.ids)]) - everything
        everything |= found
    return everything.with_env(leads.env)
