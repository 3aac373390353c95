"""The comparable keys of a lead: one home for what the ORM compute and the
install hook share."""

from odoo.addons.iap.tools import iap_tools

from ..tools import matching, normalize

#: Core's list of public mail providers, plus those it lacks.
PUBLIC_MAIL_DOMAINS = (
    frozenset(domain.strip() for domain in iap_tools._MAIL_DOMAIN_BLACKLIST)
    | normalize.MORE_PUBLIC_MAIL_DOMAINS
)


def lead_keys(email, phone, contact_name, company_name, title, countries, postal=None):
    """``{key field: value}`` of one lead (see ``matching.lead_keys``;
    ``postal``: a ``matching.Address``)."""
    return matching.lead_keys(
        email,
        phone,
        contact_name,
        company_name,
        title,
        countries,
        PUBLIC_MAIL_DOMAINS,
        postal or matching.Address(),
    )


def default_country_code(env):
    """The main company's country, the last one a phone is read with."""
    # The cached xmlid, not ``env.ref``, which checks the company still
    # exists with a query for each lead saved (its xmlid goes with it).
    company_id = env["ir.model.data"]._xmlid_to_res_id(
        "base.main_company", raise_if_not_found=False
    )
    return env["res.company"].sudo().browse(company_id).country_id.code or None
