import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    similar_match_email = fields.Boolean("Match on Email", default=True)
    similar_match_phone = fields.Boolean("Match on Phone", default=True)
    similar_match_partner = fields.Boolean("Match on Contact", default=True)
    similar_match_names = fields.Boolean("Match on Names", default=True)
    similar_match_title = fields.Boolean("Match on Title", default=False)
    similar_name_threshold = fields.Float(
        "Name Similarity",
        default=0.6,
        help="From 0.1 (loose) to 1 (identical): how alike contact and company "
        "names must be to match.",
    )
    similar_title_threshold = fields.Float(
        "Title Similarity",
        default=0.8,
        help="From 0.1 (loose) to 1 (identical): how alike lead titles must be "
        "to match.",
    )
    # Not required: a NOT NULL column would break other modules' code creating
    # companies before this module's fields are loaded (tests at install).
    similar_proposal = fields.Selection(
        [("off", "Off"), ("propose", "Propose a merge")],
        string="On Saving a Duplicate",
        default="propose",
        help="When someone saves a new lead that has strong duplicates (same "
        "email, phone or contact), propose to merge it in a window.",
    )
    similar_public_domains = fields.Char(
        "Extra Public Mail Domains",
        help="Mail domains shared by unrelated people (e.g. a local internet "
        "provider), separated by commas or spaces. Leads on these domains are "
        "not related by their domain.",
    )

    similar_journal_days = fields.Integer(
        "Keep Merges Undoable For (Days)",
        default=0,
        help="How long a merge can be undone; 0 keeps every merge undoable. "
        "After that, its record of what moved is forgotten (the merged leads "
        "stay archived and linked).",
    )

    _similar_name_threshold_range = models.Constraint(
        "CHECK (similar_name_threshold >= 0.1 AND similar_name_threshold <= 1)",
        "The name similarity must be between 0.1 and 1.",
    )
    _similar_title_threshold_range = models.Constraint(
        "CHECK (similar_title_threshold >= 0.1 AND similar_title_threshold <= 1)",
        "The title similarity must be between 0.1 and 1.",
    )
    _similar_journal_days_positive = models.Constraint(
        "CHECK (similar_journal_days >= 0)",
        "The number of days merges stay undoable cannot be negative.",
    )

    @api.constrains("similar_public_domains")
    def _check_similar_public_domains(self):
        for company in self:
            for domain in company._similar_extra_public_domains():
                if "." not in domain or "@" in domain:
                    raise ValidationError(
                        self.env._(
                            "“%(domain)s” is not a mail domain. Write domains like "
                            "“example.com”, separated by commas.",
                            domain=domain,
                        )
                    )

    def _similar_extra_public_domains(self):
        self.ensure_one()
        return [
            d
            for d in re.split(r"[\s,;]+", (self.similar_public_domains or "").lower())
            if d
        ]
