"""From 19.0.1: the old scan job goes, and every lead is scored."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads import hooks


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    old_job = env.ref(
        "crm_similar_leads.ir_cron_crm_lead_duplicate_scan", raise_if_not_found=False
    )
    if old_job:
        old_job.unlink()
    hooks.post_init_hook(env)
