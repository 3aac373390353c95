"""Benchmark of crm_similar_leads against core Odoo's similar-leads count.

``bench/run`` calls one sub-command per step, each in a process of its own, so
that odoo-bin can install the addon between the two measurements:

``generate``
    Fills a fresh ``crm`` database with N leads in set-based SQL: people with
    a few leads each written differently (duplicates), a big account, public
    mail providers; fills core's own comparison keys so core runs at its best.
``measure``
    Times reading the similar-lead count (core's ``duplicate_lead_count``, or
    the addon's ``similar_duplicate_count`` once it is installed) for pages of 80
    leads and creating 1,000 leads through the ORM, and checks that generated
    duplicates are found. Writes the numbers to a JSON file.
``report``
    Prints the markdown table comparing the two measurements.

Run it with Odoo's source on ``PYTHONPATH``; ``-c`` is an odoo-bin
configuration file (``bench/run`` writes one).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, tools
from odoo.modules.registry import Registry
from odoo.tools import SQL

PAGE_SIZE = 80
CREATE_COUNT = 1000
CREATE_BATCH_SIZE = 100
#: Creation is measured this many times and the fastest run kept: noise on a
#: shared machine only ever adds time.
CREATE_ROUNDS = 5
#: Generated duplicates whose detection is checked after each measurement.
SANITY_SAMPLE = 300

#: One lead in DUPLICATE_EVERY repeats an earlier lead's person (12.5%),
#: written as one of the variants below says.
DUPLICATE_EVERY = 8
# The variants (bench_lead.variant in the generated data):
#   0: email in other case, phone in another format, name as 'LAST First'
#   1: email with a +tag (gmail: without its dots), no phone
#   2: no email, phone in another format, name without case or accents
#   3: another personal email, no phone, name as 'LAST First', company in capitals
#: Leads of the big account (at most 4% of all leads): one email domain,
#: and a switchboard number given by one in eight of them (about 500).
BIG_ACCOUNT_LEADS = 4000
BIG_ACCOUNT_NAME = "Groupe Hexagone"
BIG_ACCOUNT_DOMAIN = "hexagone-group.com"
SWITCHBOARD_NSN = "140205050"
#: Percent of the other people writing from a public mailbox.
PUBLIC_MAIL_PERCENT = 45
#: Percent of company people that are contacts (res.partner) of their company.
PARTNER_PERCENT = 20
#: People per company (small companies: most have a handful of leads).
PEOPLE_PER_COMPANY = 10
# Word lists, several words a line.
# fmt: off
PUBLIC_PROVIDERS = [
    "gmail.com", "gmail.com", "orange.fr", "yahoo.fr", "hotmail.com", "outlook.com",
    "free.fr", "gmx.de", "web.de", "laposte.net", "wanadoo.fr",
]
FIRST_NAMES = [
    "Pierre", "Marie", "Jean", "Sophie", "Nicolas", "Isabelle", "Philippe", "Nathalie",
    "Laurent", "Céline", "François", "Hélène", "Jérôme", "Valérie", "Stéphane",
    "Sandrine", "Frédéric", "Émilie", "Sébastien", "Aurélie", "Thierry", "Chloé",
    "Benoît", "Léa", "Olivier", "Camille", "Julien", "Élodie", "Mathieu", "Inès",
    "Antoine", "Zoé", "Guillaume", "Anaïs", "Vincent", "Manon", "Thomas", "Clémence",
    "Alexandre", "Maëlle", "Christophe", "Noémie", "Éric", "Agnès", "Jérémy", "Gaëlle",
    "Rémi", "Cécile", "André", "Solène", "Luc", "Margaux", "Hugo", "Juliette", "Louis",
    "Océane", "Paul", "Pauline", "Arthur", "Lucie", "Maxime", "Sarah", "Yves", "Claire",
    "Denis", "Anne", "Bruno", "Emma", "Gérard", "Léonie", "Jürgen", "Lukas", "Jonas",
    "Jörg", "Björn", "Sören", "Hannah", "Lena", "Katrin", "Jan", "Pieter", "Wouter",
    "Sven", "Kévin", "Loïc", "Joël", "Gaëtan", "Raphaël", "Mélanie", "Estelle",
    "Florian", "Bastien", "Morgane", "Yann", "Tanguy", "Maëva",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefevre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
    "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez",
    "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
    "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël",
    "Meyer", "Lucas", "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier",
    "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard",
    "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois",
    "Renaud", "Lemoine", "Picard", "Gaillard", "Leclercq", "Lacroix", "Fabre", "Dupuis",
    "Rodriguez", "Da-Silva", "Hubert", "Guillot", "Rivière", "Le-Gall", "Adam", "Rey",
    "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps",
    "Carpentier", "Maillard", "Marchal", "Aubry", "Vasseur", "Le-Roux", "Renault",
    "Jacquet", "Collet", "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron",
    "Dupuy", "Pons", "Carré", "Breton", "Perrot", "Guyot", "Barre", "Marty", "Cousin",
    "Schäfer", "Weber", "Schneider", "Janssens", "Peeters", "Maes",
]
COMPANY_WORDS = [
    "Atlas", "Boréal", "Cèdre", "Delta", "Étoile", "Fjord", "Granit", "Horizon", "Iris",
    "Jade", "Kappa", "Lumen", "Mistral", "Nova", "Orion", "Polaris", "Quartz", "Rivage",
    "Sirius", "Titan", "Ulysse", "Vega", "Wapiti", "Zénith", "Alpine", "Azur", "Corail",
    "Dune", "Écho", "Falaise", "Givre", "Havre", "Ivoire", "Opale",
]
COMPANY_TRADES = [
    "Conseil", "Logistique", "Industrie", "Services", "Bâtiment", "Transports",
    "Informatique", "Distribution", "Énergie", "Ingénierie", "Immobilier", "Consulting",
    "Systems", "Solutions", "Technologies", "Médical", "Agro", "Textile", "Design",
    "Finance",
]
# fmt: on
LEGAL_FORMS = ["SARL", "SAS", "SA", "", "GmbH", "", "SARL", ""]
PRODUCTS = [
    "ERP 50 users",
    "CRM rollout",
    "Website redesign",
    "Support contract",
    "Training",
    "Hosting renewal",
    "Consulting days",
    "Mobile app",
]

#: Rows of the bench_* tables, kept in the benchmark database: who each
#: generated lead is, to check that duplicates are found.
GENERATE_SQL = """
CREATE FUNCTION pg_temp.h(x int, seed int, m int) RETURNS int
    LANGUAGE sql IMMUTABLE AS
    'SELECT mod(hashint4extended(x, seed) & 9223372036854775807, m)::int';

-- Company 0 is the big account.
CREATE UNLOGGED TABLE bench_company AS
SELECT c AS company_no,
       CASE WHEN c = 0 THEN %(big_name)s
            ELSE (%(words)s)[pick.word] || ' ' || (%(trades)s)[pick.trade] END AS name,
       CASE WHEN c = 0 THEN '' ELSE (%(legal_forms)s)[pick.legal_form] END
           AS legal_form,
       CASE WHEN c = 0 THEN %(big_domain)s
            ELSE (%(words_ascii)s)[pick.word] || (%(trades_ascii)s)[pick.trade]
                 || c || '.fr' END AS domain
  FROM generate_series(0, %(companies)s) AS c
 CROSS JOIN LATERAL (
       SELECT 1 + pg_temp.h(c, 1, %(n_words)s) AS word,
              1 + pg_temp.h(c, 2, %(n_trades)s) AS trade,
              1 + pg_temp.h(c, 3, %(n_legal_forms)s) AS legal_form) pick;

-- One row per person: the leads of a person are its original lead and the
-- duplicates that point at it.
CREATE UNLOGGED TABLE bench_person AS
SELECT p, kind.is_big, kind.public_mail, kind.company_no, kind.country,
       name.first_name, name.first_ascii, name.last_name, name.last_ascii,
       NOT kind.public_mail AND pg_temp.h(p, 6, 100) < %(partner_percent)s
           AS has_partner,
       NOT kind.public_mail OR pg_temp.h(p, 7, 100) < 50 AS has_company_name,
       pg_temp.h(p, 8, 100) < 92 AS has_email,
       kind.switchboard OR pg_temp.h(p, 10, 100) < 80 AS has_phone,
       CASE WHEN kind.public_mail
                 THEN name.first_ascii || '.' || name.last_ascii || p
            WHEN kind.is_big THEN left(name.first_ascii, 1) || name.last_ascii || p
            ELSE name.first_ascii || '.' || name.last_ascii END AS email_local,
       CASE WHEN kind.public_mail
                 THEN (%(providers)s)[1 + pg_temp.h(p, 11, %(n_providers)s)]
            ELSE company.domain END AS email_domain,
       -- national significant numbers: valid French mobiles (06 but 069 and
       -- 0639), Belgian mobiles (047), the big account's switchboard
       CASE WHEN kind.switchboard THEN %(switchboard)s
            WHEN kind.country = 'BE'
                 THEN '47' || lpad(mod(p::bigint * 7919, 10000000)::text, 7, '0')
            ELSE '6' || ('{1,2,4,5,6,7,8}'::text[])[
                            1 + mod(p::bigint * 7919, 70000000) / 10000000]
                 || lpad(mod(p::bigint * 7919, 10000000)::text, 7, '0') END AS nsn
  FROM generate_series(1, %(leads)s) AS p
 CROSS JOIN LATERAL (
       SELECT pg_temp.h(p, 4, %(leads)s) < %(big_leads)s AS is_big) big
 CROSS JOIN LATERAL (
       SELECT big.is_big,
              big.is_big AND pg_temp.h(p, 9, 8) = 0 AS switchboard,
              NOT big.is_big AND pg_temp.h(p, 5, 100) < %(public_percent)s
                  AS public_mail,
              CASE WHEN big.is_big THEN 0
                   ELSE 1 + pg_temp.h(p, 12, %(companies)s) END AS company_no,
              CASE WHEN NOT big.is_big AND pg_temp.h(p, 13, 100) < 12 THEN 'BE'
                   ELSE 'FR' END AS country) kind
 CROSS JOIN LATERAL (
       SELECT 1 + pg_temp.h(p, 14, %(n_first)s) AS fi,
              1 + pg_temp.h(p, 15, %(n_last)s) AS li) pick
 CROSS JOIN LATERAL (
       SELECT (%(first)s)[pick.fi] AS first_name,
              (%(first_ascii)s)[pick.fi] AS first_ascii,
              (%(last)s)[pick.li] AS last_name,
              (%(last_ascii)s)[pick.li] AS last_ascii) name
  JOIN bench_company company ON company.company_no = kind.company_no
 WHERE mod(p, %(every)s) <> 0;
ALTER TABLE bench_person ADD PRIMARY KEY (p);

-- Which person each lead is; duplicates point at an earlier original lead.
CREATE UNLOGGED TABLE bench_lead AS
SELECT %(lead_base)s + i AS lead_id, dup.p,
       CASE WHEN dup.is_dup THEN %(lead_base)s + dup.p END AS original_id,
       CASE WHEN dup.is_dup THEN mod(i / %(every)s, 4) END AS variant,
       i
  FROM generate_series(1, %(leads)s) AS i
 CROSS JOIN LATERAL (SELECT 1 + pg_temp.h(i, 16, greatest(i - 1, 1)) AS q) pick
 CROSS JOIN LATERAL (
       SELECT mod(i, %(every)s) = 0 AS is_dup,
              CASE WHEN mod(i, %(every)s) <> 0 THEN i
                   ELSE pick.q - (mod(pick.q, %(every)s) = 0)::int END AS p) dup;

INSERT INTO res_partner (id, name, complete_name, type, is_company, active,
                         commercial_partner_id, country_id, partner_share, employee,
                         create_uid, write_uid, create_date, write_date)
SELECT %(company_base)s + company_no,
       trim(name || ' ' || legal_form), trim(name || ' ' || legal_form),
       'contact', true, true, %(company_base)s + company_no, %(fr)s, true, false,
       %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
  FROM bench_company;

INSERT INTO res_partner (id, name, complete_name, type, is_company, active, parent_id,
                         commercial_partner_id, commercial_company_name, email,
                         email_normalized, country_id, partner_share, employee,
                         create_uid, write_uid, create_date, write_date)
SELECT %(contact_base)s + person.p,
       person.first_name || ' ' || person.last_name,
       trim(company.name || ' ' || company.legal_form) || ', '
           || person.first_name || ' ' || person.last_name,
       'contact', false, true,
       %(company_base)s + company.company_no, %(company_base)s + company.company_no,
       trim(company.name || ' ' || company.legal_form),
       person.email_local || '@' || person.email_domain,
       person.email_local || '@' || person.email_domain,
       CASE person.country WHEN 'BE' THEN %(be)s ELSE %(fr)s END, true, false,
       %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
  FROM bench_person person
  JOIN bench_company company ON company.company_no = person.company_no
 WHERE person.has_partner;

INSERT INTO crm_lead (id, name, type, active, won_status, probability, stage_id,
                      lost_reason_id, date_closed, user_id, team_id, company_id,
                      partner_id, country_id, priority, contact_name, partner_name,
                      email_from, email_normalized, email_domain_criterion,
                      email_state, phone, phone_sanitized, phone_state,
                      expected_revenue, create_uid, write_uid, create_date,
                      write_date, date_open, date_last_stage_update)
SELECT lead.lead_id,
       -- a duplicate asks for what its original asked (the same request
       -- twice); a person's other deals are the trap the scoring must see
       coalesce(names.partner_name, names.contact_name) || ' - '
           || (%(products)s)[1 + pg_temp.h(lead.p, 20, %(n_products)s)],
       CASE WHEN status.won OR pg_temp.h(lead.i, 21, 2) = 0 THEN 'opportunity'
            ELSE 'lead' END,
       NOT status.lost,
       CASE WHEN status.won THEN 'won' WHEN status.lost THEN 'lost'
            ELSE 'pending' END,
       CASE WHEN status.won THEN 100 WHEN status.lost THEN 0
            ELSE 10 + pg_temp.h(lead.i, 22, 80) END,
       CASE WHEN status.won THEN %(won_stage)s
            ELSE (%(stages)s)[1 + pg_temp.h(lead.i, 23, %(n_stages)s)] END,
       CASE WHEN status.lost THEN %(lost_reason)s END,
       CASE WHEN status.won OR status.lost THEN dates.created + interval '20 days' END,
       CASE WHEN status.assigned THEN %(uid)s END,
       %(team)s, %(company)s,
       CASE WHEN person.has_partner THEN %(contact_base)s + person.p END,
       CASE contact.lead_country WHEN 'BE' THEN %(be)s WHEN 'FR' THEN %(fr)s END,
       '0', names.contact_name, names.partner_name,
       contact.email_from, lower(contact.email_from),
       CASE WHEN split_part(lower(contact.email_from), '@', 2)
                 = ANY(%(core_public_domains)s)
            THEN lower(contact.email_from)
            ELSE '@' || split_part(lower(contact.email_from), '@', 2) END,
       CASE WHEN contact.email_from IS NOT NULL THEN 'correct' END,
       contact.phone,
       -- core reads a national number with the lead's country, else its
       -- customer's, else the company's (France): a Belgian number read as
       -- French is still a valid French number
       CASE WHEN contact.phone IS NULL THEN NULL
            WHEN contact.phone_format = 1
                 OR coalesce(contact.lead_country,
                             CASE WHEN person.has_partner THEN person.country END,
                             'FR') = person.country
            THEN contact.prefix || person.nsn
            ELSE '+33' || person.nsn END,
       CASE WHEN contact.phone IS NOT NULL THEN 'correct' END,
       500 * pg_temp.h(lead.i, 25, 200),
       %(uid)s, %(uid)s, dates.created, dates.created,
       CASE WHEN status.assigned THEN dates.created END, dates.created
  FROM bench_lead lead
  JOIN bench_person person ON person.p = lead.p
  JOIN bench_company company ON company.company_no = person.company_no
 CROSS JOIN LATERAL (SELECT lead.variant IS NOT NULL AS is_dup) dup
 CROSS JOIN LATERAL (
       SELECT pg_temp.h(lead.i, 26, 100) < 6 AS won,
              pg_temp.h(lead.i, 26, 100) BETWEEN 6 AND 11 AS lost,
              pg_temp.h(lead.i, 24, 10) < 7 AS assigned) status
 CROSS JOIN LATERAL (
       SELECT (now() at time zone 'UTC')
              - make_interval(days => pg_temp.h(lead.i, 27, 730),
                              secs => pg_temp.h(lead.i, 28, 86400)) AS created) dates
 CROSS JOIN LATERAL (
       SELECT CASE WHEN dup.is_dup AND lead.variant IN (0, 3)
                        THEN upper(person.last_name) || ' ' || person.first_name
                   WHEN dup.is_dup AND lead.variant = 2
                        THEN person.first_ascii || ' ' || person.last_ascii
                   ELSE person.first_name || ' ' || person.last_name END
                  AS contact_name,
              CASE WHEN NOT person.has_company_name THEN NULL
                   WHEN dup.is_dup AND lead.variant = 3 THEN upper(company.name)
                   ELSE trim(company.name || ' ' || company.legal_form) END
                  AS partner_name) names
 CROSS JOIN LATERAL (
       SELECT CASE WHEN pg_temp.h(lead.i, 29, 100) < 65 THEN person.country END
                  AS lead_country,
              pg_temp.h(lead.i, 30, 3) AS phone_format,
              CASE person.country WHEN 'BE' THEN '+32' ELSE '+33' END AS prefix,
              CASE person.country
                   WHEN 'BE' THEN regexp_replace(person.nsn,
                       '^(\\d{3})(\\d{2})(\\d{2})(\\d{2})$', '\\1 \\2 \\3 \\4')
                   ELSE regexp_replace(person.nsn,
                       '^(\\d)(\\d{2})(\\d{2})(\\d{2})(\\d{2})$', '\\1 \\2 \\3 \\4 \\5')
              END AS grouped) phone
 CROSS JOIN LATERAL (
       SELECT phone.lead_country, phone.phone_format, phone.prefix,
              CASE WHEN NOT person.has_email OR dup.is_dup AND lead.variant = 2
                        THEN NULL
                   WHEN dup.is_dup AND lead.variant = 0
                        THEN initcap(person.email_local) || '@'
                             || upper(person.email_domain)
                   WHEN dup.is_dup AND lead.variant = 1
                        AND person.email_domain = 'gmail.com'
                        THEN replace(person.email_local, '.', '') || '@gmail.com'
                   WHEN dup.is_dup AND lead.variant = 1
                        THEN person.email_local || '+crm@' || person.email_domain
                   WHEN dup.is_dup AND lead.variant = 3
                        THEN person.first_ascii || person.last_ascii || lead.i || '@'
                             || (%(providers)s)[
                                    1 + pg_temp.h(lead.i, 31, %(n_providers)s)]
                   ELSE person.email_local || '@' || person.email_domain END
                  AS email_from,
              CASE WHEN NOT person.has_phone OR dup.is_dup AND lead.variant IN (1, 3)
                        THEN NULL
                   WHEN phone.phone_format = 0 THEN '0' || phone.grouped
                   WHEN phone.phone_format = 1 THEN phone.prefix || ' ' || phone.grouped
                   ELSE '0' || person.nsn END AS phone) contact;
"""


#: The shared-value profile (``generate --shared``): values shared by
#: hundreds or thousands of leads, as on real databases. Only leads that are
#: neither generated duplicates nor their originals are changed.
SHARED_SQL = """
CREATE TEMP TABLE bench_plain AS
SELECT lead.lead_id, row_number() OVER (ORDER BY md5(lead.lead_id::text)) AS n
  FROM bench_lead lead
 WHERE lead.original_id IS NULL
   AND NOT EXISTS (SELECT FROM bench_lead dup WHERE dup.original_id = lead.lead_id);
-- One shared mailbox of the big account, given by 5,000 leads.
UPDATE crm_lead SET email_from = 'contact@' || %(big_domain)s,
                    email_normalized = 'contact@' || %(big_domain)s,
                    email_domain_criterion = '@' || %(big_domain)s
  FROM bench_plain plain
 WHERE plain.lead_id = crm_lead.id AND plain.n <= 5000;
-- 20 switchboards, 300 leads each.
UPDATE crm_lead
   SET phone = '01 45 00 00 ' || lpad(((plain.n - 5001) / 300)::text, 2, '0'),
       phone_sanitized = '+3314500000' || lpad(((plain.n - 5001) / 300)::text, 2, '0')
  FROM bench_plain plain
 WHERE plain.lead_id = crm_lead.id AND plain.n > 5000 AND plain.n <= 11000;
-- 50 public mailboxes reused by 200 namesakes each (a family address, an
-- address typed by a call centre).
UPDATE crm_lead
   SET email_from = mailbox.email, email_normalized = mailbox.email,
       email_domain_criterion = mailbox.email, contact_name = 'Jean Martin'
  FROM bench_plain plain
 CROSS JOIN LATERAL (
       SELECT 'jean.martin' || ((plain.n - 11001) / 200) || '@gmail.com' AS email
       ) mailbox
 WHERE plain.lead_id = crm_lead.id AND plain.n > 11000 AND plain.n <= 21000;
"""


def output(*lines):
    """Writes the lines to standard output: the benchmark's report."""
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()


def strip_accents(text):
    """The text in ASCII letters, as it can appear in an email address."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def environment(cr):
    """An environment of the administrator, a real user: record rules apply."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    return api.Environment(cr, env.ref("base.user_admin").id, {})


@contextmanager
def indexes_rebuilt(cr, table):
    """Drops the indexes of ``table`` and creates them again afterwards:
    building an index once is far faster than updating it row by row (as
    pg_restore does)."""
    cr.execute(
        SQL(
            """SELECT index.relname, pg_get_indexdef(index.oid)
                 FROM pg_index JOIN pg_class index ON index.oid = pg_index.indexrelid
                WHERE pg_index.indrelid = %s::regclass
                  AND NOT EXISTS (SELECT FROM pg_constraint
                                   WHERE conindid = pg_index.indexrelid)""",
            table,
        )
    )
    indexes = cr.fetchall()
    for name, _definition in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    yield
    cr.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cr.execute(definition)


def generate(env, leads, shared=False):
    """Creates ``leads`` leads in set-based SQL, see ``GENERATE_SQL`` (and
    ``SHARED_SQL`` with ``shared``)."""
    from odoo.addons.iap.tools import (
        iap_tools,
    )  # importable once the addons path is set

    cr = env.cr
    # A French company: national phone numbers without a country are French.
    env.company.sudo().country_id = env.ref("base.fr")
    env.flush_all()
    cr.execute("SELECT coalesce(max(id), 0) FROM crm_lead")
    lead_base = cr.fetchone()[0]
    cr.execute("SELECT coalesce(max(id), 0) FROM res_partner")
    partner_base = cr.fetchone()[0]
    companies = max(leads // PEOPLE_PER_COMPANY, 1)
    stages = env["crm.stage"].sudo().search([])
    params = {
        "leads": leads,
        "every": DUPLICATE_EVERY,
        "companies": companies,
        "big_leads": min(BIG_ACCOUNT_LEADS, leads * 4 // 100),
        "big_name": BIG_ACCOUNT_NAME,
        "big_domain": BIG_ACCOUNT_DOMAIN,
        "switchboard": SWITCHBOARD_NSN,
        "public_percent": PUBLIC_MAIL_PERCENT,
        "partner_percent": PARTNER_PERCENT,
        "core_public_domains": sorted(iap_tools._MAIL_DOMAIN_BLACKLIST),
        "lead_base": lead_base,
        # partners: companies numbered from 0 (the big account), then people
        "company_base": partner_base + 1,
        "contact_base": partner_base + 1 + companies + 1,
        "uid": env.uid,
        "fr": env.ref("base.fr").id,
        "be": env.ref("base.be").id,
        "company": env.company.id,
        "team": env["crm.team"].sudo().search([], limit=1).id,
        "won_stage": stages.filtered("is_won")[:1].id,
        "lost_reason": env["crm.lost.reason"].sudo().search([], limit=1).id,
    }
    for name, values in {
        "first": FIRST_NAMES,
        "last": LAST_NAMES,
        "words": COMPANY_WORDS,
        "trades": COMPANY_TRADES,
        "legal_forms": LEGAL_FORMS,
        "providers": PUBLIC_PROVIDERS,
        "products": PRODUCTS,
        "stages": stages.filtered(lambda stage: not stage.is_won).ids,
    }.items():
        params[name] = list(values)
        params[f"n_{name}"] = len(values)
    for name in ("first", "last", "words", "trades"):
        params[f"{name}_ascii"] = [
            strip_accents(value).lower() for value in params[name]
        ]

    with indexes_rebuilt(cr, "crm_lead"), indexes_rebuilt(cr, "res_partner"):
        cr.execute(SQL(GENERATE_SQL, **params))
        if shared:
            cr.execute(SQL(SHARED_SQL, big_domain=BIG_ACCOUNT_DOMAIN))
    for table in ("crm_lead", "res_partner"):
        cr.execute(
            SQL(
                "SELECT setval(%s, (SELECT max(id) FROM %s))",
                f"{table}_id_seq",
                SQL.identifier(table),
            )
        )
    env.invalidate_all()
    check_core_keys(env)
    cr.execute(
        """SELECT count(*), count(lead.original_id),
                  count(*) FILTER (WHERE person.is_big),
                  count(*) FILTER (WHERE crm_lead.phone_sanitized = %s),
                  count(*) FILTER (WHERE person.public_mail),
                  count(crm_lead.partner_id)
             FROM bench_lead lead
             JOIN bench_person person ON person.p = lead.p
             JOIN crm_lead ON crm_lead.id = lead.lead_id""",
        ["+33" + SWITCHBOARD_NSN],
    )
    total, duplicates, big, switchboard, public, customers = cr.fetchone()
    output(
        f"Generated {total} leads: {duplicates} duplicates written differently, "
        f"{big} of the big account ({switchboard} on its switchboard), "
        f"{public} from public mailboxes, {customers} with a customer contact"
    )


def check_core_keys(env, sample=3000):
    """Fails unless the core keys written in SQL are those core's own code
    computes: core must be measured with correct data."""
    from odoo.addons.iap.tools import (
        iap_tools,
    )  # importable once the addons path is set

    cr = env.cr
    cr.execute(SQL("SELECT id FROM crm_lead ORDER BY md5(id::text) LIMIT %s", sample))
    leads = env["crm.lead"].sudo().browse([row[0] for row in cr.fetchall()])
    wrong = []
    for lead in leads:
        expected = {
            "email_normalized": tools.email_normalize(lead.email_from, strict=False),
            "email_domain_criterion": iap_tools.mail_prepare_for_domain_search(
                lead.email_normalized
            ),
            "phone_sanitized": lead._phone_format(fname="phone"),
        }
        for field, value in expected.items():
            if (lead[field] or False) != (value or False):
                wrong.append(
                    f"lead {lead.id} {field}: {lead[field]!r} instead of {value!r}"
                )
    if wrong:
        sys.exit("Generated core keys differ from core's:\n" + "\n".join(wrong[:20]))


def pick_pages(env, count, seed):
    """``count`` random pages of the lead list (active leads, by id)."""
    Lead = env["crm.lead"]
    total = Lead.search_count([])
    rng = random.Random(seed)
    return [
        Lead.search(
            [],
            order="id",
            offset=rng.randrange(max(total - PAGE_SIZE, 1)),
            limit=PAGE_SIZE,
        ).ids
        for _page in range(count)
    ]


def measure_pages(env, field, pages):
    """Time and SQL queries to read ``field`` on each page, from a cold ORM
    cache, as when the list view shows a page."""
    cr = env.cr
    times, queries, positive = [], [], 0
    for ids in pages:
        env.invalidate_all()
        queries_before, start = cr.sql_log_count, time.perf_counter()
        counts = env["crm.lead"].browse(ids).mapped(field)
        times.append(1000 * (time.perf_counter() - start))
        queries.append(cr.sql_log_count - queries_before)
        positive += sum(1 for count in counts if count)
    return {"ms": times, "queries": queries, "positive": positive}


def creation_values(env, seed):
    """Values of CREATE_COUNT leads as an import brings them: new people, and
    one in eight a known person again (same email or phone)."""
    rng = random.Random(seed)
    env.cr.execute(
        """SELECT email_from, phone FROM crm_lead WHERE email_from IS NOT NULL
            ORDER BY md5(id::text) LIMIT 200"""
    )
    known = env.cr.fetchall()
    countries = [env.ref("base.fr").id, env.ref("base.be").id, False]
    values = []
    for number in range(CREATE_COUNT):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        words = (
            rng.choice(COMPANY_WORDS),
            rng.choice(COMPANY_TRADES),
            rng.choice(LEGAL_FORMS),
        )
        company = " ".join(words).strip()
        if number % DUPLICATE_EVERY == 0:
            email, phone = rng.choice(known)
        else:
            local = strip_accents(f"{first}.{last}{number}").lower()
            email = f"{local}@{rng.choice(PUBLIC_PROVIDERS)}"
            pairs = [
                rng.randrange(10, 59),
                *(rng.randrange(10, 99) for _pair in range(3)),
            ]
            phone = "06 " + " ".join(map(str, pairs))
        values.append(
            {
                "name": f"{company} - {rng.choice(PRODUCTS)}",
                "type": "lead",
                "contact_name": f"{first} {last}",
                "partner_name": company,
                "email_from": email,
                "phone": phone,
                "country_id": rng.choice(countries),
            }
        )
    return values


def measure_creation(registry, values, batch_size, job_seconds=None, queries=None):
    """Seconds to create ``values`` through the ORM ``batch_size`` at a time,
    each batch committed (what the commit does: flush, then the pre-commit
    hooks, core's tracking and the addon's log of saved leads; the
    post-commit wake-up of the job is left out, as core's are), in a
    transaction rolled back so that every measurement runs on the same
    leads. With the addon, if ``job_seconds`` is a list, the seconds the
    scheduled job then takes to score the created leads are appended to it,
    and if ``queries`` is a list, the SQL queries of the creation."""
    with registry.cursor() as cr:
        env = environment(cr)
        Lead = env["crm.lead"]
        start, first_query = time.perf_counter(), cr.sql_log_count
        for index in range(0, len(values), batch_size):
            Lead.create(values[index : index + batch_size])
            env.flush_all()
            cr.precommit.run()
        elapsed = time.perf_counter() - start
        if queries is not None:
            queries.append(cr.sql_log_count - first_query)
        cr.postcommit.clear()
        if job_seconds is not None and "crm.lead.similar.pair" in env:
            start = time.perf_counter()
            while env["crm.lead.similar.pair"]._rescore_step():
                pass  # the job's batches, without its commits
            job_seconds.append(time.perf_counter() - start)
        cr.rollback()
    return elapsed


def check_duplicates_found(env, field, seed):
    """How many generated duplicates list their original, on a sample of
    duplicates that share an email, a customer or names with their original,
    neither of them won (won leads are not offered for merging)."""
    cr = env.cr
    cr.execute(
        SQL(
            """SELECT lead.lead_id, lead.original_id
                 FROM bench_lead lead
                 JOIN bench_person person ON person.p = lead.p
                 JOIN crm_lead original ON original.id = lead.original_id
                 JOIN crm_lead duplicate ON duplicate.id = lead.lead_id
                WHERE original.won_status <> 'won' AND duplicate.active
                  AND duplicate.won_status <> 'won'
                  AND (person.has_partner OR person.has_company_name
                       OR person.has_email AND lead.variant IN (0, 1))
                ORDER BY md5(lead.lead_id::text || %s)
                LIMIT %s""",
            str(seed),
            SANITY_SAMPLE,
        )
    )
    pairs = cr.fetchall()
    env.invalidate_all()
    leads = env["crm.lead"].browse([lead_id for lead_id, _original_id in pairs])
    listed_field = (
        "similar_lead_ids"
        if field == "similar_duplicate_count"
        else "duplicate_lead_ids"
    )
    found = sum(
        1
        for lead, (_lead_id, original_id) in zip(leads, pairs, strict=True)
        if lead[field] > 0 and original_id in lead[listed_field].ids
    )
    counted = sum(1 for lead in leads if lead[field] > 0)
    return {"sample": len(pairs), "found": found, "counted": counted}


def measure_proposal(registry, values, count=20):
    """Milliseconds to save a lead that duplicates a known one and get the
    merge proposal (the form's save, then its check), each rolled back."""
    duplicates = [
        vals for index, vals in enumerate(values) if index % DUPLICATE_EVERY == 0
    ]
    times = []
    with registry.cursor() as cr:
        env = environment(cr)
        for vals in duplicates[:count]:
            start = time.perf_counter()
            lead = env["crm.lead"].create(vals)
            env.flush_all()
            lead.action_similar_proposal()
            times.append(1000 * (time.perf_counter() - start))
            cr.rollback()
    return times


def inserted_leads():
    """Leads inserted (and rolled back) by the creation measurements."""
    return CREATE_BATCH_SIZE + 2 * CREATE_ROUNDS * CREATE_COUNT


def server_version(cr):
    cr.execute("SHOW server_version")
    return cr.fetchone()[0].split()[0]


def measure(registry, env, args):
    """Every measurement of one side (core, or with the addon), to JSON."""
    field = (
        "similar_duplicate_count"
        if "similar_duplicate_count" in env["crm.lead"]._fields
        else "duplicate_lead_count"
    )
    pages = pick_pages(env, args.pages + 1, args.seed)
    measure_pages(env, field, pages[:1])  # warm-up: caches of Odoo and PostgreSQL
    result = {
        "field": field,
        "leads": env["crm.lead"].with_context(active_test=False).search_count([]),
        "postgresql": server_version(env.cr),
        "cpus": os.cpu_count(),
        "page_ids": pages[1:],
        "pages": measure_pages(env, field, pages[1:]),
        "sanity": check_duplicates_found(env, field, args.seed),
    }
    env.cr.rollback()  # no transaction left open on the leads created next
    values = creation_values(env, args.seed)
    measure_creation(registry, values[:CREATE_BATCH_SIZE], CREATE_BATCH_SIZE)  # warm-up
    result["create_batch_s"] = min(
        measure_creation(registry, values, CREATE_BATCH_SIZE)
        for _round in range(CREATE_ROUNDS)
    )
    job_seconds, queries = [], []
    result["create_single_s"] = min(
        measure_creation(registry, values, 1, job_seconds, queries)
        for _round in range(CREATE_ROUNDS)
    )
    result["create_single_queries"] = min(queries) / len(values)
    if job_seconds:
        result["create_job_s"] = min(job_seconds)
    if field == "similar_duplicate_count":
        result["proposal_ms"] = measure_proposal(registry, values)
    # The rolled back leads stay in the indexes until VACUUM: GIN indexes
    # (trigram) keep them in a pending list that every search reads.
    result["pages_after_inserts"] = measure_pages(env, field, pages[1:])
    with open(args.out, "w") as file:
        json.dump(result, file, indent=1)


def summary(times):
    """Mean, median and 95th percentile (nearest rank) of page times."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.mean(ordered), statistics.median(ordered), p95


def speed(core_ms, addon_ms):
    ratio = core_ms / addon_ms
    return f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"


def met(condition):
    return "met" if condition else "**NOT met**"


def report(args):
    """The markdown table of core against the addon, with the targets."""
    with open(args.core) as file:
        core = json.load(file)
    with open(args.addon) as file:
        addon = json.load(file)
    if core["page_ids"] != addon["page_ids"]:
        sys.exit("The two measurements did not read the same pages.")
    leads, pages = addon["leads"], len(addon["page_ids"])
    core_ms, addon_ms = summary(core["pages"]["ms"]), summary(addon["pages"]["ms"])
    core_after, addon_after = (
        summary(core["pages_after_inserts"]["ms"]),
        summary(addon["pages_after_inserts"]["ms"]),
    )
    speed_target = f">= 5x faster: {met(core_ms[0] / addon_ms[0] >= 5)}"
    core_queries, addon_queries = core["pages"]["queries"], addon["pages"]["queries"]
    rows = [
        (
            "page of 80 leads, mean",
            *(f"{ms[0]:.1f} ms" for ms in (core_ms, addon_ms)),
            speed(core_ms[0], addon_ms[0]),
            speed_target,
        ),
        (
            "page of 80 leads, median",
            *(f"{ms[1]:.1f} ms" for ms in (core_ms, addon_ms)),
            speed(core_ms[1], addon_ms[1]),
            "",
        ),
        (
            "page of 80 leads, p95",
            *(f"{ms[2]:.1f} ms" for ms in (core_ms, addon_ms)),
            speed(core_ms[2], addon_ms[2]),
            "",
        ),
        (
            f"page of 80 leads, mean, after {inserted_leads():,} inserts (no VACUUM)",
            f"{core_after[0]:.1f} ms",
            f"{addon_after[0]:.1f} ms",
            speed(core_after[0], addon_after[0]),
            "",
        ),
        (
            "SQL queries per page, mean (max); ratio core / addon",
            f"{statistics.mean(core_queries):.0f} ({max(core_queries)})",
            f"{statistics.mean(addon_queries):.0f} ({max(addon_queries)})",
            f"{statistics.mean(core_queries) / statistics.mean(addon_queries):.1f}x",
            f"<= 3: {met(max(addon_queries) <= 3)}",
        ),
    ]
    for key, label in (
        ("create_batch_s", f"batches of {CREATE_BATCH_SIZE}"),
        ("create_single_s", "one by one"),
    ):
        extra = 100 * (addon[key] / core[key] - 1)
        rows.append(
            (
                f"create {CREATE_COUNT:,} leads, {label}",
                f"{core[key]:.2f} s",
                f"{addon[key]:.2f} s",
                f"{extra:+.1f}%",
                f"< +10%: {met(extra < 10)}",
            )
        )
    if "create_single_queries" in core and "create_single_queries" in addon:
        per_lead = (core["create_single_queries"], addon["create_single_queries"])
        rows.append(
            (
                "SQL queries per lead created one by one",
                f"{per_lead[0]:.1f}",
                f"{per_lead[1]:.1f}",
                f"{per_lead[1] - per_lead[0]:+.1f}",
                "",
            )
        )
    if "create_job_s" in addon:
        rows.append(
            (
                f"then score the {CREATE_COUNT:,} new leads (the job the commits wake)",
                "",
                f"{addon['create_job_s']:.2f} s",
                "",
                "",
            )
        )
    if "proposal_ms" in addon:
        proposal = summary(addon["proposal_ms"])
        rows.append(
            (
                "save a duplicate and get the merge proposal, median (p95)",
                "",
                f"{proposal[1]:.0f} ms ({proposal[2]:.0f} ms)",
                "",
                f"< 100 ms: {met(proposal[1] < 100)}",
            )
        )
    rows += [
        (
            "install (keys and scored pairs of every lead, indexes)",
            "",
            f"{args.install_seconds:.1f} s",
            "",
            "",
        ),
        (
            "leads of the pages with a count > 0",
            *(
                f"{side['pages']['positive']} / {pages * PAGE_SIZE}"
                for side in (core, addon)
            ),
            "",
            "",
        ),
        (
            "generated duplicates listing their original",
            *(
                f"{side['sanity']['found']} / {side['sanity']['sample']}"
                for side in (core, addon)
            ),
            "",
            "all",
        ),
    ]
    output(
        f"\n{leads:,} leads, {pages} random pages of {PAGE_SIZE}, "
        f"PostgreSQL {addon['postgresql']}, {addon['cpus']} CPUs\n",
        "| metric | core | crm_similar_leads | ratio | target |",
        "|---|---:|---:|---:|---|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "\nPer page, ms (mean / median / p95):",
        *(
            f"- {name}: " + " / ".join(f"{ms:.1f}" for ms in times)
            for name, times in (("core", core_ms), ("crm_similar_leads", addon_ms))
        ),
    )
    sample, counted, found = (
        addon["sanity"][k] for k in ("sample", "counted", "found")
    )
    if counted < sample or found < sample:
        sys.exit(
            f"Sanity check failed: of {sample} generated duplicates, {counted} have "
            f"a count > 0 and {found} list their original."
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", help="odoo-bin configuration file")
    parser.add_argument("-d", "--database")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("generate", help="create the leads")
    command.add_argument("--leads", type=int, default=100_000)
    command.add_argument(
        "--shared",
        action="store_true",
        help="values shared by hundreds of leads (mailboxes, switchboards)",
    )
    command = commands.add_parser(
        "measure", help="measure core or the addon, whichever is installed"
    )
    command.add_argument("--pages", type=int, default=20)
    command.add_argument("--seed", type=int, default=42)
    command.add_argument("--out", required=True, help="JSON file to write")
    command = commands.add_parser("report", help="print the table")
    command.add_argument("core", help="JSON file of the core measurement")
    command.add_argument("addon", help="JSON file of the addon measurement")
    command.add_argument("--install-seconds", type=float, required=True)
    args = parser.parse_args()

    if args.command == "report":
        report(args)
        return
    tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = environment(cr)
        if args.command == "generate":
            generate(env, args.leads, shared=args.shared)
        else:
            measure(registry, env, args)


if __name__ == "__main__":
    main()
