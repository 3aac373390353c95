"""From 19.0.1: the review queue is read from the scored pairs and the
reasons became scores (their tables go), and the keys of every lead are
computed in bulk before the ORM would compute them lead by lead."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads import hooks


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP TABLE IF EXISTS crm_lead_duplicate_group_lead_rel")
    cr.execute("DROP TABLE IF EXISTS crm_lead_duplicate_group CASCADE")
    cr.execute("DROP TABLE IF EXISTS crm_lead_similar_reason CASCADE")
    hooks.pre_init_hook(api.Environment(cr, SUPERUSER_ID, {}))
