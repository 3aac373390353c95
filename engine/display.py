"""Field values as people read them (merge window, merge note, undo preview)."""

from markupsafe import Markup

from odoo.tools import format_amount, format_date, format_datetime, formatLang

from ..tools import merge_rules


def field_label(record, fname):
    return record._fields[fname]._description_string(record.env)


def labelled(env, label, value):
    """``label: value`` as the user's language writes it (French puts a
    space before the colon)."""
    return env._("%(label)s: %(value)s", label=label, value=value)


def label_colon(env, label):
    """``label:`` before a value shown apart (the merge note's bold labels)."""
    return env._("%(label)s:", label=label)


NUMBERS = ("integer", "float", "monetary")


def display_value(record, fname, zero=False):
    """The value of ``fname`` on ``record`` as text ("" when empty; a number
    0 is empty, as the merge reads it, unless ``zero``)."""
    field = record._fields[fname]
    value = record[fname]
    if field.type in NUMBERS and not value and not zero:
        return ""
    formatter = _FORMATTERS.get(field.type)
    if formatter:
        return formatter(record, field, value)
    display = field.convert_to_display_name(value, record)
    return "" if display is False or display is None else str(display)


def display_written(record, fname, value, zero=False):
    """How ``value`` (as ``write()`` takes it) shows for ``fname``."""
    return display_value(record.new({fname: value}), fname, zero=zero)


def _properties(record, field, value):
    return ", ".join(
        labelled(record.env, prop.get("string"), prop.get("value"))
        for prop in (value or [])
        if not merge_rules.is_empty(prop.get("value"))
    )


def _html(record, field, value):
    return "" if merge_rules.is_empty(value) else Markup(value).striptags()


def _selection(record, field, value):
    labels = dict(field._description_selection(record.env))
    return labels.get(value, "") if value else ""


def _records(record, field, value):
    return ", ".join(value.mapped("display_name"))


def _boolean(record, field, value):
    return record.env._("Yes") if value else ""


def _monetary(record, field, value):
    currency_field = field.get_currency_field(record)
    currency = record[currency_field] if currency_field else None
    return format_amount(record.env, value, currency or record.env.company.currency_id)


def _float(record, field, value):
    return formatLang(record.env, value)


def _date(record, field, value):
    return format_date(record.env, value) if value else ""


def _datetime(record, field, value):
    # The lang's format without the seconds, as the web client shows them.
    return format_datetime(record.env, value, dt_format="short") if value else ""


_FORMATTERS = {
    "properties": _properties,
    "html": _html,
    "selection": _selection,
    "many2one": _records,
    "many2many": _records,
    "one2many": _records,
    "boolean": _boolean,
    "monetary": _monetary,
    "float": _float,
    "date": _date,
    "datetime": _datetime,
}
