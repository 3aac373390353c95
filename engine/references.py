"""Every reference to some records, moved onto another record of the same model.

Generic: nothing here knows about leads. The references are read from the
database and the registry, never listed by hand, so that a module installed
later (or a custom field) is handled too:

- foreign keys (``pg_constraint``) of any table, moved with one UPDATE per
  column; in a two-column link table (a many2many) the target gets a copy of
  the sources' links and the sources keep theirs, and no record is linked to
  itself;
- ``res_model``/``res_id`` pairs: many2one_reference fields whose model field
  is stored (messages, attachments, activities...) and integer ``res_id``
  columns next to a model column (``snailmail.letter``);
- reference fields (``"model,id"``);
- followers: each partner follows the target once, with all its subtypes.

Each change comes back as a :class:`Moved`, which a journal can store to undo
it, and :func:`count_references` counts beforehand what :func:`move_references`
moves. The ORM is told which fields changed, so stored fields computed from
them (``mail.activity.res_name``, a stored related field) are recomputed.
"""

from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

FOREIGN_KEY, LINK, RES_ID, REFERENCE, FOLLOWERS = (
    "foreign_key",
    "link",
    "res_id",
    "reference",
    "followers",
)
#: Tables whose references never move: external ids name their record.
ALWAYS_KEPT = frozenset({"ir_model_data"})


@dataclass(frozen=True)
class Reference:
    """One column that can point at a record of the model."""

    kind: str
    table: str
    column: str
    model: str | None = None  # the ORM model of the table, if any
    field: str | None = None  # its field for the column (many2many for links)
    other_column: str | None = None  # LINK: the other column of the pair
    model_column: str | None = None  # RES_ID: the column naming the model
    keyed: bool = True  # rows have an ``id`` (journal and undo need one)
    only_records: bool = False  # RES_ID: leave binary field values (res_field)
    self_link: bool = False  # LINK: both columns point at the model

    def label(self, env):
        """The name of the referring model, as users know it."""
        if self.kind == FOLLOWERS:
            return env._("Followers")
        if self.model and self.model in env.registry:
            return env[self.model]._description
        return self.table


@dataclass
class Moved:
    """The rows of one reference that a move changed, by source record."""

    reference: Reference
    rows: dict = field(default_factory=dict)  # source id -> ids (or link values)
    subtypes: list = field(default_factory=list)  # FOLLOWERS: (follower, subtype)
    untracked: int = 0  # rows moved in a table without ids: not undoable

    def count(self):
        return sum(len(keys) for keys in self.rows.values()) + self.untracked

    def to_json(self):
        return {
            "reference": asdict(self.reference),
            "rows": {str(source): keys for source, keys in self.rows.items()},
            "subtypes": self.subtypes,
            "untracked": self.untracked,
        }

    @classmethod
    def from_json(cls, data):
        rows = {int(source): keys for source, keys in data["rows"].items()}
        return cls(
            Reference(**data["reference"]),
            rows,
            data.get("subtypes", []),
            data.get("untracked", 0),
        )


# ------------------------------------------------------------
# FINDING THE REFERENCES
# ------------------------------------------------------------


def find_references(env, model_name, kept=()):
    """``(references, skipped)`` to the records of ``model_name``.

    :param kept: ``(table, column)`` pairs or table names left as they are
    :return: the references, and ``(where, why)`` of those that cannot be
        moved safely (they are left alone)
    """
    table = env[model_name]._table
    columns = _orm_columns(env)
    wizards = _transient_tables(env)

    def is_kept(table_name, column):
        return (
            table_name in ALWAYS_KEPT
            or table_name in wizards
            or table_name in kept
            or (table_name, column) in kept
        )

    references = [
        reference
        for reference in _foreign_keys(env, table, columns)
        if not is_kept(reference.table, reference.column)
    ]
    skipped = []
    for model in env.registry.values():
        if model._abstract or model._transient or not model._auto:
            continue
        for model_field in model._fields.values():
            if not model_field.store or not model_field.column_type:
                continue
            if is_kept(model._table, model_field.name):
                continue
            found = _record_reference(model, model_field, model_name, skipped)
            if found:
                references.append(found)
    return references, skipped


def _transient_tables(env):
    """Tables of wizards (and of their many2many fields): they hold no data
    worth moving, and are emptied by Odoo on its own."""
    tables = set()
    for model in env.registry.values():
        if model._transient:
            tables.add(model._table)
            tables.update(
                field.relation
                for field in model._fields.values()
                if field.type == "many2many" and field.store
            )
    return tables


def _orm_columns(env):
    """``{(table, column): (model, field)}`` of the stored fields, and of the
    many2many fields by ``(relation, either column)``: what to tell the ORM
    when a column changes."""
    columns = {}
    for model in env.registry.values():
        if model._abstract or not model._auto:
            continue
        for name, model_field in model._fields.items():
            if model_field.type == "many2many" and model_field.store:
                for column in (model_field.column1, model_field.column2):
                    columns.setdefault(
                        (model_field.relation, column), (model._name, name)
                    )
            elif model_field.store and model_field.column_type:
                columns[(model._table, name)] = (model._name, name)
    return columns


def _foreign_keys(env, table, orm_columns):
    rows = env.execute_query(
        SQL(
            """SELECT referring.relname, attribute.attname,
                      (SELECT array_agg(other.attname::text ORDER BY other.attnum)
                         FROM pg_attribute other
                        WHERE other.attrelid = fk.conrelid AND other.attnum > 0
                          AND NOT other.attisdropped) AS columns
                 FROM pg_constraint fk
                 JOIN pg_class referring ON referring.oid = fk.conrelid
                 JOIN pg_attribute attribute
                   ON attribute.attrelid = fk.conrelid
                  AND attribute.attnum = fk.conkey[1]
                WHERE fk.contype = 'f' AND fk.confrelid = %s::regclass
                  AND cardinality(fk.conkey) = 1
                ORDER BY referring.relname, attribute.attname""",
            table,
        )
    )
    links_to_table = {
        (name, column) for name, column, columns in rows if _is_link_table(columns)
    }
    references = []
    for name, column, columns in rows:
        model, model_field = orm_columns.get((name, column), (None, None))
        if _is_link_table(columns):
            other = next(c for c in columns if c != column)
            references.append(
                Reference(
                    LINK,
                    name,
                    column,
                    model,
                    model_field,
                    other_column=other,
                    self_link=(name, other) in links_to_table,
                )
            )
        else:
            references.append(
                Reference(
                    FOREIGN_KEY, name, column, model, model_field, keyed="id" in columns
                )
            )
    return references


def _is_link_table(columns):
    """A many2many table: two columns, no ``id``."""
    return len(columns) == 2 and "id" not in columns


def _record_reference(model, model_field, model_name, skipped):
    """The ``res_model``/``res_id`` or reference field ``model_field`` of
    ``model``, as a Reference (None if it is not one)."""
    table, name = model._table, model_field.name
    if model_field.type == "reference":
        return Reference(REFERENCE, table, name, model._name, name)
    if model_field.type == "many2one_reference":
        model_column = model_field.model_field
    elif model_field.type == "integer" and name.endswith("res_id"):
        prefix = name.removesuffix("res_id")
        model_column = next(
            (
                candidate
                for candidate in (f"{prefix}res_model", f"{prefix}model")
                if getattr(model._fields.get(candidate), "type", None)
                in ("char", "selection")
            ),
            None,
        )
        if not model_column:
            return None
    else:
        return None
    column_field = model._fields.get(model_column)
    if not column_field or not column_field.store:
        skipped.append(
            (
                f"{model._name}.{name}",
                f"its model name ({model_column}) is not stored",
            )
        )
        return None
    if model._name == "mail.followers":
        return Reference(
            FOLLOWERS, table, name, model._name, name, model_column=model_column
        )
    return Reference(
        RES_ID,
        table,
        name,
        model._name,
        name,
        model_column=model_column,
        only_records="res_field" in model._fields,
    )


# ------------------------------------------------------------
# WHICH ROWS A MOVE CHANGES
# ------------------------------------------------------------


def _points_at(reference, model_name, ids, alias="ref"):
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


def _link_rows_to_copy(reference, sources, target):
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


def _followers_to_move(reference, model_name, sources, target):
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
        from_sources=_points_at(reference, model_name, sources, "source"),
        model=model_name,
        target=target,
    )


def count_references(env, model_name, references, sources, target):
    """``{reference: number of rows}`` that :func:`move_references` would
    change, in one query."""
    if not references:
        return {}
    parts = []
    for index, reference in enumerate(references):
        if reference.kind == LINK:
            rows = _link_rows_to_copy(reference, sources, target)
        elif reference.kind == FOLLOWERS:
            rows = _followers_to_move(reference, model_name, sources, target)
        else:
            rows = SQL(
                "SELECT 1 FROM %s ref WHERE %s",
                SQL.identifier(reference.table),
                _points_at(reference, model_name, sources),
            )
        parts.append(SQL("SELECT %s, count(*) FROM (%s) rows", index, rows))
    counts = dict(env.execute_query(SQL(" UNION ALL ").join(parts)))
    return {
        reference: counts.get(index, 0) for index, reference in enumerate(references)
    }


# ------------------------------------------------------------
# MOVING
# ------------------------------------------------------------


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
    _tell_the_orm(env, model_name, moved, sources, target)
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
    condition = _points_at(reference, model_name, sources)
    if reference.table == env[model_name]._table:  # a record never points at itself
        condition = SQL("%s AND ref.id <> ALL(%s)", condition, [target, *sources])
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
            wanted=_link_rows_to_copy(reference, sources, target),
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
            from_sources=_points_at(reference, model_name, sources, "source"),
        )
    )
    rows = env.execute_query(
        SQL(
            """UPDATE mail_followers ref SET res_id = %(target)s
                 FROM mail_followers old
                WHERE old.id = ref.id AND ref.id IN (%(moving)s)
            RETURNING ref.id, old.res_id""",
            target=target,
            moving=_followers_to_move(reference, model_name, sources, target),
        )
    )
    by_source = {}
    for row_id, source in rows:
        by_source.setdefault(source, []).append(row_id)
    return Moved(reference, by_source, [list(pair) for pair in subtypes])


def _tell_the_orm(env, model_name, moved, sources, target):
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


# ------------------------------------------------------------
# MOVING BACK (UNDO)
# ------------------------------------------------------------


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
        _points_at(reference, model_name, [target]),
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
    _tell_the_orm(env, model_name, moved, all_sources - {0}, target)
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
            still=_points_at(reference, model_name, [target]),
        )
    )
    return len(rows)
