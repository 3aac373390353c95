"""From 19.0.2.4: every lead is scored again by the scheduled job, batch by
batch: names with a typo, a new surname at one's address, the same street
and a zip mistyped weigh otherwise, and the new look-up key finds more
candidates (the review queue's groups follow the pairs)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads.engine import rescore_job


def migrate(cr, version):
    if not version:
        return
    cr.execute("ANALYZE crm_lead")
    rescore_job.request_rescore_all(api.Environment(cr, SUPERUSER_ID, {}))
