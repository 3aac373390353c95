"""Rules about leads that several parts of the addon share, in one place."""

from datetime import datetime

from odoo.fields import Domain
from odoo.tools import SQL

#: Leads that may be shown as similar, pre-selected for a merge and merged
#: without confirmation: neither won nor merged into another lead.
OPEN_FOR_MERGE = Domain("merged_into_id", "=", False) & Domain(
    "won_status", "!=", "won"
)


def open_for_merge_sql(alias):
    """``OPEN_FOR_MERGE`` as SQL on the lead table aliased ``alias``."""
    return SQL(
        "%(lead)s.merged_into_id IS NULL"
        " AND %(lead)s.won_status IS DISTINCT FROM 'won'",
        lead=SQL.identifier(alias),
    )


def is_won(lead):
    """Won: shown as related, never as a duplicate, kept by a merge, and
    merged only once a person confirms it (its sale stays in the reports)."""
    return lead.won_status == "won"


def is_open_for_merge(lead):
    return not lead.merged_into_id and not is_won(lead)


def oldest_first(leads):
    """``leads`` in the order a merge reads them: the one created first
    leads (ids break ties; a lead being created counts as newest)."""
    return leads.sorted(
        lambda lead: (lead.create_date or datetime.max, lead._origin.id)
    )


def is_live(lead):
    """In the pipeline: neither lost nor archived."""
    return lead.active and lead.won_status != "lost"


def with_team(values, team):
    """``values`` to write on a lead, with ``team`` written too when the
    salesperson is: core computes a lead's team from its salesperson."""
    if "user_id" in values and "team_id" not in values:
        return {**values, "team_id": team.id}
    return values
