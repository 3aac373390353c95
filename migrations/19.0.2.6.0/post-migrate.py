"""From 19.0.2.5: the review queue's stored groups are made again: a lead
that joined a group is no longer the lead kept of another (groups overlapped),
and a group is exact only when every two of its leads are."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads.engine import groups


def migrate(cr, version):
    if not version:
        return
    groups.rebuild(api.Environment(cr, SUPERUSER_ID, {}))
