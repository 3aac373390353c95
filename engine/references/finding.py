"""Finding the references to a model's records in the database and the
registry."""

from odoo.tools import SQL

from .kinds import (
    ALWAYS_KEPT,
    FOLLOWERS,
    FOREIGN_KEY,
    LINK,
    REFERENCE,
    RES_ID,
    Reference,
)


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
