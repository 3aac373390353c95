"""Moving the references of the sources to the target."""

from contextlib import contextmanager

from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from .kinds import FOLLOWERS, LINK, REFERENCE, Moved
from .rows import (
    count_references,
    followers_to_move,
    link_rows_to_copy,
    points_at,
    rows_to_move,
)


def move_references(env, model_name, references, sources, target):
    """Points every reference at ``sources`` to ``target``.

    Only the references that hold rows of the sources are touched (counted
    first in one query), so a merge costs a few queries, not one per table.

    :return: a list of :class:`Moved`, one per reference that changed
    :raise UserError: when a move would break a unique constraint (nothing is
        deleted to make room, and nothing is moved)
    """
    env.flush_all()
    sources = list(sources)
    counts = count_references(env, model_name, references, sources, target)
    moved = []
    with _unique_conflict_is_an_error(env, references):
        for reference in references:
            if not counts[reference]:
                continue
            if reference.kind == LINK:
                result = _copy_links(env, reference, sources, target)
            elif reference.kind == FOLLOWERS:
                result = _move_followers(env, reference, model_name, sources, target)
            else:
                result = _move_rows(env, reference, model_name, sources, target)
            if result.count():
                moved.append(result)
    tell_the_orm(env, model_name, moved, sources, target)
    return moved


@contextmanager
def _unique_conflict_is_an_error(env, references):
    """Turns a unique violation into a clear error naming what conflicts."""
    try:
        with mute_logger("odoo.sql_db"), env.cr.savepoint(flush=False):
            yield
    except errors.UniqueViolation as error:
        table = error.diag.table_name
        label = next(
            (ref.label(env) for ref in references if ref.table == table), table
        )
        raise UserError(
            env._(
                "These records cannot be merged: their %(records)s would conflict. "
                "Nothing was changed.",
                records=label,
            )
        ) from None


def _move_rows(env, reference, model_name, sources, target):
    """UPDATE of one column, returning the moved rows by source."""
    table = SQL.identifier(reference.table)
    column = SQL.identifier(reference.column)
    new_value = f"{model_name},{target}" if reference.kind == REFERENCE else target
    condition = rows_to_move(env, reference, model_name, sources, target)
    if not reference.keyed:
        env.execute_query(
            SQL(
                "UPDATE %s ref SET %s = %s WHERE %s",
                table,
                column,
                new_value,
                condition,
            )
        )
        return Moved(reference, untracked=env.cr.rowcount)
    rows = env.execute_query(
        SQL(
            """UPDATE %(table)s ref SET %(column)s = %(new)s
                 FROM %(table)s old
                WHERE old.id = ref.id AND %(condition)s
            RETURNING ref.id, old.%(column)s""",
            table=table,
            column=column,
            new=new_value,
            condition=condition,
        )
    )
    by_source = {}
    for row_id, old in rows:
        source = int(old.rpartition(",")[2]) if reference.kind == REFERENCE else old
        by_source.setdefault(source, []).append(row_id)
    return Moved(reference, by_source)


def _copy_links(env, reference, sources, target):
    rows = env.execute_query(
        SQL(
            """WITH wanted AS (%(wanted)s), added AS (
                   INSERT INTO %(table)s (%(column)s, %(other)s)
                   SELECT %(target)s, wanted.%(other)s FROM wanted
                   RETURNING %(other)s)
               SELECT wanted.%(column)s, wanted.%(other)s
                 FROM wanted JOIN added USING (%(other)s)""",
            wanted=link_rows_to_copy(reference, sources, target),
            table=SQL.identifier(reference.table),
            column=SQL.identifier(reference.column),
            other=SQL.identifier(reference.other_column),
            target=target,
        )
    )
    by_source = {}
    for source, other in rows:
        by_source.setdefault(source, []).append(other)
    return Moved(reference, by_source)


def _move_followers(env, reference, model_name, sources, target):
    """Subtypes of partners following both are added to the target's row;
    the others' rows move, one per partner."""
    subtypes = env.execute_query(
        SQL(
            """INSERT INTO mail_followers_mail_message_subtype_rel
                      (mail_followers_id, mail_message_subtype_id)
               SELECT DISTINCT kept.id, rel.mail_message_subtype_id
                 FROM mail_followers source
                 JOIN mail_followers kept
                   ON kept.res_model = %(model)s AND kept.res_id = %(target)s
                  AND kept.partner_id = source.partner_id
                 JOIN mail_followers_mail_message_subtype_rel rel
                   ON rel.mail_followers_id = source.id
                WHERE %(from_sources)s
               ON CONFLICT DO NOTHING
            RETURNING mail_followers_id, mail_message_subtype_id""",
            model=model_name,
            target=target,
            from_sources=points_at(reference, model_name, sources, "source"),
        )
    )
    rows = env.execute_query(
        SQL(
            """UPDATE mail_followers ref SET res_id = %(target)s
                 FROM mail_followers old
                WHERE old.id = ref.id AND ref.id IN (%(moving)s)
            RETURNING ref.id, old.res_id""",
            target=target,
            moving=followers_to_move(reference, model_name, sources, target),
        )
    )
    by_source = {}
    for row_id, source in rows:
        by_source.setdefault(source, []).append(row_id)
    row_subtypes = follower_subtypes(env, [row_id for row_id, _source in rows])
    return Moved(
        reference,
        by_source,
        [list(pair) for pair in subtypes],
        row_subtypes=row_subtypes,
    )


def follower_subtypes(env, follower_ids):
    """``{follower id: sorted subtype ids}`` (followers without any left out)."""
    if not follower_ids:
        return {}
    rows = env.execute_query(
        SQL(
            """SELECT mail_followers_id, array_agg(
                          mail_message_subtype_id ORDER BY mail_message_subtype_id)
                 FROM mail_followers_mail_message_subtype_rel
                WHERE mail_followers_id = ANY(%s)
                GROUP BY mail_followers_id""",
            list(follower_ids),
        )
    )
    return dict(rows)


def tell_the_orm(env, model_name, moved, sources, target):
    """The rows changed behind the ORM's back: forget what the cache holds of
    them (and of the records they moved between), then recompute what is
    computed from the moved columns."""
    env[model_name].browse([target, *sources]).invalidate_recordset()
    changed = []
    for change in moved:
        reference = change.reference
        if not reference.model or not reference.field:
            continue
        keys = [key for keys in change.rows.values() for key in keys]
        if reference.kind == LINK:
            # The records whose many2many changed: the target when the field
            # is declared on its side of the link, else the linked records.
            owner = env[reference.model]._fields[reference.field]
            keys = [target] if owner.column1 == reference.column else keys
        records = env[reference.model].browse(keys)
        records.invalidate_recordset([reference.field])
        changed.append((records, reference.field))
        if change.subtypes:  # followers of the target got more subtypes
            followers = env["mail.followers"].browse(
                {pair[0] for pair in change.subtypes}
            )
            followers.invalidate_recordset(["subtype_ids"])
    for records, fname in changed:
        records.modified([fname])
    env.flush_all()
