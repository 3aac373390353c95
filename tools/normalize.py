"""Normalise contact data into comparable keys.

Pure functions: no ORM, no database. Each returns ``None`` when its input
cannot give a meaningful key, and never raises on bad input (emails without
``@``, garbage phones, huge strings, ``False`` from the ORM).
"""

import re
import unicodedata
from email.utils import getaddresses

import phonenumbers

#: Longest value worth normalising; anything longer is not a real email,
#: phone or name (RFC 5321 caps an address at 254 characters).
MAX_INPUT_LENGTH = 320
#: Names and titles shorter than this (once normalised) match too much.
MIN_NAME_LENGTH = 3

#: Providers whose mailboxes ignore dots in the local part.
DOTLESS_PROVIDERS = frozenset({"gmail.com", "googlemail.com"})
#: Domain aliases of one mailbox provider, mapped to their canonical domain.
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}

#: Public mail providers that core's list (``iap_tools._MAIL_DOMAIN_BLACKLIST``,
#: which the ORM layer adds these to) lacks: sharing one of these domains says
#: nothing about belonging to the same company.
MORE_PUBLIC_MAIL_DOMAINS = frozenset(
    [
        "aol.de",
        "aol.fr",
        "charter.net",
        "earthlink.net",
        "email.de",
        "fastmail.com",
        "fastmail.fm",
        "gmx.us",
        "hispeed.ch",
        "hushmail.com",
        "interia.pl",
        "mail.de",
        "mailbox.org",
        "ntlworld.com",
        "numericable.fr",
        "onet.pl",
        "optonline.net",
        "sunrise.ch",
        "sympatico.ca",
        "talktalk.net",
        "telefonica.net",
        "terra.es",
        "tuta.io",
        "tutanota.com",
        "tutanota.de",
        "virginmedia.com",
        "xtra.co.nz",
        "zohomail.com",
    ]
)

_PHONE_INPUT = re.compile(r"\d")
#: Characters that show as nothing (zero-width spaces and joiners, word
#: joiner, byte order mark, soft hyphen): pasted from web pages and PDFs.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_NON_WORD = re.compile(r"[^\w]+")
#: Legal forms that say nothing about which company it is.
COMPANY_LEGAL_FORMS = frozenset(
    [
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "sca",
        "snc",
        "scop",
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "ug",
        "mbh",
        "co",
        "kgaa",
        "ev",
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "plc",
        "corp",
        "corporation",
        "company",
        "bv",
        "nv",
        "sprl",
        "srl",
        "spa",
        "sl",
        "se",
        "ab",
        "oy",
        "as",
        "aps",
    ]
)


def _usable(value):
    return isinstance(value, str) and 0 < len(value) <= MAX_INPUT_LENGTH


def normalize_email(value):
    """The mailbox an address delivers to, as a comparable key.

    ``"Robin" <Robin+News@Example.COM>`` gives ``robin@example.com``; on
    providers that ignore dots, ``j.ohn@gmail.com`` gives ``john@gmail.com``.
    The domain is written one way (see ``normalize_domain``). Only the first
    address of a list counts.
    """
    if not _usable(value):
        return None
    value = unicodedata.normalize("NFC", _INVISIBLE.sub("", value))
    for _name, address in getaddresses([value]):
        address = address.strip().lower()
        local, at, domain = address.rpartition("@")
        domain = normalize_domain(domain)
        if not at or not local or "@" in local or not domain:
            continue
        if any(char.isspace() for char in address):
            continue
        domain = DOMAIN_ALIASES.get(domain, domain)
        local = local.split("+", 1)[0] or local
        if domain in DOTLESS_PROVIDERS:
            local = local.replace(".", "")
        return f"{local}@{domain}" if local else None
    return None


def normalize_domain(value):
    """A mail domain written one way: lower case, composed Unicode (NFC),
    without invisible characters or a trailing dot, international names in
    Unicode (``xn--mnchen-3ya.de`` and ``münchen.de`` are one domain). None
    when it is no domain."""
    if not _usable(value):
        return None
    domain = unicodedata.normalize("NFC", _INVISIBLE.sub("", value)).strip()
    domain = domain.lower().rstrip(".")
    if "." not in domain.strip(".") or ".." in domain:
        return None
    try:
        return domain.encode("idna").decode("idna")
    except UnicodeError:  # a label too long or not encodable: as written
        return domain


def company_email_domain(email_key, public_domains):
    """The company domain of a normalised email, or None for public providers."""
    if not email_key or "@" not in email_key:
        return None
    domain = email_key.rpartition("@")[2]
    return None if domain in public_domains else domain


def normalize_phone(value, regions=()):
    """The phone number in E.164 (``+33612345678``), or None.

    ``regions`` are ISO country codes tried in order for numbers written in
    national format (the lead's country first, then fallbacks); numbers in
    international format need none. Only valid numbers give a key.
    """
    if not _usable(value) or not _PHONE_INPUT.search(value):
        return None
    candidates = [region.upper() for region in regions if region] or [None]
    for region in dict.fromkeys(candidates):
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            )
    return None


def _words(value):
    """Case-, accent- and punctuation-insensitive words of a text."""
    if not _usable(value):
        return []
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", stripped.casefold().replace("_", " ")).split()


def _key(words):
    key = " ".join(words)
    return key if len(key) >= MIN_NAME_LENGTH else None


def normalize_person_name(value):
    """A person's name as a key that ignores case, accents and word order.

    ``"MARTIN Pierre"`` and ``"Pierre Martin"`` give the same key.
    """
    return _key(sorted(_words(value)))


def normalize_company_name(value):
    """A company name as a key that also ignores legal forms (SARL, GmbH...)."""
    words = _words(value)
    meaningful = [word for word in words if word not in COMPANY_LEGAL_FORMS]
    return _key(sorted(meaningful or words))


def normalize_title(value):
    """A lead title as a key that ignores case, accents and punctuation."""
    return _key(_words(value))
