"""Generates the leads of ``bench/run`` and ``bench/scan``.

Fills a fresh ``crm`` database with N leads in set-based SQL
(``generate.sql``): people with a few leads each written differently
(duplicates), a big account, public mail providers; with ``--shared`` also
values shared by hundreds of leads (``generate_shared.sql``). Fills core's own
comparison keys as core computes them, so that core runs at its best, and
checks a sample of them against core's code.

    generate.py -c CONFIG -d DATABASE [--leads N] [--shared]
"""

import sys
from contextlib import contextmanager
from pathlib import Path

from bench_common import (
    admin_env,
    argument_parser,
    open_registry,
    output,
    strip_accents,
)

from odoo import tools
from odoo.tools import SQL

HERE = Path(__file__).resolve().parent

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
#: Percent of people with a postal address (street, zip, town); of people
#: living two to a household (every second pair of people), and of people in
#: a building shared by about BUILDING_SIZE of them (a block of flats, a
#: business centre), whose address is the building's.
ADDRESS_PERCENT = 85
HOUSEHOLD_PERCENT = 15
BUILDING_PERCENT = 4
BUILDING_SIZE = 8
# Word lists, several words a line.
# fmt: off
#: Streets and towns (zip of the first district, the districts' count): an
#: address is a house number, a street, a town and a district's zip.
STREETS = [
    "rue de la Paix", "avenue Victor Hugo", "boulevard Gambetta", "rue Pasteur",
    "rue du Général de Gaulle", "chemin des Vignes", "impasse des Lilas",
    "place de la République", "allée des Érables", "rue Saint-Honoré",
    "avenue de la Libération", "rue des Tilleuls", "rue Nationale", "rue de la Gare",
    "rue Jean Jaurès", "route de Lyon", "quai des Chartrons", "cours Mirabeau",
    "rue des Écoles", "boulevard Voltaire", "rue Émile Zola", "avenue Foch",
    "rue du Moulin", "rue de l'Église", "chemin du Lavoir", "rue des Peupliers",
    "avenue Jean Moulin", "rue Carnot", "rue de Verdun", "rue Sainte-Catherine",
]
TOWNS = [
    (75001, "Paris", 20), (69001, "Lyon", 9), (13001, "Marseille", 16),
    (31000, "Toulouse", 6), (33000, "Bordeaux", 3), (44000, "Nantes", 4),
    (59000, "Lille", 3), (67000, "Strasbourg", 3), (34000, "Montpellier", 3),
    (35000, "Rennes", 3), (38000, "Grenoble", 2), (42000, "Saint-Étienne", 2),
    (21000, "Dijon", 2), (37000, "Tours", 2), (49000, "Angers", 2),
    (63000, "Clermont-Ferrand", 2), (76000, "Rouen", 2), (51100, "Reims", 2),
    (87000, "Limoges", 2), (29200, "Brest", 2), (94100, "Saint-Maur-des-Fossés", 1),
    (92100, "Boulogne-Billancourt", 1), (64000, "Pau", 1), (25000, "Besançon", 1),
]
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


def sql_parameters(env, leads, lead_base, partner_base):
    """The named parameters of ``generate.sql``."""
    from odoo.addons.iap.tools import (
        iap_tools,
    )  # importable once the addons path is set

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
        "address_percent": ADDRESS_PERCENT,
        "household_percent": HOUSEHOLD_PERCENT,
        "building_percent": BUILDING_PERCENT,
        "buildings": max(leads * BUILDING_PERCENT // 100 // BUILDING_SIZE, 1),
        "town_zips": [zip_code for zip_code, _town, _districts in TOWNS],
        "town_names": [town for _zip, town, _districts in TOWNS],
        "town_districts": [districts for _zip, _town, districts in TOWNS],
        "n_towns": len(TOWNS),
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
        "streets": STREETS,
        "stages": stages.filtered(lambda stage: not stage.is_won).ids,
    }.items():
        params[name] = list(values)
        params[f"n_{name}"] = len(values)
    for name in ("first", "last", "words", "trades"):
        params[f"{name}_ascii"] = [
            strip_accents(value).lower() for value in params[name]
        ]
    return params


def generate(env, leads, shared=False):
    """Creates ``leads`` leads in set-based SQL, see ``generate.sql`` (and
    ``generate_shared.sql`` with ``shared``)."""
    cr = env.cr
    # A French company: national phone numbers without a country are French.
    env.company.sudo().country_id = env.ref("base.fr")
    env.flush_all()
    cr.execute("SELECT coalesce(max(id), 0) FROM crm_lead")
    lead_base = cr.fetchone()[0]
    cr.execute("SELECT coalesce(max(id), 0) FROM res_partner")
    partner_base = cr.fetchone()[0]
    params = sql_parameters(env, leads, lead_base, partner_base)

    with indexes_rebuilt(cr, "crm_lead"), indexes_rebuilt(cr, "res_partner"):
        cr.execute(SQL((HERE / "generate.sql").read_text(), **params))
        if shared:
            shared_sql = (HERE / "generate_shared.sql").read_text()
            cr.execute(SQL(shared_sql, big_domain=BIG_ACCOUNT_DOMAIN))
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


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument(
        "--shared",
        action="store_true",
        help="values shared by hundreds of leads (mailboxes, switchboards)",
    )
    args = parser.parse_args()
    registry = open_registry(args, "--log-level=warn")
    with registry.cursor() as cr:
        generate(admin_env(cr), args.leads, shared=args.shared)


if __name__ == "__main__":
    main()
