"""From 19.0.2.4: new stored keys (``similar_house_street_key``: the house
number and the street's first letters; ``similar_name_street_key``: the
contact name's initials on the street; ``similar_place_key``: a second
address line naming no flat), created and filled in bulk here with every
other key, before the ORM would compute them lead by lead (hours on a large
table), as at install (``hooks.pre_init_hook``)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.crm_similar_leads import hooks


def migrate(cr, version):
    if not version:
        return
    hooks.pre_init_hook(api.Environment(cr, SUPERUSER_ID, {}))
