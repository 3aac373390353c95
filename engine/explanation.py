"""Why a lead is similar to another, in the user's language: each compared
field's part of the score, which add up to the score."""

from odoo.tools import formatLang


def level_label(env, field, level):
    """The words for one level of one compared field."""
    return level_labels(env).get((field, level), f"{field}: {level}")


def level_labels(env):
    """``{(field, level): words}`` in the user's language."""
    return {
        ("email", "same"): env._("Same email"),
        ("email", "role"): env._("Same shared mailbox (info@, contact@...)"),
        ("email", "same_name_elsewhere"): env._("Same name at another mail provider"),
        ("email", "colleagues"): env._("Another mailbox of the same company"),
        ("email", "other_company"): env._("Another company's mail domain"),
        ("email", "other"): env._("Another email"),
        ("phone", "same"): env._("Same phone"),
        ("phone", "shared"): env._("Same phone, shared by many leads"),
        ("phone", "other"): env._("Another phone"),
        ("person", "same"): env._("Same contact name"),
        ("person", "initials"): env._("Same contact name, with an initial"),
        ("person", "near"): env._("Nearly the same contact name"),
        ("person", "other_first_name"): env._("Same surname, another first name"),
        ("person", "other"): env._("Another contact name"),
        ("company", "same"): env._("Same company name"),
        ("company", "near"): env._("Nearly the same company name"),
        ("company", "other_branch"): env._("Another branch (number or town)"),
        ("company", "other"): env._("Another company name"),
        ("customer", "same"): env._("Same customer"),
        ("customer", "colleagues"): env._("Another contact of the same customer"),
        ("customer", "other"): env._("Another customer"),
        ("deal", "same"): env._("Same deal"),
        ("deal", "other"): env._("Another deal (title, amount)"),
        ("deal", "other_request"): env._("Another request (title)"),
    }


def class_label(env, klass):
    """The class as the ``similar_class`` field names it, translated."""
    field = env["crm.lead"]._fields["similar_class"]
    return dict(field._description_selection(env)).get(klass, "")


def explain(env, score, klass, contributions):
    """Values for the ``similar_explanation`` template: the class, the score
    and each part (label, signed weight), largest first."""
    labels = level_labels(env)
    return {
        "klass": klass,
        "class_label": class_label(env, klass),
        "score_text": _signed(env, score, sign=False),
        "parts": [
            {
                "label": labels.get((field, level), f"{field}: {level}"),
                "weight": weight,
                "weight_text": _signed(env, weight),
            }
            for field, level, weight in contributions
        ],
    }


def _signed(env, number, sign=True):
    text = formatLang(env, abs(number), digits=1)
    if number < 0:
        return "−" + text
    return "+" + text if sign else text
