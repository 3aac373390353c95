"""Which rows a move changes, as SQL: shared by the count (preview) and the
move, so that they never disagree."""

from odoo.tools import SQL

from .kinds import FOLLOWERS, LINK, REFERENCE, RES_ID


def points_at(reference, model_name, ids, alias="ref"):
    """SQL: row ``alias`` of ``reference`` points at one of ``ids``."""
    column = SQL.identifier(alias, reference.column)
    if reference.kind == REFERENCE:
        return SQL("%s = ANY(%s)", column, [f"{model_name},{id_}" for id_ in ids])
    condition = SQL("%s = ANY(%s)", column, list(ids))
    if reference.kind in (RES_ID, FOLLOWERS):
        condition = SQL(
            "%s AND %s = %s",
            condition,
            SQL.identifier(alias, reference.model_column),
            model_name,
        )
    if reference.only_records:
        condition = SQL(
            "%s AND %s IS NULL", condition, SQL.identifier(alias, "res_field")
        )
    return condition


def link_rows_to_copy(reference, sources, target):
    """SQL selecting ``(source, other)`` of the links the target lacks:
    one per other value, none to the target or to a source itself."""
    table = SQL.identifier(reference.table)
    column = SQL.identifier(reference.column)
    other = SQL.identifier(reference.other_column)
    not_self = (
        SQL("AND link.%s <> ALL(%s)", other, [target, *sources])
        if reference.self_link
        else SQL()
    )
    return SQL(
        """SELECT DISTINCT ON (link.%(other)s) link.%(column)s, link.%(other)s
             FROM %(table)s link
            WHERE link.%(column)s = ANY(%(sources)s) %(not_self)s
              AND NOT EXISTS (SELECT FROM %(table)s kept
                               WHERE kept.%(column)s = %(target)s
                                 AND kept.%(other)s = link.%(other)s)
            ORDER BY link.%(other)s, link.%(column)s""",
        table=table,
        column=column,
        other=other,
        sources=list(sources),
        target=target,
        not_self=not_self,
    )


def followers_to_move(reference, model_name, sources, target):
    """SQL selecting the follower rows that move: the oldest per partner,
    for partners not already following the target."""
    return SQL(
        """SELECT min(source.id) FROM mail_followers source
            WHERE %(from_sources)s
              AND NOT EXISTS (SELECT FROM mail_followers kept
                               WHERE kept.res_model = %(model)s
                                 AND kept.res_id = %(target)s
                                 AND kept.partner_id = source.partner_id)
            GROUP BY source.partner_id""",
        from_sources=points_at(reference, model_name, sources, "source"),
        model=model_name,
        target=target,
    )


def rows_to_move(env, reference, model_name, sources, target):
    """SQL: the rows (alias ``ref``) of a column reference that a move
    changes; a record of the model itself never comes to point at itself."""
    condition = points_at(reference, model_name, sources)
    if reference.table == env[model_name]._table:
        condition = SQL("%s AND ref.id <> ALL(%s)", condition, [target, *sources])
    return condition


def count_references(env, model_name, references, sources, target):
    """``{reference: number of rows}`` that :func:`move_references` would
    change, in one query."""
    if not references:
        return {}
    parts = []
    for index, reference in enumerate(references):
        if reference.kind == LINK:
            rows = link_rows_to_copy(reference, sources, target)
        elif reference.kind == FOLLOWERS:
            rows = followers_to_move(reference, model_name, sources, target)
        else:
            rows = SQL(
                "SELECT 1 FROM %s ref WHERE %s",
                SQL.identifier(reference.table),
                rows_to_move(env, reference, model_name, sources, target),
            )
        parts.append(SQL("SELECT %s, count(*) FROM (%s) rows", index, rows))
    counts = dict(env.execute_query(SQL(" UNION ALL ").join(parts)))
    return {
        reference: counts.get(index, 0) for index, reference in enumerate(references)
    }
