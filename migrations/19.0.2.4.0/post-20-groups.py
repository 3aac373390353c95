"""From 19.0.2.3: the review queue's groups are stored (``engine/groups.py``),
made here from the stored pairs, after ``post-10-rescore.py`` (Odoo runs the
post- scripts in name order); they follow the pairs from now on, the job's
rescan of every lead included (``pairs.rescore_batch``)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads.engine import groups


def migrate(cr, version):
    if not version:
        return
    groups.rebuild(api.Environment(cr, SUPERUSER_ID, {}))
