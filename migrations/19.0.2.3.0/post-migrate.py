"""From 19.0.2.2: the stored pairs were scored with values counted over
every lead of a company; they are scored again with the counts of each
pair's scope (``engine/candidates.py``), so that no stored score depends on
a lead its readers may not read."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads.engine import pairs


def migrate(cr, version):
    if not version:
        return
    pairs.refresh_all(api.Environment(cr, SUPERUSER_ID, {}))
