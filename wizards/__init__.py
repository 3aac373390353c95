from . import crm_lead_merge_wizard
from . import crm_lead_merge_undo
from . import crm_lead_similar_proposal
from . import crm_lead_to_opportunity
from . import crm_lead_duplicate_mass_merge
