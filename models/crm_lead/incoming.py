"""Leads that come in by themselves (a website form, the mail gateway,
another application over the API), added to the open lead of the same
person when the company wants it (``engine/incoming.py``)."""

from odoo import api, models

from ...engine import incoming


class CrmLeadIncoming(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        incoming.mark(leads, incoming.source_of(leads))
        return leads

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        lead = super().message_new(msg_dict, custom_values=custom_values)
        incoming.mark(lead, incoming.MAIL)
        return lead

    def website_form_input_filter(self, request, values):
        """The website form creates a lead right after this (``website``'s
        controller calls it on the model of any form that defines it)."""
        parent = getattr(super(), "website_form_input_filter", None)
        if parent is not None:
            values = parent(request, values)
        incoming.expect_form(self.env)
        return values
