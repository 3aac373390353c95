"""Leads that come in by themselves (a website form, the mail gateway,
another application over the API), added to the open lead of the same
person when the company wants it (``engine/incoming.py``)."""

from odoo import api, models
from odoo.tools.mail import parse_contact_from_email

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
        """A lead from an email of someone unknown takes the name the sender
        wrote beside the address ("Pierre Martin <pierre@...>") as contact
        name: core leaves it empty, and a person is known by name too."""
        custom_values = dict(custom_values or {})
        if not msg_dict.get("author_id") and not custom_values.get("contact_name"):
            name, _email = parse_contact_from_email(msg_dict.get("from") or "")
            if name:
                custom_values["contact_name"] = name
        lead = super().message_new(msg_dict, custom_values=custom_values)
        incoming.mark(lead, incoming.MAIL)
        return lead
