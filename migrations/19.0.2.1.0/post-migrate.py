"""From 19.0.2.0: every lead gets the best score of its stored pairs, which
the "Has Similar Leads" filter reads."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads.engine import top_scores


def migrate(cr, version):
    if not version:
        return
    top_scores.update_all(api.Environment(cr, SUPERUSER_ID, {}))
