"""``crm.lead`` in the addon: one model class (OCA's rule: one class a
model), assembled from parts that each hold one concern."""

from odoo import models

from .import_duplicates import CrmLeadImportDuplicates
from .incoming import CrmLeadIncoming
from .keys import CrmLeadKeys
from .late_arrivals import CrmLeadLateArrivals
from .merge import CrmLeadMerge
from .similar import CrmLeadSimilar
from .similar_actions import CrmLeadSimilarActions


class CrmLead(
    CrmLeadMerge,  # first: the merge link is checked before anything is written
    CrmLeadSimilar,
    CrmLeadSimilarActions,
    CrmLeadKeys,
    CrmLeadLateArrivals,
    CrmLeadImportDuplicates,
    CrmLeadIncoming,
    models.Model,
):
    _inherit = "crm.lead"
