"""From 19.0.2.3: every lead is scored again by the scheduled job, batch by
batch (addresses, households, names as people write them, new requests,
related pairs kept), with the keys ``pre-migrate.py`` computed. (Odoo runs
the post- scripts in name order: ``post-20-groups.py`` next.)"""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads.engine import rescore_job


def migrate(cr, version):
    if not version:
        return
    cr.execute("ANALYZE crm_lead")
    rescore_job.request_rescore_all(api.Environment(cr, SUPERUSER_ID, {}))
