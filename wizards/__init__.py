from . import crm_lead_merge_wizard
