"""The normalised keys of a lead, stored and indexed: a match is an index
look-up, never a scan."""

from odoo import api, fields, models

from ...engine import keys
from ...tools import matching


class CrmLeadKeys(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    similar_email_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_email_domain = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_phone_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_contact_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_company_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_title_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    # The contact name's sound (``normalize.person_sound_key``): finds a name
    # with a typo where no company name sorts it (``engine/candidates.py``).
    similar_person_sound_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    # The contact name's initials on the street (``matching.name_street_key``):
    # finds a lead whose name, zip and town all have a typo.
    similar_name_street_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    # The postal address's keys (``tools/address.py``): compared, and four
    # look-up keys, indexed (``engine/candidates.py``).
    similar_street_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_house_number = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_unit_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_zip_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_city_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_state_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_country_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_address_block_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_street_sound_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_zip_sound_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_house_street_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_place_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )

    # Name look-ups, both ways, in the whole table and cell by cell (see
    # engine.candidates.name_neighbours), in the order they read: the id
    # breaks ties, so that a rescan of the same data finds the same leads.
    _similar_names_idx = models.Index(
        "(similar_contact_key, similar_company_key, id)"
        " WHERE similar_contact_key IS NOT NULL"
    )
    _similar_company_names_idx = models.Index(
        "(similar_company_key, similar_contact_key, id)"
        " WHERE similar_company_key IS NOT NULL"
    )
    _similar_names_by_cell_idx = models.Index(
        "(similar_contact_key, (COALESCE(company_id, 0)), (COALESCE(user_id, 0)),"
        " similar_company_key, id) INCLUDE (company_id, user_id)"
        " WHERE similar_contact_key IS NOT NULL"
    )
    _similar_company_names_by_cell_idx = models.Index(
        "(similar_company_key, (COALESCE(company_id, 0)), (COALESCE(user_id, 0)),"
        " similar_contact_key, id) INCLUDE (company_id, user_id)"
        " WHERE similar_company_key IS NOT NULL"
    )

    @api.depends(*matching.KEY_INPUTS, "partner_id.country_id", "company_id.country_id")
    def _compute_similar_keys(self):
        default_country = keys.default_country_code(self.env)
        for lead in self:
            countries = matching.Countries(
                lead=lead.country_id.code,
                customer=lead.partner_id.country_id.code,
                company=lead.company_id.country_id.code,
                default=default_country,
            )
            postal = matching.Address(
                lead.street,
                lead.street2,
                lead.zip,
                lead.city,
                lead.state_id.code,
                lead.country_id.code,
            )
            lead.update(
                keys.lead_keys(
                    lead.email_from,
                    lead.phone,
                    lead.contact_name,
                    lead.partner_name,
                    lead.name,
                    countries,
                    postal,
                )
            )
