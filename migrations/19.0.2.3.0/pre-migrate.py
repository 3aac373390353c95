"""From 19.0.2.2: the name look-ups are taken salesperson by salesperson
(``engine/candidates.py``); the indexes they replace go."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "DROP INDEX IF EXISTS crm_lead_similar_names_idx,"
        " crm_lead_similar_company_names_idx"
    )
