{
    "name": "CRM Similar Leads & Merge",
    "summary": "Find similar leads and opportunities by email, phone, contact "
    "and names, with the reasons why, and merge them without losing anything",
    "version": "19.0.2.6.0",
    "category": "Sales/CRM",
    "author": "crm_similar_leads contributors",
    "website": "https://github.com/crm-similar-leads/crm_similar_leads",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["crm", "base_import"],
    "external_dependencies": {"python": ["phonenumbers>=8.13", "rapidfuzz>=3.9,<4"]},
    "data": [
        "security/ir.model.access.csv",
        "security/crm_similar_leads_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_templates.xml",
        "views/crm_lead_views.xml",
        "views/crm_lead_not_duplicate_views.xml",
        "views/crm_lead_duplicate_group_views.xml",
        "views/crm_lead_merge_journal_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_config_settings_incoming_views.xml",
        "wizards/crm_lead_merge_wizard_views.xml",
        "wizards/crm_lead_merge_undo_views.xml",
        "wizards/crm_lead_similar_proposal_views.xml",
        "wizards/crm_lead_duplicate_mass_merge_views.xml",
        "wizards/crm_lead_to_opportunity_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_similar_leads/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_similar_leads/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "crm_similar_leads/static/tests/**/*.test.js",
            "crm_similar_leads/static/tests/tours/screen_checks.esm.js",
        ],
    },
    "demo": [
        "data/crm_lead_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
