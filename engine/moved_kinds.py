"""The linked records a merge moves, named as users know them: messages,
attachments, activities, meetings, orders... The merge moves every reference
(``engine/references/``); what users read counts them by these kinds, and the
references of technical records (logs, links between internal tables) as
"other linked records", never under an internal model's name."""

from .references import FOLLOWERS


def _lt(text):
    """Marks ``text`` for translation (translated by ``env._`` below)."""
    return text


#: The kinds users know, by model, in the order they are listed.
KNOWN = {
    "mail.message": _lt("Messages and notes"),
    "ir.attachment": _lt("Attachments"),
    "mail.activity": _lt("Activities"),
    "calendar.event": _lt("Meetings"),
    "sale.order": _lt("Quotations and sales orders"),
    "event.registration": _lt("Event registrations"),
    "website.visitor": _lt("Website visitors"),
    "rating.rating": _lt("Ratings"),
    "crm.lead": _lt("Leads and opportunities"),
    "crm.iap.lead.mining.request": _lt("Lead generation requests"),
}
FOLLOWERS_LABEL = _lt("Followers")
OTHER = _lt("Other linked records")
#: Models of these namespaces are technical: users do not know them by name.
TECHNICAL = ("ir.", "base.", "bus.", "res.users", "mail.", "crm.lead.", "digest.")


def label(env, reference):
    """The kind of the records ``reference`` points from, as users know it."""
    if reference.kind == FOLLOWERS:
        return env._(FOLLOWERS_LABEL)
    model = reference.model
    if model in KNOWN:
        return env._(KNOWN[model])
    if not model or model not in env.registry or _technical(env, model):
        return env._(OTHER)
    return env["ir.model"].sudo()._get(model).name  # translated


def _technical(env, model):
    Model = env[model]
    return Model._transient or Model._abstract or model.startswith(TECHNICAL)


def order(env, label_text):
    """Sort key: the known kinds in their order, the others by name, "other
    linked records" last."""
    known = [env._(text) for text in (*KNOWN.values(), FOLLOWERS_LABEL)]
    if label_text in known:
        return (0, known.index(label_text), "")
    if label_text == env._(OTHER):
        return (2, 0, "")
    return (1, 0, label_text)


def sorted_counts(env, counts):
    """``[(kind, number)]`` of ``{kind: number}``, in the order users read."""
    return sorted(
        ((kind, number) for kind, number in counts.items() if number),
        key=lambda item: order(env, item[0]),
    )
