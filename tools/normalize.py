"""Normalise contact data into comparable keys.

Pure functions: no ORM, no database. Each returns ``None`` when its input
cannot give a meaningful key, and never raises on bad input (emails without
``@``, garbage phones, huge strings, ``False`` from the ORM).
"""

import re
import unicodedata
from email.utils import getaddresses

import phonenumbers
from rapidfuzz.distance import JaroWinkler

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
#: An address written alone, as most are: no display name, list or comment
#: for the (slower) parser of ``email.utils`` to read.
_PLAIN_ADDRESS = re.compile(r"[^\s<>\"',;:()\[\]\\]+@[^\s<>\"',;:()\[\]\\@]+")
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
    plain = _PLAIN_ADDRESS.fullmatch(value.strip())
    for _name, address in [("", plain[0])] if plain else getaddresses([value]):
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

    ``"MARTIN Pierre"`` and ``"Pierre Martin"`` give the same key; so do
    ``"Søren Sørensen"`` and ``"Soren Sorensen"`` (``fold``).
    """
    return _key(sorted(person_name_words(value)))


def normalize_company_name(value):
    """A company name as a key that also ignores legal forms (SARL, GmbH...)."""
    words = _words(value)
    meaningful = [word for word in words if word not in COMPANY_LEGAL_FORMS]
    return _key(sorted(meaningful or words))


def normalize_title(value):
    """A lead title as a key that ignores case, accents and punctuation."""
    return _key(_words(value))


# ------------------------------------------------------------
# PERSON NAMES AS PEOPLE WRITE THEM
# ------------------------------------------------------------

#: Letters Unicode keeps whole (no base letter and accent to split), spelt
#: the way they are written without them: Søren as Soren, Œuvre as Oeuvre.
_WHOLE_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
    }
)
#: German and Nordic ASCII spellings of letters with marks (Mueller for
#: Müller, Soeren for Søren), undone by ``skeleton``.
_TRANSLITERATIONS = re.compile(r"(?<=\w)(?:ae|oe|ue)")


def fold(value):
    """A text with case, accents and whole letters folded the one way the
    addon compares names and addresses: ``Müller`` gives ``muller``,
    ``Straße`` gives ``strasse``, ``Søren`` gives ``soren``. Umlauts lose
    their dots like any accent; their ``ae``/``oe``/``ue`` spellings meet
    them through ``skeleton``. An empty string for unusable input."""
    if not _usable(value):
        return ""
    decomposed = unicodedata.normalize("NFKD", value.translate(_WHOLE_LETTERS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


def skeleton(word):
    """A folded word with the ASCII spellings of umlauts reduced the way
    ``fold`` reduces the umlauts themselves (``mueller`` and ``muller``,
    ``koeln`` and ``koln``, ``soeren`` and ``soren`` meet): for comparing,
    never for showing (it also turns ``rue`` into ``ru``, on both sides)."""
    return _TRANSLITERATIONS.sub(lambda match: match.group()[0], word)


def person_name_words(value):
    """The folded words of a person's name, in the order written; a
    hyphenated first name gives its two words (``Jean-Jacques``: ``jean``,
    ``jacques``; ``J.-J.``: ``j``, ``j``)."""
    return _NON_WORD.sub(" ", fold(value).replace("_", " ")).split()


#: How two person names compare, from the strongest agreement down.
NAME_LEVELS = (
    "same",  # the same words, any order, any spelling of accents
    "typo",  # every word there, one or more with a typo, split or glued
    "initials",  # a first name as its initial(s): J. Dupont, J-J Rousseau
    "near",  # a middle name more or less, a typo beside an initial
    "partial",  # one of the two names missing: Martin / Pierre Martin
    "other_surname",  # the first name shared, not the surname (a new name)
    "other_first_name",  # a word shared, another one not: relatives
    "other",  # nothing shared
)
#: Words before a name that are no part of it.
PERSON_TITLES = frozenset(
    """m mr mrs ms miss mme mlle mmes mm dr prof herr frau fr hr sir dame
    madame monsieur mademoiselle""".split()  # noqa: SIM905 - a list of words, to read
)
_TYPO_SIMILARITY = 0.88


def _take(words, predicate):
    """Removes and returns the first word of ``words`` that ``predicate``
    accepts (None if none does)."""
    for index, word in enumerate(words):
        if predicate(word):
            return words.pop(index)
    return None


def _match_initials(left_a, left_b):
    """Pairs each initial of one name (``j``, or ``jj`` glued) with words of
    the other starting with it; how many initials were."""
    matched = 0
    for initials, words in ((left_a, left_b), (left_b, left_a)):
        for word in [w for w in initials if len(w) == 1]:
            if _take(words, lambda other, w=word: len(other) > 1 and other[0] == w):
                initials.remove(word)
                matched += 1
        for word in [w for w in initials if 2 <= len(w) <= 3 and w.isalpha()]:
            pool, taken = list(words), []
            for letter in word:
                other = _take(pool, lambda o, x=letter: len(o) > 1 and o[0] == x)
                if other is None:
                    break
                taken.append(other)
            if len(taken) == len(word):
                for other in taken:
                    words.remove(other)
                initials.remove(word)
                matched += 1
    return matched


def _match_glued(left_a, left_b):
    """Pairs a word with the two words of the other name it joins
    (``jeanjacques`` and ``jean jacques``, ``jordan`` and ``jord an``); how
    many were."""
    matched = 0
    for glued, split in ((left_a, left_b), (left_b, left_a)):
        for word in list(glued):
            pair = next(
                (
                    (x, y)
                    for i, x in enumerate(split)
                    for j, y in enumerate(split)
                    if i != j and x + y == word
                ),
                None,
            )
            if pair:
                glued.remove(word)
                split.remove(pair[0])
                split.remove(pair[1])
                matched += 1
    return matched


def _swapped_letters(word, other):
    """Two letters side by side swapped (Amy and Aym, Ben and Bne): a typo
    however short the word, which Jaro-Winkler scores low on short words;
    a letter changed is not (Lee and Lew, Eva and Ava are two names)."""
    if len(word) != len(other) or len(word) < 3 or word == other:
        return False
    pairs = enumerate(zip(word, other, strict=True))
    apart = [index for index, (x, y) in pairs if x != y]
    return (
        len(apart) == 2
        and apart[1] == apart[0] + 1
        and word[apart[0]] == other[apart[1]]
        and word[apart[1]] == other[apart[0]]
    )


def _match_typos(left_a, left_b, spelt):
    """Pairs words that are near twins (Catherine and Katherine, Zimmermann
    and Zimmerman), reduced or as written (``spelt``: Meyer and Meuer, which
    ``skeleton`` reduces to meyer and muer); how many were."""

    def similarity(word, other):
        if _swapped_letters(word, other):
            return 1.0
        return max(
            JaroWinkler.similarity(word, other),
            JaroWinkler.similarity(spelt.get(word, word), spelt.get(other, other)),
        )

    matched = 0
    for word in list(left_a):
        candidates = [other for other in left_b if len(other) > 1]
        if len(word) < 2 or not candidates:
            continue
        best = max(candidates, key=lambda other: similarity(word, other))
        if similarity(word, best) >= _TYPO_SIMILARITY:
            left_a.remove(word)
            left_b.remove(best)
            matched += 1
    return matched


def person_first_name(value):
    """The first of a person's first names, folded and reduced like the
    words ``person_name_level`` compares (``skeleton``), or None: the first
    word, or the one after a comma (``Martin, Pierre``), or the first word
    not in capitals when the surname is (``MARTIN Pierre``); titles (``Mme``,
    ``Herr``, ``Dr``) skipped. None for a single word (a first name or a
    surname alone cannot be told apart)."""
    if not _usable(value):
        return None
    head, comma, tail = value.partition(",")
    written = (tail if comma and tail.strip() else head).split()
    words = [
        word
        for word in written
        if _NON_WORD.sub("", fold(word)) not in PERSON_TITLES or len(written) <= 2
    ]
    if comma and tail.strip():
        words = words or written
    elif len(words) >= 2:
        lower = [word for word in words if not (word.isupper() and len(word) > 2)]
        if lower and len(lower) < len(words):
            words = lower
    elif len(head.split()) + len(tail.split()) < 2:
        return None
    first = person_name_words(words[0]) if words else []
    if not first or len(person_name_words(value)) < 2:
        return None
    return skeleton(first[0])


def _first_names_agree(first_a, first_b):
    if not first_a or not first_b:
        return None
    first_a, first_b = skeleton(first_a), skeleton(first_b)
    if first_a == first_b:
        return True
    if min(len(first_a), len(first_b)) == 1:
        return first_a[0] == first_b[0]
    if _swapped_letters(first_a, first_b):
        return True
    return JaroWinkler.similarity(first_a, first_b) >= _TYPO_SIMILARITY


def _name_words(words):
    if isinstance(words, str):
        words = words.split()
    if not isinstance(words, list | tuple):
        return []
    return [word for word in words if isinstance(word, str) and word]


def person_name_level(words_a, words_b, first_a=None, first_b=None):
    """How two person names compare (one of ``NAME_LEVELS``), or None when
    one is missing.

    Words (or a key, split) in any order, as ``person_name_words`` gives
    them; accents, umlauts and their spellings (ü/ue, ß/ss, ø/o) are one;
    an initial or initials (``J-J``, ``JJ``) stand for first names; one word
    more or less is a middle name or, when one name is a single word, the
    other of the two names missing (``partial``: a surname alone says
    little). Agreeing on initials alone is never more than ``partial``.

    ``first_a``/``first_b`` (``person_first_name``), when known, tell a new
    surname (``other_surname``: Marie Dupont, née Martin) from another first
    name (``other_first_name``: Pierre and Sophie Martin)."""
    words_a, words_b = _name_words(words_a), _name_words(words_b)
    spelt = {skeleton(word): word for word in words_a + words_b}
    left_a = [skeleton(word) for word in words_a]
    left_b = [skeleton(word) for word in words_b]
    if not left_a or not left_b:
        return None
    size_a, size_b = len(left_a), len(left_b)
    shared = 0
    for word in list(left_a):
        if word in left_b:
            left_a.remove(word)
            left_b.remove(word)
            shared += len(word) > 1
    if not left_a and not left_b and shared:
        return "same"
    initials = _match_initials(left_a, left_b)
    near = _match_glued(left_a, left_b) + _match_typos(left_a, left_b, spelt)
    whole_words = shared + near  # words agreeing in full, not by an initial
    left = len(left_a) + len(left_b)
    if not whole_words:
        return "partial" if not left and initials else "other"
    if not left:
        if near:
            # A typo beside an initial (J. Zimmerman, Jean Zimmermann): less
            # sure than a typo alone.
            return "near" if initials else "typo"
        return "initials" if initials else "same"
    if left == 1 and initials and not near:
        # J. Clément and Jean-Pierre Clément: the initial may stand for the
        # compound or for another first name (Julien): as today, another one.
        return "other_first_name"
    if left == 1:
        # One word more: a middle name, or one of the two names missing.
        return "partial" if min(size_a, size_b) == 1 and not near else "near"
    if _first_names_agree(first_a, first_b):
        return "other_surname"
    return "other_first_name"


def names_agree(words_a, words_b):
    """True when two person names can be one person's: the same, initials,
    near, or one of the two names missing."""
    return person_name_level(words_a, words_b) in (
        "same",
        "typo",
        "initials",
        "near",
        "partial",
    )


def person_sound_key(value):
    """A person's name as a look-up key that typos seldom change: the sound
    of each word (Soundex, ``address.street_sound``) in sorted order, words
    reduced like ``person_name_level``'s (``Jacynta Hoffman`` and ``HOFMAN
    Jacinta`` give ``H155 J253``). None for fewer than two words of two
    letters: a name alone would find too many."""
    from .address import street_sound  # address imports this module

    words = [skeleton(word) for word in person_name_words(value) if len(word) > 1]
    if len(words) < 2:
        return None
    return " ".join(sorted(street_sound(word) or "" for word in words)).strip() or None


def person_initials(value):
    """The initials of a person's name's words, sorted (``Jean-Pierre
    Martin`` and ``MARTIN J.-P.`` give ``j m p``), or None for fewer than
    two words: a look-up key's part (``matching.name_street_key``)."""
    words = person_name_words(value)
    if len(words) < 2:
        return None
    return " ".join(sorted(word[0] for word in words))
