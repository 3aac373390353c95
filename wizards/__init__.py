from . import crm_lead_merge_wizard
from . import crm_lead_similar_proposal
