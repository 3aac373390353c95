"""Labelled CRM leads for measuring duplicate detection (precision and recall).

``generate()`` writes leads the way French, German and English users type them.
Leads sharing an ``entity`` are true duplicates (one person, one request); the
traps (colleagues behind one switchboard, namesakes, several deals of one
customer...) each have an entity of their own. Standard library only, seeded:
the generator knows nothing of any matching algorithm.
"""

import itertools
import random
import re
import unicodedata
from collections import Counter

# fmt: off
FIRST = {
    "fr": ["Pierre", "Marie", "Jean", "Sophie", "Nicolas", "Isabelle", "Philippe",
           "Nathalie", "Laurent", "Céline", "François", "Hélène", "Jérôme", "Valérie",
           "Stéphane", "Sandrine", "Frédéric", "Émilie", "Sébastien", "Aurélie",
           "Chloé", "Benoît", "Léa", "Olivier", "Camille", "Julien", "Élodie", "Inès",
           "Mathieu", "Antoine", "Zoé", "Guillaume", "Anaïs", "Vincent", "Manon",
           "Jean-Pierre", "Marie-Claire", "Anne-Sophie", "Gaëlle", "Rémi", "Cécile"],
    "de": ["Jürgen", "Lukas", "Jonas", "Anna", "Sophie", "Maximilian", "Felix",
           "Leonie", "Hannah", "Jörg", "Björn", "Günter", "Uwe", "Sabine", "Ute",
           "Katharina", "Stefan", "Andreas", "Michael", "Thomas", "Julia", "Lena",
           "Tobias", "Sören", "Bärbel", "Dörte", "Mareike", "Jens", "Kai", "Birgit",
           "Franziska", "Klaus", "Heike", "Moritz", "Jan", "Svenja", "Käthe", "Niklas"],
    "en": ["John", "James", "Oliver", "Emma", "Olivia", "Amelia", "Harry", "George",
           "Jack", "Charlotte", "Sophie", "Emily", "William", "Thomas", "Daniel",
           "Sarah", "Rebecca", "Laura", "Michael", "David", "Robert", "Jessica",
           "Hannah", "Lucy", "Matthew", "Andrew", "Chloe", "Grace", "Samuel", "Megan",
           "Ruth", "Ian", "Gareth", "Siobhan", "Niamh", "Rhys", "Fiona", "Callum"],
}
LAST = {
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
           "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
           "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
           "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
           "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Perrin",
           "Clément", "Gauthier", "Fontaine", "Chevalier", "Lévêque", "Hébert"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
           "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter",
           "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
           "Krüger", "Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann",
           "Köhler", "Herrmann", "König", "Huber", "Kaiser", "Fuchs", "Peters",
           "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Günther", "Groß", "Jäger"],
    "en": ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans",
           "Wilson", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker",
           "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke",
           "Patel", "Jackson", "Wood", "Turner", "Cooper", "Hill", "Ward", "Morris",
           "Moore", "King", "Baker", "Harrison", "Morgan", "Allen", "Scott", "Watson",
           "Parker", "Price", "Bennett", "Griffiths", "O'Brien", "Murphy", "Kelly"],
}
TRADES = {
    "fr": ["Atelier", "Menuiserie", "Boulangerie", "Garage", "Cabinet", "Pharmacie",
           "Plomberie", "Charpente", "Transports", "Électricité", "Maçonnerie"],
    "de": ["Holzbau", "Autohaus", "Elektro", "Bäckerei", "Dachdeckerei", "Sanitär",
           "Malerbetrieb", "Zimmerei", "Metallbau", "Steuerkanzlei", "Ingenieurbüro"],
    "en": ["Joinery", "Plumbing", "Builders", "Electrical", "Roofing", "Consulting",
           "Logistics", "Bakery", "Motors", "Landscapes", "Design"],
}
PRODUCTS = {
    "fr": ["Insert à granulés", "Pompe à chaleur", "Isolation des combles", "Toiture",
           "Fenêtres PVC", "Cuisine sur mesure", "Panneaux solaires", "Chaudière gaz",
           "Véranda", "Portail motorisé", "Salle de bain", "Ravalement de façade"],
    "de": ["Dachsanierung", "Wärmepumpe", "Photovoltaikanlage", "Badsanierung",
           "Fenstertausch", "Heizungsmodernisierung", "Einbauküche", "Carport",
           "Fassadendämmung", "Wallbox", "Parkett"],
    "en": ["Loft conversion", "Solar panels", "Kitchen refit", "Boiler replacement",
           "Double glazing", "Roof repair", "Extension", "Garden landscaping",
           "Office fit-out", "EV charger", "Bathroom renovation"],
}
TITLES = {
    "fr": ["{last} - {product} - Estimation", "Demande de devis {low}",
           "{product} - devis", "Devis {low} {city}", "Formulaire site : {low}",
           "{company} - {product}", "Rappel {low}"],
    "de": ["Anfrage {product}", "{last} - {product}", "Angebot {product} {city}",
           "Kontaktformular: {product}", "{company}: {product}", "Rückruf {product}"],
    "en": ["Website quote request", "Quote request - {low}", "{product} enquiry",
           "{last} - {product}", "{company} / {product}", "Callback: {low}",
           "Website quote request ({low})"],
}
REWORDED = {
    "fr": ["Projet {low} - {last}", "Offre {low}", "{last} : proposition {low}"],
    "de": ["Projekt {product} {last}", "Angebot {product} für {last}",
           "Auftrag {product}"],
    "en": ["{product} - proposal for {last}", "{product} project", "Proposal: {low}"],
}
CITIES = {
    "fr": ["Lyon", "Nice", "Nantes", "Lille", "Rennes", "Bordeaux", "Toulouse"],
    "de": ["Berlin", "Hamburg", "München", "Köln", "Stuttgart", "Leipzig", "Nürnberg"],
    "en": ["London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "Boston"],
}
PUBLIC = {
    "FR": ["orange.fr", "free.fr", "wanadoo.fr", "laposte.net", "gmail.com",
           "gmail.com", "hotmail.fr", "sfr.fr", "yahoo.fr"],
    "DE": ["gmx.de", "web.de", "t-online.de", "gmail.com", "gmail.com", "gmx.net"],
    "GB": ["gmail.com", "gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com"],
    "US": ["gmail.com", "gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
}
FORMS = {"FR": ["SARL", "SAS", "EURL", "SA"], "GB": ["Ltd", "Ltd", "Ltd", "plc"],
         "DE": ["GmbH", "GmbH", "AG", "KG", "e.K.", "GmbH & Co. KG"],
         "US": ["Inc", "LLC"]}
TLD = {"FR": [".fr", ".fr", ".com"], "DE": [".de"], "GB": [".co.uk", ".com"],
       "US": [".com"]}
LANG = {"FR": "fr", "DE": "de", "GB": "en", "US": "en"}
FAMILY = {"fr": "& Fils", "de": "& Söhne", "en": "& Sons"}
AGENCY = {"fr": "Agence Immobilière", "de": "Immobilien Partner",
          "en": "Premier Estates"}
#: Organisations for the switchboard and big-account traps.
ORGS = [("FR", "Clinique du Parc"), ("FR", "Groupe Hexagone"), ("FR", "Lycée Fabre"),
        ("DE", "Stadtwerke Neustadt"), ("DE", "Klinikum Nordstadt"),
        ("DE", "Spedition Krüger"), ("GB", "Northwind Logistics"),
        ("GB", "Albion Insurance"), ("GB", "Riverside College"),
        ("US", "Lakeside Clinic"), ("FR", "Mutuelle Atlantique")]
COMMON = [("FR", "Pierre", "Martin"), ("FR", "Marie", "Dubois"),
          ("GB", "John", "Smith"), ("DE", "Thomas", "Müller"),
          ("DE", "Michael", "Schmidt"), ("US", "David", "Jones")]
SIMILAR_FIRST = [("Anna", "Anne"), ("Marie", "Maria"), ("Louis", "Louise"),
                 ("Jan", "Jana"), ("Daniel", "Daniela"), ("Paul", "Paula"),
                 ("Simon", "Simone"), ("Christian", "Christiane"), ("Julien", "Julie")]
DE_AREAS = ["30", "40", "89", "221", "69", "711", "211", "351", "341", "511", "7071"]
DE_MOBILE = ["151", "152", "160", "162", "170", "171", "176", "179"]
UK_FIXED = [("20", "7946 0"), ("191", "498 0")] + [(area, "496 0") for area in (
    "113", "114", "115", "116", "117", "118", "121", "131", "141", "151", "161")]
US_AREAS = ["202", "212", "305", "312", "415", "617", "646", "718", "404", "206"]
STYLES, STYLE_WEIGHTS = ["national", "intl", "compact", "tight"], [55, 30, 7, 8]
TAGS = ["crm", "news", "web", "shop", "quotes", "promo", "2024"]
VARIATIONS = [  # case name, what it changes, weight
    ("email_case", "email", 6), ("display_name", "email", 5),
    ("plus_tag", "email", 6), ("gmail_dots", "email", 6),
    ("provider_change", "email", 5), ("phone_format", "phone", 8),
    ("missing_country", "phone", 6), ("swapped_name", "name", 7),
    ("initial_name", "name", 6), ("typo_contact", "name", 6),
    ("accents_dropped", "name", 6), ("typo_company", "company", 5),
    ("legal_form", "company", 5), ("lost_copy", "meta", 5),
    ("opportunity_copy", "meta", 6),
    ("same_partner", "meta", 5),  # last: never a second variation
]
TRAPS = ["switchboard_colleagues", "big_account", "shared_mailboxes",
         "namesake_branches", "customer_deals", "similar_emails", "common_namesakes"]
FIELD = {"email": "email_from", "phone": "phone"}
#: What a copy starts as before its variations: a new, open lead, unlinked.
COPY_RESET = {"ref": "", "type": "lead", "lost": False, "partner": None,
              "commercial": None, "expected_revenue": 0.0}
# fmt: on
CATEGORY = {name: category for name, category, _weight in VARIATIONS}
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def translit(text, umlauts=False):
    """text without accents; German umlauts as ae/oe/ue when umlauts."""
    for char, ascii_ in UMLAUTS.items() if umlauts else ():
        text = text.replace(char, ascii_)
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(text, lang, sep=""):
    """Lower-case ASCII words of text joined by sep (inner hyphens kept)."""
    ascii_ = translit(text, lang == "de").lower().replace("'", "")
    return sep.join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", ascii_))


def fmt_phone(phone, style):
    """A phone (region, area, number) written in one of STYLES."""
    region, area, num = phone
    digits = area + num.replace(" ", "")
    if region == "FR":
        num = " ".join(num[i : i + 2] for i in range(0, 8, 2))
    code = {"FR": "33", "DE": "49", "GB": "44", "US": "1"}[region]
    if region == "US":
        head, tail = num.split()
        national, tight = f"({area}) {head}-{tail}", f"{area}-{head}-{tail}"
    else:
        national = f"0{area} {num}"
        tight = f"0{area}/{num}" if region == "DE" else f"0{digits}"
    compact = f"00{code}{digits}" if region in ("FR", "DE") else f"+{code}{digits}"
    return {
        "national": national,
        "intl": f"+{code} {area} {num}" if region != "US" else f"+1 {area} {num}",
        "compact": compact,
        "tight": tight,
    }[style]


class _Generator:
    def __init__(self, seed, scale):
        self.rng, self.scale = random.Random(seed), scale
        self.emails, self.phones, self.domains = set(), set(), set()
        self.entities, self.counter = itertools.count(1), itertools.count(1)
        self.orgs = self.rng.sample(ORGS, len(ORGS))

    # --- building blocks ----------------------------------------------------
    def key(self, prefix):
        return f"{prefix}-{next(self.counter)}"

    def region(self):
        return self.rng.choices(["FR", "DE", "GB", "US"], [40, 30, 21, 9])[0]

    def size(self, low, mid, high):
        """A group size: low..mid for 5,000 leads, scaled, at most high."""
        return max(1, min(high, round(self.rng.randint(low, mid) * self.scale)))

    def amount(self):
        return float(self.rng.randrange(8, 400) * 100)

    def take(self, address):
        """Reserves an address (Gmail ignores dots); False if already used."""
        local, domain = address.lower().split("@")
        if domain in ("gmail.com", "googlemail.com"):
            local, domain = local.replace(".", ""), "gmail.com"
        fresh = (local, domain) not in self.emails
        self.emails.add((local, domain))
        return fresh

    def new_email(self, first, last, lang, domain, public):
        r, f, la = self.rng, slug(first, lang), slug(last, lang)
        styles = ["{f}.{l}", "{i}{l}", "{f}{l}", "{l}.{f}", "{f}_{l}", "{i}.{l}"]
        styles.append("{f}.{l}{n}" if public else "{f}")
        for attempt in itertools.count():
            local = r.choice(styles).format(f=f, l=la, i=f[0], n=r.randint(1, 99))
            if attempt > 4 or (public and r.random() < 0.25):
                local += str(r.randint(1, 999))
            if self.take(f"{local}@{domain}"):
                return f"{local}@{domain}"

    def new_phone(self, region, mobile=None):
        r = self.rng
        mobile = r.random() < 0.5 if mobile is None else mobile
        for attempt in itertools.count():
            digits = "".join(r.choices("0123456789", k=8))
            if region == "FR":
                phone = (region, r.choice("67" if mobile else "12345"), digits)
            elif region == "DE":
                area = r.choice(DE_MOBILE if mobile else DE_AREAS)
                size = 8 if area.startswith("15") else 7 if mobile else 10 - len(area)
                phone = (region, area, str(r.randint(2, 9)) + digits[: size - 1])
            elif region == "GB" and attempt < 30:  # Ofcom's ranges kept for drama
                area, head = ("7700", "900") if mobile else r.choice(UK_FIXED)
                phone = (region, area, head + digits[:3])
            elif region == "GB":  # drama ranges crowded: an ordinary number
                area = r.choice(["7700", "7911", "7812"]) if mobile else "20"
                number = f"{digits[:6]}" if mobile else f"7{digits[:3]} {digits[3:7]}"
                phone = (region, area, number)
            else:
                exchange = r.choice([n for n in range(201, 990) if n % 100 != 11])
                exchange = 556 if exchange == 555 else exchange  # 555: fictional
                phone = (region, r.choice(US_AREAS), f"{exchange} {digits[:4]}")
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def new_company(self, region, base=None, owner=None):
        r, lang = self.rng, LANG[region]
        if base is None:
            last, trade = owner or r.choice(LAST[lang]), r.choice(TRADES[lang])
            base = f"{last} {trade}" if lang == "en" else f"{trade} {last}"
            base = f"{last} {FAMILY[lang]}" if r.random() < 0.15 else base
        tld = r.choice(TLD[region])
        stem = slug(base, lang, "-" if lang != "en" or r.random() < 0.5 else "")
        domain, n = stem + tld, 1
        while domain in self.domains:
            n += 1
            domain = f"{stem}-{n}{tld}"
        self.domains.add(domain)
        return {
            "key": self.key("company"),
            "base": base,
            "domain": domain,
            "form": r.choice(FORMS[region]),
            "with_form": r.random() < 0.7,
        }

    def role_mailbox(self, company):
        name = self.rng.choice(["info", "contact", "office", "hello"])
        self.take(f"{name}@{company['domain']}")
        return f"{name}@{company['domain']}"

    def new_person(self, region, company=None, public=False, first=None, last=None,
                   phone=True, email=None, seen=None):  # fmt: skip
        """A person; with seen (names taken at company), one of a new name."""
        r, lang = self.rng, LANG[region]
        while not (first and last) or (seen is not None and (first, last) in seen):
            first, last = r.choice(FIRST[lang]), r.choice(LAST[lang])
        if seen is not None:
            seen.add((first, last))
        domain = r.choice(PUBLIC[region]) if public else company["domain"]
        return {
            "region": region,
            "lang": lang,
            "first": first,
            "last": last,
            "company": company,
            "public": public,
            "product": r.choice(PRODUCTS[lang]),
            "style": r.choices(STYLES, STYLE_WEIGHTS)[0],
            "email": email or self.new_email(first, last, lang, domain, public),
            "phone": self.new_phone(region) if phone else None,
        }

    def title(self, p, reworded=False, product=None):
        r, product = self.rng, product or p["product"]
        company = p["company"]["base"] if p["company"] else p["last"]
        template = r.choice((REWORDED if reworded else TITLES)[p["lang"]])
        return template.format(
            last=p["last"],
            product=product,
            low=product.lower(),
            city=r.choice(CITIES[p["lang"]]),
            company=company,
        )

    def make_lead(self, p, case, **values):
        r, company = self.rng, p["company"]
        opportunity = r.random() < 0.25
        partner_name = company["base"] if company else ""
        if company and company["with_form"]:
            partner_name += " " + company["form"]
        lead = {
            "ref": "",
            "entity": next(self.entities),
            "case": case,
            "lang": p["lang"],
            "name": self.title(p),
            "type": "opportunity" if opportunity else "lead",
            "contact_name": f"{p['first']} {p['last']}",
            "partner_name": partner_name,
            "email_from": p["email"] or "",
            "phone": fmt_phone(p["phone"], p["style"]) if p["phone"] else "",
            "country": p["region"],
            "partner": None,
            "commercial": None,
            "expected_revenue": self.amount() if opportunity else 0.0,
            "lost": r.random() < 0.06,
            "_p": p,
        }
        lead.update(values)
        return lead

    def link_partner(self, lead, company):
        lead["partner"] = self.key("contact")
        lead["commercial"] = company["key"] if company else lead["partner"]

    def typo(self, word):
        """word with one inner letter dropped, doubled, swapped or replaced."""
        r = self.rng
        while True:
            i = r.randrange(1, max(2, len(word) - 1))
            head, letter, tail = word[:i], word[i], word[i + 1 :]
            swapped = head + tail[:1] + letter + tail[1:]
            replaced = head + r.choice("aeinorstlu") + tail
            new = r.choice(
                [head + tail, head + letter + letter + tail, swapped, replaced]
            )
            if new != word:
                return new

    # --- plain leads and their duplicates -----------------------------------
    def plain_lead(self):
        r, region = self.rng, self.region()
        first, last = r.choice(FIRST[LANG[region]]), r.choice(LAST[LANG[region]])
        public = r.random() < 0.45
        company = None
        if not public or r.random() < 0.35:
            company = self.new_company(region, owner=last if r.random() < 0.3 else None)
        p = self.new_person(region, company, public, first, last, r.random() < 0.85)
        lead = self.make_lead(p, "plain")
        p["lead"] = lead  # for same_partner copies
        if r.random() < 0.04:
            lead["country"] = None
        if p["phone"] and r.random() < 0.05:
            lead["email_from"] = ""
        if r.random() < 0.15:
            self.link_partner(lead, company)
        return lead

    def duplicate(self, originals):
        """A later copy of an original, written with one or two variations."""
        r = self.rng
        names, weights = zip(*[(name, w) for name, _cat, w in VARIATIONS], strict=True)
        most = 2 if r.random() < 0.15 else 1  # copies an original may have
        main = r.choices(names, weights)[0]
        for attempt in itertools.count(1):
            orig = r.choice(originals)
            if orig["_p"].get("copies", 0) >= most and attempt < 600:
                continue
            copy = {**orig, **COPY_RESET}
            if r.random() < 0.4:
                copy["name"] = self.title(orig["_p"])
            if self.vary(main, copy, orig):
                break
            main = r.choices(names, weights)[0] if attempt % 60 == 0 else main
        applied = [main]
        if r.random() < 0.35:
            for second in r.choices(names[:-1], weights[:-1], k=10):
                if CATEGORY[second] != CATEGORY[main] and self.vary(second, copy, orig):
                    applied.append(second)
                    break
        self.drop_contact_point(copy, applied)
        orig["_p"]["copies"] = orig["_p"].get("copies", 0) + 1
        orig["case"] = main if orig["case"] == "plain" else orig["case"]
        copy["case"] = main
        return copy

    def drop_contact_point(self, copy, applied):
        """Sometimes drops the email or phone that no variation changed."""
        if not (copy["email_from"] and copy["phone"]) or self.rng.random() >= 0.25:
            return
        changed = {CATEGORY[name] for name in applied}
        if "provider_change" in applied:
            changed.add("phone")  # the phone is then the only link: kept
        drops = [FIELD[cat] for cat in ("email", "phone") if cat not in changed]
        if drops:
            copy[self.rng.choice(drops)] = ""

    def vary(self, name, copy, orig):
        """Writes variation name into copy; False when it does not fit orig."""
        email = copy["email_from"]
        plain_email = email and "<" not in email and "+" not in email
        local, domain = email.split("@") if plain_email else (None, None)
        if CATEGORY[name] == "email" and not local:
            return False
        if CATEGORY[name] == "phone" and not copy["phone"]:
            return False
        return getattr(self, "_" + name)(copy, orig["_p"], local, domain) is not False

    # --- variations: each retypes the original into the copy c --------------
    def _email_case(self, c, p, local, domain):
        upper, title = c["email_from"].upper(), f"{local.title()}@{domain}"
        capitalized = f"{local.capitalize()}@{domain.capitalize()}"
        c["email_from"] = self.rng.choice([upper, title, capitalized])

    def _display_name(self, c, p, local, domain):
        r, first, last, email = self.rng, p["first"], p["last"], c["email_from"]
        shown = r.choice([first, f"{first} {last}", f"{last.upper()} {first}"])
        email = r.choice([email, email[0].upper() + email[1:]])
        c["email_from"] = (
            f'"{shown}" <{email}>' if r.random() < 0.6 else f"{shown} <{email}>"
        )

    def _plus_tag(self, c, p, local, domain):
        c["email_from"] = f"{local}+{self.rng.choice(TAGS)}@{domain}"

    def _gmail_dots(self, c, p, local, domain):
        if domain != "gmail.com":
            return False
        r, bare = self.rng, local.replace(".", "")
        i = r.randrange(1, len(bare))
        new = bare if "." in local and r.random() < 0.6 else f"{bare[:i]}.{bare[i:]}"
        if new != local and r.random() < 0.7:
            c["email_from"] = f"{new}@gmail.com"
        else:
            c["email_from"] = f"{r.choice([local, new])}@googlemail.com"

    def _provider_change(self, c, p, local, domain):
        if not (p["public"] and c["phone"]):
            return False
        r = self.rng
        new_domain = r.choice([d for d in PUBLIC[p["region"]] if d != domain])
        if r.random() < 0.5 and self.take(f"{local}@{new_domain}"):
            c["email_from"] = f"{local}@{new_domain}"
        else:
            c["email_from"] = self.new_email(
                p["first"], p["last"], p["lang"], new_domain, True
            )

    def _phone_format(self, c, p, local, domain):
        style = self.rng.choice([s for s in STYLES if s != p["style"]])
        c["phone"] = fmt_phone(p["phone"], style)

    def _missing_country(self, c, p, local, domain):
        if not c["country"]:
            return False
        c["country"] = None
        c["phone"] = fmt_phone(p["phone"], self.rng.choice(["national", "tight"]))

    def _swapped_name(self, c, p, local, domain):
        first, last = p["first"], p["last"]
        c["contact_name"] = self.rng.choice(
            [f"{last.upper()} {first}", f"{last} {first}", f"{last.upper()}, {first}"]
        )

    def _initial_name(self, c, p, local, domain):
        c["contact_name"] = f"{p['first'][0]}. {p['last']}"

    def _typo_contact(self, c, p, local, domain):
        first, last = p["first"], p["last"]
        if len(last) > 3 and self.rng.random() < 0.7:
            c["contact_name"] = f"{first} {self.typo(last)}"
        else:
            c["contact_name"] = f"{self.typo(first)} {last}"

    def _accents_dropped(self, c, p, local, domain):
        if c["contact_name"].isascii() and c["partner_name"].isascii():
            return False
        umlauts = p["lang"] == "de" and self.rng.random() < 0.5  # Müller: Mueller
        c["contact_name"] = translit(c["contact_name"], umlauts)
        c["partner_name"] = translit(c["partner_name"], umlauts)

    def _typo_company(self, c, p, local, domain):
        words = c["partner_name"].split()
        if not words or max(map(len, words)) < 4:
            return False
        i = max(range(len(words)), key=lambda k: len(words[k]))
        c["partner_name"] = " ".join([*words[:i], self.typo(words[i]), *words[i + 1 :]])

    def _legal_form(self, c, p, local, domain):
        typed = c["partner_name"]
        if not (p["company"] and typed):
            return False
        form = p["company"]["form"]
        if typed.endswith(" " + form):
            c["partner_name"] = typed[: -len(form) - 1]
        else:
            c["partner_name"] = f"{typed} {form}"

    def _lost_copy(self, c, p, local, domain):
        c["lost"] = True

    def _opportunity_copy(self, c, p, local, domain):
        c.update(type="opportunity", name=self.title(p, reworded=True))
        c["expected_revenue"] = self.amount()

    def _same_partner(self, c, p, local, domain):
        orig = p["lead"]
        if not orig["partner"]:
            self.link_partner(orig, p["company"])
        c.update(partner=orig["partner"], commercial=orig["commercial"])
        c["name"] = orig["name"]

    # --- traps: leads that look alike but are never duplicates --------------
    def switchboard_colleagues(self, leads):
        r = self.rng
        for _org in range(r.choice((3, 4))):
            region, base = self.orgs.pop()
            company, seen = self.new_company(region, base), set()
            board, role = self.new_phone(region, False), self.role_mailbox(company)
            for _person in range(self.size(40, 150, 300)):
                p = self.new_person(region, company, seen=seen)
                p["phone"] = board if r.random() < 0.8 else p["phone"]
                lead = self.make_lead(p, "switchboard_colleague")
                lead["email_from"] = role if r.random() < 0.15 else lead["email_from"]
                if r.random() < 0.15:
                    self.link_partner(lead, company)
                leads.append(lead)

    def big_account(self, leads):
        region, base = self.orgs.pop()
        company, seen = self.new_company(region, base), set()
        for _person in range(self.size(200, 320, 500)):
            phone = self.rng.random() < 0.7
            p = self.new_person(region, company, phone=phone, seen=seen)
            leads.append(self.make_lead(p, "big_account"))
            if self.rng.random() < 0.1:
                self.link_partner(leads[-1], company)

    def shared_mailboxes(self, leads):
        for _org in range(round(12 * self.scale)):
            region = self.region()
            company, seen = self.new_company(region), set()
            role = self.role_mailbox(company)
            for _person in range(self.rng.randint(2, 4)):
                phone = self.rng.random() < 0.7
                p = self.new_person(region, company, phone=phone, seen=seen)
                leads.append(self.make_lead(p, "shared_mailbox", email_from=role))

    def namesake_branches(self, leads):
        r = self.rng
        for _name in range(round(15 * self.scale)):
            region = self.region()
            lang = LANG[region]
            first, last = r.choice(FIRST[lang]), r.choice(LAST[lang])
            trade = r.choice(TRADES[lang])
            if r.random() < 0.5:
                base = f"{last} {trade}" if lang == "en" else f"{trade} {last}"
                branches = [str(n) for n in r.sample(range(10, 96), r.randint(2, 3))]
            else:
                base, branches = AGENCY[lang], r.sample(CITIES[lang], r.randint(2, 3))
            for branch in branches:
                company = self.new_company(region, f"{base} {branch}")
                p = self.new_person(region, company, first=first, last=last)
                leads.append(self.make_lead(p, "namesake_branch"))

    def customer_deals(self, leads):
        r = self.rng
        for _customer in range(round(15 * self.scale)):
            region = self.region()
            company = self.new_company(region) if r.random() < 0.7 else None
            p = self.new_person(region, company, public=not company or r.random() < 0.2)
            first = self.make_lead(p, "customer_other_deal", type="opportunity")
            first["expected_revenue"] = self.amount()
            self.link_partner(first, company)
            leads.append(first)
            others = [x for x in PRODUCTS[p["lang"]] if x != p["product"]]
            for product in r.sample(others, r.randint(2, 4)):
                name = self.title(p, r.random() < 0.5, product)
                deal = {**first, "entity": next(self.entities), "name": name}
                deal.update(expected_revenue=self.amount(), lost=r.random() < 0.15)
                leads.append(deal)

    def similar_emails(self, leads):
        r, pairs = self.rng, 0
        while pairs < round(20 * self.scale):
            region = self.region()
            lang, public = LANG[region], r.random() < 0.3
            company = None if public else self.new_company(region)
            domain = r.choice(PUBLIC[region]) if public else company["domain"]
            last = r.choice(LAST[lang])
            if r.random() < 0.6:  # anna.mueller@ and anne.mueller@
                firsts = r.choice(SIMILAR_FIRST)
                locals_ = [f"{slug(f, lang)}.{slug(last, lang)}" for f in firsts]
            else:  # p.smith@ and j.smith@
                firsts = r.sample(FIRST[lang], 2)
                locals_ = [f"{slug(f, lang)[0]}.{slug(last, lang)}" for f in firsts]
            emails = [f"{local}@{domain}" for local in locals_]
            if locals_[0] == locals_[1] or not all(self.take(e) for e in emails):
                continue
            pairs += 1
            for first, email in zip(firsts, emails, strict=True):
                p = self.new_person(region, company, public, first, last, email=email)
                leads.append(self.make_lead(p, "similar_email"))

    def common_namesakes(self, leads):
        r = self.rng
        for _name in range(round(10 * self.scale)):
            region, first, last = r.choice(COMMON)
            for _person in range(r.randint(3, 6)):
                company = self.new_company(region) if r.random() < 0.5 else None
                p = self.new_person(region, company, True, first, last)
                leads.append(self.make_lead(p, "common_namesake"))


def generate(leads=5000, seed=19):
    """Returns a list of dicts, one per lead, deterministic for a seed."""
    g = _Generator(seed, leads / 5000)
    traps = []
    for kind in TRAPS:
        getattr(g, kind)(traps)
    g.rng.shuffle(traps)
    del traps[leads // 2 :]  # small sets: traps take at most half
    copies = min(round(leads / 8.5), (leads - len(traps)) // 2)
    tokens = ["T"] * len(traps) + ["D"] * copies + ["O"] * (leads - len(traps) - copies)
    g.rng.shuffle(tokens)
    if copies and tokens.index("D") < tokens.index("O"):  # an original comes first
        first_copy, first_original = tokens.index("D"), tokens.index("O")
        tokens[first_copy], tokens[first_original] = "O", "D"
    out, originals, next_trap = [], [], iter(traps)
    for token in tokens:
        if token == "T":
            out.append(next(next_trap))
        elif token == "O":
            originals.append(g.plain_lead())
            out.append(originals[-1])
        else:
            out.append(g.duplicate(originals))
    entities = {}
    for number, lead in enumerate(out, 1):
        entity = entities.setdefault(lead["entity"], len(entities) + 1)
        lead.update(ref=f"L{number:05d}", entity=entity)
        del lead["_p"]
    return out


# --- B2C: people known by their name and postal address (issue 24) ---------
# A separate set (``generate_b2c``, its own seed): the 5,000 leads above and
# their figures do not move.

# fmt: off
#: Streets: (type, name) as the post writes them; German types glued or not.
B2C_STREETS = {
    "fr": [("rue", "de la Paix"), ("avenue", "Victor Hugo"),
           ("boulevard", "Jean Jaurès"), ("rue", "du Général de Gaulle"),
           ("impasse", "des Lilas"), ("chemin", "des Vignes"),
           ("place", "de la République"), ("allée", "des Érables"),
           ("rue", "Saint-Honoré"), ("rue", "Pasteur"),
           ("avenue", "de la Libération"), ("boulevard", "Gambetta")],
    "de": [("straße", "Haupt"), ("straße", "Bahnhof"), ("straße", "Schiller"),
           ("straße", "Goethe"), ("weg", "Birken"), ("platz", "Markt"),
           ("allee", "Linden"), ("straße", "König"), ("weg", "Mühl"),
           ("straße", "Berliner "), ("straße", "Schloß"), ("gasse", "Kirch")],
    "en": [("Street", "High"), ("Road", "Station"), ("Lane", "Church"),
           ("Avenue", "Park"), ("Lane", "Mill"), ("Road", "Victoria"),
           ("Street", "King"), ("Drive", "Queen's"), ("Street", "Baker"),
           ("Close", "Green"), ("Crescent", "Albert"), ("Road", "Manor")],
}
#: Towns: (zip, the town as the post writes it, other ways people write it).
B2C_TOWNS = {
    "fr": [("75015", "Paris", ["Paris 15e", "PARIS", "Paris 15ème arrondissement"]),
           ("69003", "Lyon", ["Lyon 3e", "LYON", "Lyon 3e arrondissement"]),
           ("42000", "Saint-Étienne", ["St Etienne", "ST-ETIENNE", "Saint Etienne"]),
           ("44000", "Nantes", ["NANTES"]),
           ("59000", "Lille", ["LILLE", "Lille Cedex"]),
           ("33000", "Bordeaux", ["BORDEAUX"]), ("31000", "Toulouse", ["TOULOUSE"]),
           ("94100", "Saint-Maur-des-Fossés",
            ["St Maur des Fosses", "ST-MAUR-DES-FOSSES"])],
    "de": [("79098", "Freiburg im Breisgau", ["Freiburg", "Freiburg i. Br."]),
           ("60311", "Frankfurt am Main",
            ["Frankfurt", "Frankfurt a. M.", "Frankfurt/Main"]),
           ("50667", "Köln", ["Koeln", "KÖLN"]),
           ("80331", "München", ["Muenchen", "MÜNCHEN"]),
           ("10115", "Berlin", ["BERLIN"]), ("20095", "Hamburg", ["HAMBURG"]),
           ("90402", "Nürnberg", ["Nuernberg", "Nurnberg"])],
    "en": [("M1 1AE", "Manchester", ["MANCHESTER"]), ("LS1 4AP", "Leeds", ["LEEDS"]),
           ("BS1 5TR", "Bristol", ["BRISTOL"]), ("G1 1XQ", "Glasgow", ["GLASGOW"]),
           ("CF10 1EP", "Cardiff", ["CARDIFF"]), ("SW1A 1AA", "London", ["LONDON"]),
           ("YO1 7HH", "York", ["YORK"])],
}
B2C_REGION = {"fr": "FR", "de": "DE", "en": "GB"}
#: How each language abbreviates its street types.
B2C_ABBREVIATIONS = {
    "rue": ["r.", "R."], "avenue": ["av.", "Av.", "ave"],
    "boulevard": ["bd", "Bd", "blvd"],
    "impasse": ["imp.", "Imp."], "chemin": ["ch.", "Ch."], "place": ["pl.", "Pl."],
    "allée": ["all.", "allee"], "straße": ["str.", "strasse", "Str."], "weg": ["Weg"],
    "platz": ["pl.", "Platz"], "allee": ["Allee"], "gasse": ["Gasse"],
    "Street": ["St", "St.", "street"], "Road": ["Rd", "Rd."], "Lane": ["Ln"],
    "Avenue": ["Ave", "Av."], "Drive": ["Dr"], "Close": ["Cl"], "Crescent": ["Cres"],
}
#: Flats, as each language writes them: (template, how often it is moved).
B2C_UNITS = {"fr": ["Appt {n}", "Bât. {b}, appt {n}", "{f}e étage, appt {n}"],
             "de": ["Wohnung {n}", "{f}. OG, Wohnung {n}", "Whg. {n}"],
             "en": ["Flat {n}", "Apartment {n}", "Floor {f}, Flat {n}"]}
B2C_TRAPS = ["household", "neighbours", "flats", "namesake_elsewhere"]
# fmt: on


class _B2CGenerator(_Generator):
    """B2C leads: a person's name and postal address, a phone at most."""

    def street_line(self, lang, street, number, unit=None):
        """An address line as the post writes it."""
        kind, name = street
        if lang == "fr":
            return f"{number} {kind} {name}"
        if lang == "de":
            glued = kind != "allee" or self.rng.random() < 0.5
            return (
                f"{name}{kind} {number}" if glued else f"{name} {kind.title()} {number}"
            )
        return f"{number} {name} {kind}"

    def address(self, lang, street=None, number=None, town=None, unit=None):
        r = self.rng
        street = street or r.choice(B2C_STREETS[lang])
        town = town or r.choice(B2C_TOWNS[lang])
        number = number or r.randint(1, 180)
        return {"street": street, "number": number, "town": town, "unit": unit}

    def typed_address(self, lang, where, vary=False):
        """The address fields of a lead; ``vary``: written another way."""
        r, (kind, name), number = self.rng, where["street"], where["number"]
        zip_code, city, cities = where["town"]
        unit = where["unit"]
        street2 = unit or ""
        if not vary:
            return {"street": self.street_line(lang, where["street"], number),
                    "street2": street2, "zip": zip_code, "city": city}  # fmt: skip
        changes = r.sample(
            ["type", "case", "number", "unit", "town", "drop"], r.randint(1, 3)
        )
        if "type" in changes and kind in B2C_ABBREVIATIONS:
            kind = r.choice(B2C_ABBREVIATIONS[kind])
        line = self.street_line(lang, (kind, name), number)
        if "number" in changes and lang == "fr":
            line = r.choice([f"{kind} {name}, {number}", f"{number}, {kind} {name}"])
        elif "number" in changes and lang == "de":
            line = f"{name}{kind}, {number}"
        if "case" in changes:
            line = (
                translit(line, lang == "de").upper()
                if r.random() < 0.5
                else translit(line, lang == "de")
            )
        if "unit" in changes and unit:
            line, street2 = (
                (f"{unit}, {line}", "") if r.random() < 0.6 else (line, unit)
            )
        if "town" in changes and cities:
            city = r.choice(cities)
        if "case" in changes:
            city = translit(city, lang == "de")
        if "drop" in changes:
            if r.random() < 0.5:
                zip_code = ""
            else:
                city = ""
        if lang == "en" and r.random() < 0.3:
            zip_code = zip_code.replace(" ", "").lower()
        return {"street": line, "street2": street2, "zip": zip_code, "city": city}

    def b2c_person(self, lang, first=None, last=None):
        r = self.rng
        first, last = first or r.choice(FIRST[lang]), last or r.choice(LAST[lang])
        region = B2C_REGION[lang]
        return {
            "region": region,
            "lang": lang,
            "first": first,
            "last": last,
            "company": None,
            "public": True,
            "product": r.choice(PRODUCTS[lang]),
            "style": r.choices(STYLES, STYLE_WEIGHTS)[0],
            "email": None,
            "phone": self.new_phone(region) if r.random() < 0.3 else None,
        }

    def b2c_lead(self, p, case, fields, contact_name=None, phone=True):
        lead = self.make_lead(p, case)
        lead.update(fields, partner_name="", email_from="", type="lead", lost=False)
        lead["expected_revenue"] = 0.0
        if contact_name:
            lead["contact_name"] = contact_name
        if not phone:
            lead["phone"] = ""
        return lead

    def name_variant(self, p):
        """The person's name written another way (or the same)."""
        r, first, last = self.rng, p["first"], p["last"]
        if "-" in first and r.random() < 0.5:  # Jean-Pierre: J-P, J.-P.
            initials = "-".join(part[0] for part in first.split("-"))
            return f"{r.choice([initials, initials.replace('-', '.-') + '.'])} {last}"
        plain = translit(f"{first} {last}", p["lang"] == "de")
        written = [f"{first} {last}", f"{last.upper()} {first}", plain]
        return r.choice([*written, f"{first[0]}. {last}"])

    def unit(self, lang, number=None):
        r = self.rng
        return r.choice(B2C_UNITS[lang]).format(
            n=number or r.randint(1, 40), b=r.choice("ABCD"), f=r.randint(1, 6)
        )

    # --- true duplicates: one person, the address typed another way ---------
    def address_variant(self, leads):
        r = self.rng
        lang = r.choice(["fr", "fr", "de", "de", "en"])
        p = self.b2c_person(lang)
        unit = self.unit(lang) if r.random() < 0.3 else None
        where = self.address(lang, unit=unit)
        first = self.b2c_lead(p, "b2c_address_variant", self.typed_address(lang, where))
        name = self.name_variant(p) if r.random() < 0.4 else None
        fields = self.typed_address(lang, where, True)
        second = self.b2c_lead(p, "b2c_address_variant", fields, name, phone=False)
        second["entity"] = first["entity"]
        leads += [first, second]

    # --- traps: never duplicates -------------------------------------------
    def household(self, leads):
        r = self.rng
        lang = r.choice(["fr", "de", "en"])
        where = self.address(lang)
        last = r.choice(LAST[lang])
        one = self.b2c_person(lang, last=last)
        other_last = last if r.random() < 0.7 else r.choice(LAST[lang])
        firsts = [first for first in FIRST[lang] if first != one["first"]]
        two = self.b2c_person(lang, first=r.choice(firsts), last=other_last)
        leads.append(
            self.b2c_lead(one, "b2c_household", self.typed_address(lang, where))
        )
        leads.append(
            self.b2c_lead(two, "b2c_household", self.typed_address(lang, where, True))
        )

    def neighbours(self, leads):
        r = self.rng
        lang = r.choice(["fr", "de", "en"])
        where = self.address(lang)
        one = self.b2c_person(lang)
        same_name = r.random() < 0.5
        two = self.b2c_person(lang, one["first"] if same_name else None, one["last"])
        other = dict(where, number=where["number"] + r.choice([2, 4, 6, 10]))
        leads.append(
            self.b2c_lead(one, "b2c_neighbours", self.typed_address(lang, where))
        )
        leads.append(
            self.b2c_lead(two, "b2c_neighbours", self.typed_address(lang, other, True))
        )

    def flats(self, leads):
        r = self.rng
        lang = r.choice(["fr", "de", "en"])
        flats = r.sample(range(1, 40), 2)
        where = self.address(lang)
        one = self.b2c_person(lang)
        two = self.b2c_person(
            lang, one["first"] if r.random() < 0.5 else None, one["last"]
        )
        for p, flat in ((one, flats[0]), (two, flats[1])):
            home = dict(where, unit=self.unit(lang, flat).split(",")[-1].strip())
            leads.append(
                self.b2c_lead(p, "b2c_flats", self.typed_address(lang, home, p is two))
            )

    def namesake_elsewhere(self, leads):
        r = self.rng
        lang = r.choice(["fr", "de", "en"])
        towns = r.sample(B2C_TOWNS[lang], 2)
        one = self.b2c_person(lang)
        two = self.b2c_person(lang, one["first"], one["last"])
        where = self.address(lang, town=towns[0])
        there = dict(where, town=towns[1])
        leads.append(
            self.b2c_lead(
                one, "b2c_namesake_elsewhere", self.typed_address(lang, where)
            )
        )
        leads.append(
            self.b2c_lead(
                two, "b2c_namesake_elsewhere", self.typed_address(lang, there, True)
            )
        )

    def single(self, leads):
        lang = self.rng.choice(["fr", "de", "en"])
        p = self.b2c_person(lang)
        leads.append(
            self.b2c_lead(p, "b2c_single", self.typed_address(lang, self.address(lang)))
        )


def generate_b2c(leads=600, seed=24):
    """B2C leads known by a person's name and postal address (issue 24), as
    a list of dicts like ``generate()``'s plus ``street``, ``street2``,
    ``zip`` and ``city``: one person's address typed twice (abbreviations,
    accents, the number before or after, the flat moved, the town written
    another way, no email nor phone on the copy), and traps that are never
    duplicates: households (the same address, another first name),
    neighbours (same street, another number), flats of one building,
    namesakes on a same-named street of another town. Seeded, separate
    from ``generate()``."""
    g = _B2CGenerator(seed, leads / 5000)
    out = []
    share = {"address_variant": 0.4, "household": 0.12, "neighbours": 0.12,
             "flats": 0.1, "namesake_elsewhere": 0.1}  # fmt: skip
    for kind, part in share.items():
        for _pair in range(round(leads * part / 2)):
            getattr(g, kind)(out)
    while len(out) < leads:
        g.single(out)
    del out[leads:]
    groups = [out[i : i + 2] for i in range(0, len(out), 2)]
    g.rng.shuffle(groups)
    out = [lead for group in groups for lead in group]
    entities = {}
    for number, lead in enumerate(out, 1):
        entity = entities.setdefault(lead["entity"], len(entities) + 1)
        lead.update(ref=f"B{number:05d}", entity=entity)
        lead.pop("_p", None)
    return out


# --- One person writes again (issue 24): requests, not deals ---------------
# A set of its own (``generate_requests``, its own seed).


def generate_requests(leads=400, seed=31):
    """One person's several requests, as a list of dicts like
    ``generate()``'s: a customer with an opportunity someone has worked (an
    expected revenue) writes again about something else, through a website
    form or an email: the new request arrives as a lead (the Leads step on:
    ``writes_again_lead``) or as a new opportunity nobody has worked yet (the
    Leads step off: ``writes_again_opportunity``), the same person (true
    duplicates). Traps: the same customer's two worked deals
    (``worked_deals``, never duplicates), and people alone."""
    g = _Generator(seed, leads / 5000)
    r, out = g.rng, []
    share = {"writes_again_lead": 0.3, "writes_again_opportunity": 0.3,
             "worked_deals": 0.2}  # fmt: skip
    for case, part in share.items():
        for _pair in range(round(leads * part / 2)):
            region = g.region()
            p = g.new_person(region, None, True)
            deal = g.make_lead(p, case, type="opportunity", lost=False)
            deal["expected_revenue"] = g.amount()
            other = [x for x in PRODUCTS[p["lang"]] if x != p["product"]]
            again = {
                **deal,
                "name": g.title(p, r.random() < 0.5, r.choice(other)),
                "expected_revenue": 0.0,
            }
            if r.random() < 0.3:  # written another way on the form
                again["contact_name"] = f"{p['last'].upper()} {p['first']}"
            if case == "writes_again_lead":
                again["type"] = "lead"
            if case == "worked_deals":  # two deals: two entities
                again.update(entity=next(g.entities), expected_revenue=g.amount())
            out += [deal, again]
    while len(out) < leads:
        p = g.new_person(g.region(), None, True)
        out.append(g.make_lead(p, "single", lost=False))
    groups = [out[i : i + 2] for i in range(0, len(out), 2)]
    r.shuffle(groups)
    out = [lead for group in groups for lead in group][:leads]
    entities = {}
    for number, lead in enumerate(out, 1):
        entity = entities.setdefault(lead["entity"], len(entities) + 1)
        lead.update(ref=f"R{number:05d}", entity=entity)
        lead.pop("_p", None)
    return out


if __name__ == "__main__":  # a command-line report: it prints its counts
    # pylint: disable=print-used
    import sys
    import time

    start = time.perf_counter()
    data = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
    seconds = time.perf_counter() - start
    sizes = Counter(lead["entity"] for lead in data)
    print(f"leads: {len(data)} ({seconds:.2f}s)")
    print(f"true duplicate pairs: {sum(n * (n - 1) // 2 for n in sizes.values())}")
    languages = Counter(lead["lang"] for lead in data)
    print("languages:", ", ".join(f"{k} {v}" for k, v in sorted(languages.items())))
    for case, count in sorted(Counter(lead["case"] for lead in data).items()):
        print(f"  {case:24} {count}")
