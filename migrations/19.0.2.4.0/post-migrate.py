"""From 19.0.2.3: every lead is scored again by the scheduled job, batch by
batch (addresses, households, names as people write them, new requests,
related pairs kept), with the keys ``pre-migrate.py`` computed."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute("ANALYZE crm_lead")
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.lead.similar.pair"]._request_rescore_all()
