"""Client actions the addon's buttons return."""

RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


def notification(message, kind="info", sticky=False, following=None):
    """A notification in the web client (``kind``: info, success, warning,
    danger), then ``following``: another action, e.g. ``RELOAD``."""
    params = {"type": kind, "message": message, "sticky": sticky}
    if following:
        params["next"] = following
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }


def show_lead(
    lead_id, names, fallback, moved_ids, message="", on_screen=False, merged=()
):
    """After a merge or an undo, the record kept ``lead_id`` shown where the
    user came from (``static/src/views/show_lead_action.esm.js``): its form
    in the breadcrumbs, reloaded (``on_screen``: the form behind the window),
    else ``fallback`` (None: the view behind, reloaded). ``names``: its
    names before and after (a merge may change its title). The chatters of
    ``moved_ids``, whose messages moved, are read again; ``message`` is
    shown as a notification. ``merged``: ``(id, name)`` of the leads merged
    away, whose views leave the breadcrumbs."""
    if fallback and "views" not in fallback and "view_mode" in fallback:
        # As the web client's button call completes a window action it
        # returns (``clean_action``): this one is returned by the client.
        views = [(False, mode) for mode in fallback["view_mode"].split(",")]
        fallback = {**fallback, "views": views}
    return {
        "type": "ir.actions.client",
        "tag": "crm_similar_leads.show_lead",
        "params": {
            "lead_id": lead_id,
            "names": list(names),
            "fallback": fallback,
            "moved_ids": list(moved_ids),
            "message": message,
            "on_screen": on_screen,
            "merged": [{"id": lead_id, "name": name} for lead_id, name in merged],
        },
    }
