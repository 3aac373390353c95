from odoo import fields, models

from ..engine import explanation
from ..tools import evidence


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
    similar_incoming = fields.Selection(
        related="company_id.similar_incoming", readonly=False
    )
    similar_journal_days = fields.Integer(
        related="company_id.similar_journal_days", readonly=False
    )
    similar_max_group_size = fields.Integer(
        related="company_id.similar_max_group_size", readonly=False
    )
    similar_evidence = fields.Html(
        "What Each Field Weighs",
        compute="_compute_similar_evidence",
        sanitize=False,
        help="What each compared field weighs in a score.",
    )

    def _compute_similar_evidence(self):
        """The table of evidence, in the user's language: each field, its
        levels and their weights."""
        env = self.env
        fields_shown = [
            {
                "label": env._(field.label),
                "levels": [
                    {
                        "label": explanation.level_label(env, level.field, level.key),
                        "bits": explanation.signed(env, level.bits),
                        "bits_value": level.bits,
                        "shared": level.shared,
                    }
                    for level in evidence.LEVELS
                    if level.field == field.key
                ],
            }
            for field in evidence.FIELDS
        ]
        html = env["ir.qweb"]._render(
            "crm_similar_leads.evidence_table", {"fields_shown": fields_shown}
        )
        for settings in self:
            settings.similar_evidence = html
