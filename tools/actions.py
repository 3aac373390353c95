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
