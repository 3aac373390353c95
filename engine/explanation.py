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


def class_label(env, klass):
    """The class as the ``similar_class`` field names it, translated."""
    field = env["crm.lead"]._fields["similar_class"]
    return dict(field._description_selection(env)).get(klass, "")


def explain(env, score, klass, contributions):
    """Values for the ``similar_explanation`` template: the class, the score
    and each part (label, signed weight), largest first."""
    return {
        "klass": klass,
        "class_label": class_label(env, klass),
        "score_text": signed(env, score, sign=False),
        "parts": [
            {
                "label": level_label(env, field, level),
                "weight": weight,
                "weight_text": signed(env, weight),
            }
            for field, level, weight in contributions
        ],
    }


def signed(env, number, sign=True):
    """A weight as users read it: one decimal, its sign (−, not -)."""
    text = formatLang(env, abs(number), digits=1)
    if number < 0:
        return "−" + text
    return "+" + text if sign else text
