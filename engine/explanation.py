"""Why a lead is similar to another, in the user's language: each compared
field's part of the score, which add up to the score."""

from odoo.tools import formatLang

from ..tools import evidence


def level_label(env, field, level):
    """The words for one level of one compared field, in the user's language
    (``tools.evidence``; a level an older version stored and this one no
    longer has is named by its keys)."""
    found = evidence.find(field, level)
    return env._(found.label) if found else f"{field}: {level}"


def field_agreement(env, field):
    """What agreeing on ``field`` says ("Same email"), in the user's language."""
    found = evidence.field(field)
    return env._(found.agreement) if found else field


def shared_count(field, level, weight):
    """How many leads share the value of a part whose weight was lowered
    for it (``tools.evidence``: a shared level loses log2(n - 1) bits):
    ``(count, at_least)``, or None when the value is not shared (two leads
    sharing it lose nothing). At the level's floor the count is a lowest
    bound (``at_least``)."""
    found = evidence.find(field, level)
    if not found or not found.shared:
        return None
    lost = found.bits - weight
    if lost < 0.05:
        return None
    at_least = found.floor is not None and weight <= found.floor + 1e-6
    return round(2**lost + 1), at_least


def part_label(env, field, level, weight, count=None):
    """The words for one part of a score, with how many leads share its
    value when that lowered it ("Same email, shared by 4 leads"). ``count``:
    as stored with the part, else derived from its weight."""
    shared = shared_count(field, level, weight)
    if count and shared:
        shared = (count, False)
    if not shared:
        return level_label(env, field, level)
    # "Same phone, shared by many leads" says it already: the field's words.
    label = (
        field_agreement(env, field)
        if level == "shared"
        else level_label(env, field, level)
    )
    number, at_least = shared
    if at_least:
        return env._(
            "%(label)s, shared by %(count)s leads or more", label=label, count=number
        )
    return env._("%(label)s, shared by %(count)s leads", label=label, count=number)


def class_label(env, klass):
    """The class as the ``similar_class`` field names it, translated."""
    field = env["crm.lead"]._fields["similar_class"]
    return dict(field._description_selection(env)).get(klass, "")


def explain(env, score, klass, contributions, summary=True, reasons=()):
    """Values for the ``similar_explanation`` template: the class and the
    score (unless ``summary`` is false: shown beside it already), why the
    leads are related (``reasons``) and each part (label, signed weight),
    largest first. A part is ``[field, level, weight]``, or with how many
    leads share its value as a fourth element."""
    return {
        "summary": summary,
        "klass": klass,
        "class_label": class_label(env, klass),
        "score_text": signed(env, score, sign=False) if contributions else "",
        "reasons": list(reasons),
        "parts": [
            {
                "label": part_label(env, field, level, weight, *rest[:1]),
                "weight": weight,
                "weight_text": signed(env, weight),
            }
            for field, level, weight, *rest in contributions
        ],
    }


def signed(env, number, sign=True):
    """A weight as users read it: one decimal, its sign (−, not -)."""
    text = formatLang(env, abs(number), digits=1)
    if not number:
        return text  # neither for nor against
    if number < 0:
        return "−" + text
    return "+" + text if sign else text
