"""What must hold before leads are merged, and the row locks that keep two
merges (or a merge and an undo) of the same leads from interleaving."""

from psycopg2 import errors

from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, mute_logger

from .lead_rules import is_won

#: Beyond this many records a merge started by a person is most likely a
#: mistake (automatic merges give their own limit).
MAX_MERGED_LEADS = 50


def check_count(leads, limit=MAX_MERGED_LEADS):
    """How many leads: at least two, at most ``limit`` (0: no limit)."""
    env = leads.env
    if len(leads) < 2:
        raise UserError(env._("Select at least two leads or opportunities to merge."))
    if limit and len(leads) > limit:
        raise UserError(
            env._(
                "You selected %(count)s leads: merge at most %(max)s at a time, "
                "in several merges if needed.",
                count=len(leads),
                max=limit,
            )
        )


def check_selection(leads, limit=MAX_MERGED_LEADS):
    """How many leads, and do they all still exist."""
    env = leads.env
    check_count(leads, limit)
    if leads - leads.exists():
        raise UserError(
            env._(
                "Some of the selected leads no longer exist (deleted by someone "
                "else?). Close this window and select them again."
            )
        )


def check_merge(leads, master, allow_won=False):
    """Everything that must hold before merging ``leads`` into ``master``."""
    env = leads.env
    if master not in leads:
        raise UserError(env._("The record to keep must be one of the merged leads."))
    leads.check_access("write")
    merged = leads.filtered("merged_into_id")
    if merged:
        raise UserError(
            env._(
                "%(leads)s was already merged into another lead. Reload the page "
                "and merge what is left.",
                leads=", ".join(merged.mapped("display_name")),
            )
        )
    companies = leads.company_id
    if len(companies) > 1:
        raise UserError(
            env._(
                "These leads belong to different companies (%(companies)s): only "
                "leads of one company can be merged.",
                companies=", ".join(companies.mapped("name")),
            )
        )
    _check_won(leads, master, allow_won)


def _check_won(leads, master, allow_won):
    env = leads.env
    won = leads.filtered(is_won)
    if won and not allow_won:
        raise UserError(
            env._(
                "%(leads)s is won. Confirm that you want to merge a won opportunity "
                "(it will be the record kept), or remove it from the list.",
                leads=", ".join(won.mapped("display_name")),
            )
        )
    if len(won) > 1:
        raise UserError(env._("Only one won opportunity can be part of a merge."))
    if won and master != won:
        raise UserError(
            env._(
                "A won opportunity must be the record kept, so that its sale stays "
                "in your reports: keep “%(lead)s”.",
                lead=won.display_name,
            )
        )


def check_assignment(env, user, team, company):
    """The salesperson must be an internal user of the lead's company, the
    team a team of that company."""
    if user and (user.share or (company and company not in user.company_ids)):
        raise ValidationError(
            env._(
                "%(user)s cannot be the salesperson of this lead: choose an "
                "internal user of %(company)s.",
                user=user.display_name,
                company=company.display_name or env._("its company"),
            )
        )
    if team and company and team.company_id and team.company_id != company:
        raise ValidationError(
            env._(
                "The sales team %(team)s belongs to %(team_company)s, not to "
                "%(company)s: choose a team of the lead's company.",
                team=team.display_name,
                team_company=team.company_id.display_name,
                company=company.display_name,
            )
        )


def lock(records):
    """Locks ``records`` for this transaction, or tells the user someone else
    is changing them: two merges (or undos) of the same leads never
    interleave."""
    env = records.env
    try:
        with mute_logger("odoo.sql_db"), env.cr.savepoint(flush=False):
            env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                    SQL.identifier(records._table),
                    list(records.ids),
                )
            )
    except errors.LockNotAvailable:
        raise UserError(
            env._(
                "Someone else is changing or merging these leads right now. "
                "Try again in a moment."
            )
        ) from None
    # Nothing to re-read: in Odoo's repeatable-read transactions, a row that
    # another transaction changed since ours began fails the lock instead.
