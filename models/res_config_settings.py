from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    similar_match_email = fields.Boolean(
        related="company_id.similar_match_email", readonly=False
    )
    similar_match_phone = fields.Boolean(
        related="company_id.similar_match_phone", readonly=False
    )
    similar_match_partner = fields.Boolean(
        related="company_id.similar_match_partner", readonly=False
    )
    similar_match_names = fields.Boolean(
        related="company_id.similar_match_names", readonly=False
    )
    similar_match_title = fields.Boolean(
        related="company_id.similar_match_title", readonly=False
    )
    similar_name_threshold = fields.Float(
        related="company_id.similar_name_threshold", readonly=False
    )
    similar_title_threshold = fields.Float(
        related="company_id.similar_title_threshold", readonly=False
    )
    similar_proposal = fields.Selection(
        related="company_id.similar_proposal", readonly=False
    )
    similar_public_domains = fields.Char(
        related="company_id.similar_public_domains", readonly=False
    )
    similar_journal_days = fields.Integer(
        related="company_id.similar_journal_days", readonly=False
    )
