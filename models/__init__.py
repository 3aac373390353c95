from . import crm_lead_similar_reason
from . import crm_lead_not_duplicate
from . import crm_lead
from . import crm_lead_merge
from . import crm_lead_duplicate_group
from . import res_company
from . import res_config_settings
