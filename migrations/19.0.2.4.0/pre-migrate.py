"""From 19.0.2.3: the postal address's keys are new stored columns, created
and filled in bulk here, before the ORM would compute them lead by lead
(hours on a large table), as at install (``hooks.pre_init_hook``). Every
other key is computed again with them: the contact names and mailboxes
whose normalisation changed (ø, æ, œ, ł in names; non-ASCII domains, a
trailing dot, invisible characters in emails)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads import hooks


def migrate(cr, version):
    if not version:
        return
    hooks.pre_init_hook(api.Environment(cr, SUPERUSER_ID, {}))
