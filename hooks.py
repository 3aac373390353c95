"""Install hooks: compute the similar-lead keys of existing leads in bulk."""

import logging

from odoo.tools import SQL, sql

from .engine import keys, pairs
from .tools import matching

_logger = logging.getLogger(__name__)

#: Leads read and written per round trip when filling the keys at install.
BATCH_SIZE = 20000
KEY_COLUMNS = matching.KEY_FIELDS
#: A temporary index on the key columns while they are filled (see below).
FILLING_INDEX = "crm_lead_similar_keys_filling"


def pre_init_hook(env):
    """Creates the key columns before the ORM does, then fills them.

    When the columns already exist the ORM does not compute the stored
    fields lead by lead, which would take hours on a large table. Keys come
    from the same pure functions the ORM compute uses, applied in batches
    and written with one UPDATE per batch.
    """
    cr = env.cr
    for column in KEY_COLUMNS:
        if not sql.column_exists(cr, "crm_lead", column):
            sql.create_column(cr, "crm_lead", column, "varchar")
    # While the keys are written, an index on them makes the updates
    # non-HOT: otherwise the indexes the ORM creates next, in this same
    # transaction, could not be used before it commits (PostgreSQL's
    # indcheckxmin), and scoring the pairs at the end of the install would
    # scan the whole table for every lead.
    sql.create_index(cr, FILLING_INDEX, "crm_lead", [f'"{c}"' for c in KEY_COLUMNS])
    count = fill_similar_keys(cr, keys.default_country_code(env))
    sql.drop_index(cr, FILLING_INDEX, "crm_lead")
    _logger.info("Computed the similar-lead keys of %s leads", count)


def fill_similar_keys(cr, default_country=None):
    """Computes the keys of every lead, in batches of ``BATCH_SIZE``."""
    last_id, total = 0, 0
    while rows := _read_leads(cr, last_id):
        ids, columns = _keys_of(rows, default_country)
        _write_keys(cr, ids, columns)
        last_id = ids[-1]
        total += len(ids)
    return total


def _read_leads(cr, last_id):
    """The next batch of leads after ``last_id``: the compared values and
    the countries a phone number is read with."""
    cr.execute(
        SQL(
            """SELECT lead.id, lead.email_from, lead.phone, lead.contact_name,
                      lead.partner_name, lead.name,
                      lead.street, lead.street2, lead.zip, lead.city, state.code,
                      lead_country.code, partner_country.code, company_country.code
                 FROM crm_lead lead
                 LEFT JOIN res_country lead_country ON lead_country.id = lead.country_id
                 LEFT JOIN res_country_state state ON state.id = lead.state_id
                 LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                 LEFT JOIN res_country partner_country
                        ON partner_country.id = partner.country_id
                 LEFT JOIN res_company company ON company.id = lead.company_id
                 LEFT JOIN res_partner company_partner
                        ON company_partner.id = company.partner_id
                 LEFT JOIN res_country company_country
                        ON company_country.id = company_partner.country_id
                WHERE lead.id > %s
                ORDER BY lead.id
                LIMIT %s""",
            last_id,
            BATCH_SIZE,
        )
    )
    return cr.fetchall()


def _keys_of(rows, default_country):
    """The lead ids and, per key column, their keys in the same order."""
    columns = {column: [] for column in KEY_COLUMNS}
    ids = []
    for lead_id, email, phone, contact, company, title, *rest in rows:
        street, street2, zip_code, city, state, *countries = rest
        countries = matching.Countries(*countries, default=default_country)
        postal = matching.Address(
            street, street2, zip_code, city, state, countries.lead
        )
        lead_keys = keys.lead_keys(
            email, phone, contact, company, title, countries, postal
        )
        ids.append(lead_id)
        for column in KEY_COLUMNS:
            columns[column].append(lead_keys[column])
    return ids, columns


def _write_keys(cr, ids, columns):
    """One UPDATE for the whole batch."""
    cr.execute(
        SQL(
            """UPDATE crm_lead SET %s
                 FROM unnest(%s::int[], %s) AS keys(id, %s)
                WHERE crm_lead.id = keys.id""",
            SQL(", ").join(
                SQL("%s = keys.%s", SQL.identifier(column), SQL.identifier(column))
                for column in KEY_COLUMNS
            ),
            ids,
            SQL(", ").join(
                SQL("%s::varchar[]", columns[column]) for column in KEY_COLUMNS
            ),
            SQL(", ").join(SQL.identifier(column) for column in KEY_COLUMNS),
        )
    )


def post_init_hook(env):
    """Finds and scores the similar leads of every lead, in batches, and
    gives the planner fresh statistics: the first pages opened right after
    installing are as fast as the next ones."""
    env.cr.execute("ANALYZE crm_lead")  # the keys just written: index look-ups
    count = pairs.refresh_all(env)
    env.cr.execute("ANALYZE crm_lead_similar_pair")
    _logger.info("Scored the similar leads of %s leads", count)


def uninstall_hook(env):
    """Gives core's Merge action back its place in the Action menu."""
    action = env.ref("crm.action_merge_opportunities", raise_if_not_found=False)
    if action:
        action.binding_model_id = env.ref("crm.model_crm_lead")
