from odoo import fields, models

from ..tools import matching


class CrmLeadSimilarReason(models.Model):
    """Why a lead matched another, shown as a badge on similar leads.

    The records mirror ``tools.matching.REASONS`` (data file); they exist so
    labels are translated and badges can use the many2many_tags widget.
    """

    _name = "crm.lead.similar.reason"
    _description = "Similar Lead Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [(code, code) for code in matching.REASONS], required=True, readonly=True
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    is_duplicate = fields.Boolean(
        string="Counts as Duplicate",
        help="Unchecked for reasons that only relate two leads of one company.",
        readonly=True,
    )

    _code_unique = models.UniqueIndex(
        "(code)", "There is already a reason with this code."
    )
