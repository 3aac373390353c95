from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    similar_duplicate_score = fields.Float(
        related="company_id.similar_duplicate_score", readonly=False
    )
    similar_possible_score = fields.Float(
        related="company_id.similar_possible_score", readonly=False
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
    similar_max_group_size = fields.Integer(
        related="company_id.similar_max_group_size", readonly=False
    )
