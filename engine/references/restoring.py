"""Moving back what a move moved, where it still is (undo)."""

from odoo.tools import SQL

from .kinds import FOLLOWERS, LINK, REFERENCE
from .moving import follower_subtypes, tell_the_orm
from .rows import points_at


def restorable(env, model_name, moved, target):
    """``(restorable, gone)`` row counts of each move: rows still where the
    move put them, and rows deleted or moved again since."""
    result = []
    for change in moved:
        keys, _sources = _keys_and_sources(change)
        if not keys:
            result.append((change, 0, 0))
            continue
        still = env.execute_query(_still_moved(change, model_name, keys, target))[0][0]
        result.append((change, still, len(keys) - still))
    return result


def _keys_and_sources(change):
    keys, sources = [], []
    for source, source_keys in change.rows.items():
        keys.extend(source_keys)
        sources.extend([source] * len(source_keys))
    return keys, sources


def _still_moved(change, model_name, keys, target):
    reference = change.reference
    table = SQL.identifier(reference.table)
    if reference.kind == LINK:
        return SQL(
            "SELECT count(*) FROM %s WHERE %s = %s AND %s = ANY(%s)",
            table,
            SQL.identifier(reference.column),
            target,
            SQL.identifier(reference.other_column),
            keys,
        )
    return SQL(
        "SELECT count(*) FROM %s ref WHERE ref.id = ANY(%s) AND %s",
        table,
        keys,
        points_at(reference, model_name, [target]),
    )


def restore_references(env, model_name, moved, target):
    """Moves back what :func:`move_references` moved, where it still is.

    :return: ``{reference: rows not restored}`` (deleted or moved again)
    """
    env.flush_all()
    gone = {}
    for change in moved:
        keys, sources = _keys_and_sources(change)
        if not keys:
            continue
        restored = _restore(env, change, model_name, keys, sources, target)
        if restored < len(keys):
            gone[change.reference] = len(keys) - restored
    all_sources = {source for change in moved for source in change.rows}
    tell_the_orm(env, model_name, moved, all_sources - {0}, target)
    return gone


def _restore(env, change, model_name, keys, sources, target):
    reference = change.reference
    table = SQL.identifier(reference.table)
    column = SQL.identifier(reference.column)
    if reference.kind == LINK:
        return len(
            env.execute_query(
                SQL(
                    "DELETE FROM %s WHERE %s = %s AND %s = ANY(%s) RETURNING 1",
                    table,
                    column,
                    target,
                    SQL.identifier(reference.other_column),
                    keys,
                )
            )
        )
    copied = 0
    if reference.kind == FOLLOWERS and change.row_subtypes:
        keys, sources, copied = _copy_back_edited_followers(env, change, keys, sources)
    if reference.kind == FOLLOWERS and change.subtypes:
        env.execute_query(
            SQL(
                """DELETE FROM mail_followers_mail_message_subtype_rel rel
                    USING unnest(%s::int[], %s::int[]) AS added(follower, subtype)
                    WHERE rel.mail_followers_id = added.follower
                      AND rel.mail_message_subtype_id = added.subtype""",
                [pair[0] for pair in change.subtypes],
                [pair[1] for pair in change.subtypes],
            )
        )
    value = (
        SQL("%s || ',' || back.source", model_name)
        if reference.kind == REFERENCE
        else SQL("back.source")
    )
    rows = env.execute_query(
        SQL(
            """UPDATE %(table)s ref SET %(column)s = %(value)s
                 FROM unnest(%(keys)s::int[], %(sources)s::int[]) AS back(id, source)
                WHERE ref.id = back.id AND %(still)s
            RETURNING 1""",
            table=table,
            column=column,
            value=value,
            keys=keys,
            sources=sources,
            still=points_at(reference, model_name, [target]),
        )
    )
    return len(rows) + copied


def _copy_back_edited_followers(env, change, keys, sources):
    """Followers whose subtypes were changed on the target since the move
    follow it on purpose now: they stay, and their source gets its follower
    back as it was (a copy with the subtypes it had). Returns the keys and
    sources left to move back, and how many were copied."""
    now = follower_subtypes(env, keys)
    journaled = change.row_subtypes
    edited = [
        (key, source)
        for key, source in zip(keys, sources, strict=True)
        if key in journaled and now.get(key, []) != journaled[key]
    ]
    for key, source in edited:
        env.execute_query(
            SQL(
                """WITH copy AS (
                       INSERT INTO mail_followers (res_model, res_id, partner_id)
                       SELECT res_model, %(source)s, partner_id FROM mail_followers
                        WHERE id = %(key)s
                       ON CONFLICT DO NOTHING RETURNING id)
                   INSERT INTO mail_followers_mail_message_subtype_rel
                          (mail_followers_id, mail_message_subtype_id)
                   SELECT copy.id, subtype
                     FROM copy, unnest(%(subtypes)s::int[]) subtype""",
                source=source,
                key=key,
                subtypes=journaled[key],
            )
        )
    edited_keys = {key for key, _source in edited}
    left = [
        (key, source)
        for key, source in zip(keys, sources, strict=True)
        if key not in edited_keys
    ]
    return [key for key, _s in left], [source for _k, source in left], len(edited)
