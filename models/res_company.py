import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import groups, pairs, rescore_job
from ..tools import evidence


class ResCompany(models.Model):
    _inherit = "res.company"

    # The class thresholds of a pair's score (bits of evidence for, minus
    # against: see tools/evidence.py).
    similar_duplicate_score = fields.Float(
        "Duplicate From Score",
        default=evidence.DUPLICATE_SCORE,
        help="Similar leads scoring this much or more are duplicates: counted on "
        "the Similar Leads button and proposed for a merge when saved.",
    )
    similar_possible_score = fields.Float(
        "Possible Duplicate From Score",
        default=evidence.POSSIBLE_SCORE,
        help="Similar leads scoring this much or more (below the duplicate score) "
        "are shown as possible duplicates, but neither counted nor proposed.",
    )
    # Not required: a NOT NULL column would break other modules' code creating
    # companies before this module's fields are loaded (tests at install).
    similar_proposal = fields.Selection(
        [("off", "Off"), ("propose", "Propose a merge")],
        string="On Saving a Duplicate",
        default="propose",
        help="When someone saves a new lead that has duplicates, propose to "
        "merge it in a window.",
    )
    # Not required either (see above); empty reads as "keep".
    similar_incoming = fields.Selection(
        [("keep", "Keep as a new lead"), ("add", "Add to the open lead")],
        string="Incoming Duplicates",
        default="keep",
        help="A lead that comes in by itself (website form, email, another "
        "application) and is an exact duplicate of an open lead of the same "
        "person: keep it as a new lead (flagged as a duplicate), or add it to "
        "the open lead (its message and attachments go to the open lead, the "
        "new record is archived and linked, the merge can be undone, and the "
        "open lead's salesperson is notified).",
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

    similar_max_group_size = fields.Integer(
        "Largest Group Merged in Bulk",
        default=10,
        help="A group of the review queue with more leads than this is never "
        "merged in bulk, only by hand (0: no limit): one bad value must not "
        "merge hundreds of leads.",
    )

    _similar_scores_ordered = models.Constraint(
        "CHECK (similar_possible_score <= similar_duplicate_score)",
        "The possible duplicate score cannot be above the duplicate score.",
    )
    _similar_max_group_size_positive = models.Constraint(
        "CHECK (similar_max_group_size >= 0)",
        "The largest group merged in bulk cannot have a negative size.",
    )
    _similar_journal_days_positive = models.Constraint(
        "CHECK (similar_journal_days >= 0)",
        "The number of days merges stay undoable cannot be negative.",
    )

    @api.constrains("similar_duplicate_score", "similar_possible_score")
    def _check_similar_scores(self):
        for company in self:
            if company.similar_possible_score < pairs.MIN_STORED_SCORE:
                raise ValidationError(
                    self.env._(
                        "The possible duplicate score cannot be below %(minimum)s: "
                        "leads with more evidence against than for are not similar.",
                        minimum=pairs.MIN_STORED_SCORE,
                    )
                )
            if company.similar_possible_score > company.similar_duplicate_score:
                raise ValidationError(
                    self.env._(
                        "The possible duplicate score (%(possible)s) cannot be above "
                        "the duplicate score (%(duplicate)s).",
                        possible=company.similar_possible_score,
                        duplicate=company.similar_duplicate_score,
                    )
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

    def write(self, vals):
        result = super().write(vals)
        # The scores depend on the public domains, and the leads' phone keys
        # on the company's country (computed again by the ORM meanwhile).
        if "similar_public_domains" in vals or "country_id" in vals:
            rescore_job.request_rescore_all(self.sudo().env)
        # Which leads a group holds depends on the thresholds.
        if not vals.keys().isdisjoint(
            ("similar_duplicate_score", "similar_possible_score")
        ):
            self.env.flush_all()
            groups.rebuild(self.sudo().env, concurrent=True)
        return result

    def _similar_extra_public_domains(self):
        self.ensure_one()
        return [
            d
            for d in re.split(r"[\s,;]+", (self.similar_public_domains or "").lower())
            if d
        ]
