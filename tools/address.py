"""Postal addresses as comparable keys, and how two addresses compare.

Pure functions: no ORM, no database. Each returns ``None`` (or a pair of
``None``) when its input gives no meaningful key, and never raises on bad
input (``False`` from the ORM, numbers, huge strings, garbage).

Text is folded as person names are (``normalize.fold``: case, accents,
``ß`` as ``ss``, ``ø`` as ``o``), then reduced by ``normalize.skeleton`` so
that ``Königstraße``, ``Koenigstrasse`` and ``Konigstr.`` give one key.
Keys are for comparing and indexing, never for showing.
"""

import re

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from . import evidence, normalize

#: Longest address line worth normalising.
MAX_INPUT_LENGTH = 200

# ------------------------------------------------------------
# STREET TYPES
# ------------------------------------------------------------

#: Street types and their abbreviations, wherever they stand, mapped to one
#: token per language family (folded and without dots: ``Str.`` is
#: ``str``). Avenue, boulevard and place are one in French and English.
STREET_TYPES = {
    # French
    "rue": "rue",
    "avenue": "avenue",
    "av": "avenue",
    "ave": "avenue",
    "avn": "avenue",
    "boulevard": "boulevard",
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "bvd": "boulevard",
    "boul": "boulevard",
    "impasse": "impasse",
    "imp": "impasse",
    "chemin": "chemin",
    "chem": "chemin",
    "place": "place",
    "pl": "place",
    "allee": "allee",
    "allees": "allee",
    "route": "route",
    "rte": "route",
    "quai": "quai",
    "cours": "cours",
    "square": "square",
    "sq": "square",
    "passage": "passage",
    "faubourg": "faubourg",
    "fbg": "faubourg",
    "hameau": "hameau",
    "lotissement": "lotissement",
    "promenade": "promenade",
    "prom": "promenade",
    "sentier": "sentier",
    "esplanade": "esplanade",
    "esp": "esplanade",
    "ruelle": "ruelle",
    "montee": "montee",
    "traverse": "traverse",
    "voie": "voie",
    "cite": "cite",
    "clos": "clos",
    "parvis": "parvis",
    # German (also glued to the name: see GLUED_TYPES)
    "strasse": "strasse",
    "str": "strasse",
    "weg": "weg",
    "platz": "platz",
    "gasse": "gasse",
    "ring": "ring",
    "damm": "damm",
    "ufer": "ufer",
    "chaussee": "chaussee",
    "steig": "steig",
    "pfad": "pfad",
    # English
    "street": "street",
    "road": "road",
    "rd": "road",
    "drive": "drive",
    "drv": "drive",
    "lane": "lane",
    "ln": "lane",
    "court": "court",
    "crt": "court",
    "crescent": "crescent",
    "cres": "crescent",
    "cresc": "crescent",
    "close": "close",
    "terrace": "terrace",
    "tce": "terrace",
    "terr": "terrace",
    "circuit": "circuit",
    "cct": "circuit",
    "circ": "circuit",
    "parade": "parade",
    "pde": "parade",
    "highway": "highway",
    "hwy": "highway",
    "grove": "grove",
    "way": "way",
    "parkway": "parkway",
    "pkwy": "parkway",
    "gardens": "gardens",
    "gdns": "gardens",
    "circle": "circle",
    "cir": "circle",
    "mews": "mews",
}
#: Abbreviations that are a street type only as the first word (French
#: types come first: ``r. de la Paix``, ``ch. des Vignes``).
FIRST_TYPES = {
    "r": "rue",
    "ch": "chemin",
    "all": "allee",
    "crs": "cours",
    "pass": "passage",
    "ham": "hameau",
    "lot": "lotissement",
    "sent": "sentier",
}
#: Abbreviations that are a street type only as the last word of the name
#: (English types come last: ``Main St``, ``Florey Dr``); elsewhere ``St``
#: is a saint and ``Dr`` a doctor.
LAST_TYPES = {
    "st": "street",
    "dr": "drive",
    "ct": "court",
    "cl": "close",
    "cr": "crescent",
    "gr": "grove",
    "gv": "grove",
    "wy": "way",
}
#: German types glued to the name (``Hauptstraße``, ``Hauptstr.``,
#: ``Birkenweg``, ``Marktplatz``), longest first; with the shortest stem
#: they may follow.
GLUED_TYPES = (
    ("strasse", "strasse", 2),
    ("platz", "platz", 3),
    ("allee", "allee", 3),
    ("gasse", "gasse", 3),
    ("damm", "damm", 3),
    ("str", "strasse", 3),
    ("weg", "weg", 3),
)
#: German countries, where ``Pl.`` is a Platz.
GERMAN_COUNTRIES = frozenset({"DE", "AT", "LI"})
#: Words of a street name that people leave out or add at will.
STREET_STOP_WORDS = frozenset(
    """de du des la le les l d en au aux a et der die das dem den am an im
    zum zur von vom the of""".split()  # noqa: SIM905 - a list of words, to read
)
#: Saints and doctors, however written.
NAME_TITLES = {
    "saint": "st",
    "sainte": "st",
    "ste": "st",
    "sankt": "st",
    "st": "st",
    "docteur": "dr",
    "doktor": "dr",
    "doctor": "dr",
    "dr": "dr",
    "mount": "mt",
    "mt": "mt",
    "fort": "ft",
    "ft": "ft",
}
_CANONICAL_TYPES = (
    frozenset(STREET_TYPES.values())
    | frozenset(FIRST_TYPES.values())
    | frozenset(LAST_TYPES.values())
)

# ------------------------------------------------------------
# FLATS, FLOORS, BUILDINGS
# ------------------------------------------------------------

#: Words that announce a unit of a building, by kind: ``apt`` (a flat, a
#: suite, a unit), ``floor``, ``bldg`` (a building, a staircase, an
#: entrance), ``box`` (a post box).
UNIT_MARKERS = {
    "apt": "apt",
    "appt": "apt",
    "app": "apt",
    "apart": "apt",
    "apartment": "apt",
    "appartement": "apt",
    "apmnt": "apt",
    "flat": "apt",
    "unit": "apt",
    "suite": "apt",
    "wohnung": "apt",
    "whg": "apt",
    "villa": "apt",
    "logement": "apt",
    "lgt": "apt",
    "porte": "apt",
    "etage": "floor",
    "floor": "floor",
    "fl": "floor",
    "stock": "floor",
    "stockwerk": "floor",
    "og": "floor",
    "level": "floor",
    "lvl": "floor",
    "bat": "bldg",
    "batiment": "bldg",
    "bldg": "bldg",
    "building": "bldg",
    "block": "bldg",
    "blk": "bldg",
    "tower": "bldg",
    "tour": "bldg",
    "escalier": "bldg",
    "esc": "bldg",
    "entree": "bldg",
    "haus": "bldg",
    "aufgang": "bldg",
    "stiege": "bldg",
    "po": "box",
    "bp": "box",
    "postfach": "box",
    "pobox": "box",
}
#: Floors without a number.
NAMED_FLOORS = {"rdc": "0", "eg": "0", "ground": "0", "erdgeschoss": "0"}
#: Words that say "number" between a unit word and its value.
_NUMBER_WORDS = frozenset({"no", "n", "nr", "num", "numero", "number", "box"})
_ORDINAL = re.compile(r"^(\d+)(?:e|er|ere|eme|nd|rd|st|th|te|ter)?$")

# ------------------------------------------------------------
# TOWNS
# ------------------------------------------------------------

#: Words after which a German town name goes on with its district or river
#: (``Freiburg im Breisgau``, ``Frankfurt am Main``, ``Halle an der Saale``):
#: the town is the words before them.
TOWN_QUALIFIERS = frozenset({"im", "am", "an", "ob", "bei", "ad", "vor"})
#: Abbreviated qualifiers, followed by a letter or two: ``Frankfurt a. M.``,
#: ``Freiburg i. Br.`` (``à`` in ``Pont-à-Mousson`` is no qualifier).
SHORT_TOWN_QUALIFIERS = frozenset({"a", "i", "v"})
_DISTRICT_NUMBER = re.compile(r"^(?:\d+|[ivxl]+)(?:e|er|eme|re|nd|rd|st|th)?$")
#: Word of a French business address that says nothing of the town.
_CEDEX = frozenset({"cedex", "cdx"})
#: Countries whose postal codes are five digits (a lost leading zero is
#: put back: spreadsheets drop it).
FIVE_DIGIT_ZIPS = frozenset({"FR", "DE", "US", "IT", "ES", "MC", "FI"})
_ZIP_PREFIX = re.compile(r"^(?:[a-z]{1,3}\s*-\s*)(?=\d)")
#: Longest postal code (UK and Canadian ones are 6-7 characters).
MAX_ZIP_LENGTH = 10

_SPLIT = re.compile(r"[^\w]+")
_NUMBER = re.compile(r"^\d{1,5}(?:-\d{1,5})?$")
_HOUSE_SUFFIXES = {"bis": "b", "ter": "c", "quater": "d"}
_NUMBER_WITH_LETTER = re.compile(r"^(\d{1,5})([a-z]|bis|ter|quater)$")
_UNIT_SLASH = re.compile(r"^\s*(\w{1,5})\s*/\s*(\d{1,5}[a-z]?)\b")
_RANGE = re.compile(r"(\d{1,5})\s*-\s*(\d{1,5})")
#: Months: a year after one is part of the name (Rue du 8 Mai 1945).
_MONTHS = frozenset(
    """janvier fevrier mars avril mai juin juillet aout septembre octobre
    novembre decembre januar februar marz april juni juli august oktober
    dezember january february march may june july october december""".split()  # noqa: SIM905
)


def _usable(value):
    return isinstance(value, str) and 0 < len(value) <= MAX_INPUT_LENGTH


def _tokens(value):
    """Folded words, ``ae``/``oe``/``ue`` reduced, punctuation gone."""
    return _SPLIT.sub(" ", normalize.fold(value).replace("_", " ")).split()


# ------------------------------------------------------------
# STREETS
# ------------------------------------------------------------


def _unglue(word, country_code=None):
    """A German compound split into its name and its type (``hauptstr``:
    ``haupt``, ``strasse``), or the word alone; ``Marktpl.`` only in German
    countries."""
    glued = GLUED_TYPES
    if country_code in GERMAN_COUNTRIES:
        glued += (("pl", "platz", 4),)
    for suffix, canonical, min_stem in glued:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return [word[: -len(suffix)], canonical]
    return [word]


def _house_number(words):
    """``(house number, the other words)``: the number before the street
    (``12 bis rue...``, ``12-14 rue...``) or after it (``Hauptstraße 12a``),
    ``bis``/``ter`` written as ``b``/``c``; a number inside the name (``Straße
    des 17. Juni``, ``Rue du 8 Mai 1945``) is none."""
    if not words:
        return None, words
    if _is_number(words[0]):
        return _read_number(words, 0)
    for index in range(len(words) - 1, 0, -1):
        if not _is_number(words[index]):
            continue
        number, rest = _read_number(words, index)
        ends = len(rest) == index  # only a suffix after it
        year = len(words[index]) == 4 and words[index - 1] in _MONTHS
        return (number, rest) if ends and not year else (None, words)
    return None, words


def _is_number(word):
    return bool(_NUMBER.match(word) or _NUMBER_WITH_LETTER.match(word))


def _read_number(words, index):
    """The house number at ``words[index]`` with its suffix, and the words
    left once it is taken out."""
    word = words[index]
    letter = _NUMBER_WITH_LETTER.match(word)
    number, suffix, used = (
        (letter.group(1), letter.group(2), 1) if letter else (word, "", 1)
    )
    suffix = _HOUSE_SUFFIXES.get(suffix, suffix)
    after = words[index + 1] if index + 1 < len(words) else None
    if "-" in number:
        pass  # a range: no suffix
    elif not suffix and after in _HOUSE_SUFFIXES:
        suffix, used = _HOUSE_SUFFIXES[after], 2
    elif (
        not suffix
        and after
        and len(after) == 1
        and after.isalpha()
        # 12 b rue ... / Hauptstraße 12 a; not the r. of "12 r. de la Paix".
        and (after not in FIRST_TYPES or not words[index + 2 :])
    ):
        suffix, used = after, 2
    number = "-".join(part.lstrip("0") or "0" for part in number.split("-"))
    return number + suffix, words[:index] + words[index + used :]


def _street_words(words, country_code):
    """The street's words with its type as one token, saints and doctors
    as one, little words left out."""
    out = []
    last = len(words) - 1
    for index, word in enumerate(words):
        if word in STREET_TYPES:
            canonical = STREET_TYPES[word]
            if word == "pl" and country_code in GERMAN_COUNTRIES:
                canonical = "platz"
            out.append(canonical)
        elif index == 0 and word in FIRST_TYPES and last > 0:
            out.append(FIRST_TYPES[word])
        elif index == last and index > 0 and word in LAST_TYPES:
            out.append(LAST_TYPES[word])
        elif word in NAME_TITLES:
            out.append(NAME_TITLES[word])
        elif word in STREET_STOP_WORDS:
            continue
        else:
            out.extend(_unglue(normalize.skeleton(word), country_code))
    return [word for word in out if word]


def _split_range(raw):
    """``12-14`` kept as one word before the punctuation goes."""
    return _RANGE.sub(lambda match: f"{match.group(1)}_{match.group(2)}", raw)


def normalize_street(street, country_code=None):
    """``(house number, street key)`` of an address line, each None when
    absent: ``"12 bis, Rue de la Paix"`` gives ``("12b", "rue paix")``,
    ``"Hauptstr. 5a"`` and ``"Haupt-Straße 5 a"`` give ``("5a", "haupt
    strasse")``, ``"221B Baker St"`` gives ``("221b", "baker street")``.
    A range stays a range (``12-14``); a flat written in the line (``Apt 5``,
    ``2/98``) is no house number (``normalize_street2`` reads it)."""
    number, key, _unit = _street_parts(street, country_code)
    return number, key


def _street_parts(street, country_code=None):
    """``(house number, street key, unit words)`` of an address line."""
    if not _usable(street):
        return None, None, []
    country_code = normalize_country(country_code)
    raw = normalize.fold(street).replace("#", " apt ")
    unit_words = []
    slash = _UNIT_SLASH.match(raw)
    if slash and _has_more_words(raw[slash.end() :]):
        # 2/98 Latchford Street: flat 2 of number 98 (Australia, NZ).
        unit_words = ["apt", slash.group(1)]
        raw = slash.group(2) + raw[slash.end() :]
    words = _SPLIT.sub(" ", _split_range(raw)).split()
    words, units = _take_units(words)
    unit_words += units
    words = [word.replace("_", "-") for word in words]
    number, rest = _house_number(words)
    key = " ".join(_street_words(rest, country_code))[:MAX_INPUT_LENGTH] or None
    if key and not any(char.isalpha() for char in key):
        key = None
    box = dict(_unit_parts(_unit_key(unit_words))).get("box")
    if not key and box:
        # A post box is the whole address: compared as a street of boxes.
        return box, "pobox", []
    return number, key, unit_words


def _has_more_words(raw):
    return bool(re.search(r"[a-z]", raw))


def _take_units(words):
    """The words of a unit written in a street line (``Apt 5``, ``Flat 3``,
    ``#5``...) taken out: ``(other words, unit words)``."""
    kept, units, index = [], [], 0
    while index < len(words):
        word = words[index]
        value_index = index + 1
        if (
            value_index < len(words)
            and words[value_index] in _NUMBER_WORDS
            and word in UNIT_MARKERS
        ):
            value_index += 1
        if (
            word in UNIT_MARKERS
            and UNIT_MARKERS[word] != "bldg"
            and value_index < len(words)
            and any(char.isdigit() for char in words[value_index])
        ):
            units += [word, words[value_index]]
            index = value_index + 1
            continue
        kept.append(word)
        index += 1
    return kept, units


def normalize_street_parts(street_number, street, country_code=None):
    """``(house number, street key)`` from a house number and a street
    written apart (FEBRL's ``street_number`` and ``address_1``, or forms
    with a number field); the number written in the street counts when
    the number field is empty."""
    number = None
    if isinstance(street_number, int) and not isinstance(street_number, bool):
        street_number = str(street_number)
    if _usable(street_number):
        raw = _split_range(normalize.fold(street_number))
        words = [word.replace("_", "-") for word in _SPLIT.sub(" ", raw).split()]
        number, _rest = _house_number(words)
    street_number_in_line, key = normalize_street(street, country_code)
    return number or street_number_in_line, key


# ------------------------------------------------------------
# STREET2: FLATS, FLOORS, BUILDINGS
# ------------------------------------------------------------


def normalize_street2(value):
    """The flat, floor and building of a second address line as one key of
    ``kind value`` parts (kinds: ``apt``, ``bldg``, ``floor``, ``box``),
    or None when it names none: ``"Bât. B, 3e étage, appt 12"`` gives
    ``"apt 12 bldg b floor 3"``, ``"Wohnung 4, 2. OG"`` gives ``"apt 4 floor
    2"``, ``"Flat 3"`` gives ``"apt 3"``. A building's name (``Résidence
    les Pins``) is no unit: None."""
    if not _usable(value):
        return None
    return _unit_key(_tokens(value.replace("#", " apt ")))


def _unit_key(words):
    parts = {}
    index = 0
    while index < len(words):
        word = words[index]
        kind = UNIT_MARKERS.get(word)
        if word in NAMED_FLOORS:
            parts.setdefault("floor", NAMED_FLOORS[word])
        elif kind:
            value, index = _unit_value(words, index, kind)
            if value is not None:
                parts.setdefault(kind, value)
                continue
        elif _ORDINAL.match(word) and index + 1 < len(words):
            following = UNIT_MARKERS.get(words[index + 1])
            if following == "floor":  # 3e étage, 2. OG, 1st floor
                parts.setdefault(
                    "floor", _ORDINAL.match(word).group(1).lstrip("0") or "0"
                )
                index += 2
                continue
        index += 1
    if not parts:
        return None
    return " ".join(f"{kind} {value}" for kind, value in sorted(parts.items()))


def _unit_value(words, index, kind):
    """The value after a unit word (``appt 12``, ``bât B``, ``PO Box 45``),
    and the index after it; None when there is none."""
    position = index + 1
    while position < len(words) and words[position] in _NUMBER_WORDS:
        position += 1
    if position >= len(words):
        return None, index + 1
    value = words[position]
    ordinal = _ORDINAL.match(value)
    if ordinal:
        return ordinal.group(1).lstrip("0") or "0", position + 1
    if kind == "bldg" and len(value) <= 3 or len(value) == 1:
        return value, position + 1
    return None, index + 1


# ------------------------------------------------------------
# ZIP, TOWN, STATE, COUNTRY
# ------------------------------------------------------------


def normalize_zip(zip_code, country_code=None):
    """A postal code as a key: ``"75 015"`` gives ``75015``, ``"D-79098"``
    gives ``79098``, ``"sw1a 1aa"`` gives ``SW1A1AA``, a US ZIP+4 its five
    digits, a French or German code that lost its leading zero (``1000``)
    gets it back when the country is known."""
    if isinstance(zip_code, int) and not isinstance(zip_code, bool):
        zip_code = str(zip_code)
    if not _usable(zip_code):
        return None
    country = country_code.upper() if isinstance(country_code, str) else None
    value = _ZIP_PREFIX.sub("", normalize.fold(zip_code).strip())
    if country == "US" or re.match(r"^\d{5}\s*-\s*\d{4}$", value):
        value = value.split("-")[0]
    key = re.sub(r"[\s.\-]+", "", value).upper()
    if not key or len(key) > MAX_ZIP_LENGTH or not key.isalnum():
        return None
    if not any(char.isdigit() for char in key):
        return None
    if country in FIVE_DIGIT_ZIPS and key.isdigit() and len(key) == 4:
        key = "0" + key
    return key


def normalize_city(city):
    """A town as a key: case, accents, hyphens, ``Saint``/``St``/``Ste``/
    ``Sankt`` as one; ``Cedex 9`` dropped; a district dropped: ``Paris
    15e`` and ``Lyon 3e arrondissement`` give ``paris`` and ``lyon``,
    ``Freiburg im Breisgau`` and ``Frankfurt am Main`` give ``freiburg`` and
    ``frankfurt``. A district compares as its town; the zip tells districts
    (and two Frankfurts) apart."""
    if not _usable(city):
        return None
    raw = re.sub(r"\(.*?\)|/.*$", " ", normalize.fold(city))
    words = _SPLIT.sub(" ", raw).split()
    out = []
    for index, word in enumerate(words):
        if word in _CEDEX or word in ("arrondissement", "arr", "bezirk"):
            break
        following = words[index + 1] if index + 1 < len(words) else ""
        abbreviated = word in SHORT_TOWN_QUALIFIERS and 0 < len(following) <= 2
        if index > 0 and (word in TOWN_QUALIFIERS or abbreviated):
            break
        if any(char.isdigit() for char in word) or (
            index > 0 and _DISTRICT_NUMBER.match(word)
        ):
            continue
        out.append(NAME_TITLES.get(word, normalize.skeleton(word)))
    key = " ".join(out)
    return key or None


def normalize_state(state):
    """A state or region (a code or a name) as a key: ``NSW``, ``nsw`` and
    ``N.S.W.`` give ``nsw``."""
    if not _usable(state):
        return None
    key = "".join(_tokens(state))
    return key or None


def normalize_country(country_code):
    """An ISO country code as a key (``fr`` gives ``FR``), None otherwise."""
    if not isinstance(country_code, str):
        return None
    code = country_code.strip().upper()
    return code if len(code) == 2 and code.isalpha() else None


# ------------------------------------------------------------
# KEYS
# ------------------------------------------------------------

#: The keys ``address_keys`` returns.
ADDRESS_KEY_FIELDS = (
    "address_key",
    "street_key",
    "house_number",
    "unit_key",
    "zip_key",
    "city_key",
    "state_key",
    "country_key",
    "address_block_key",
    "street_sound_key",
    "zip_sound_key",
    "house_street_key",
    "place_key",
)


def _street_line(street, street2):
    """``(street line, other line, swapped)``: the first line, unless it
    names no street type and the second does (``Résidence les Pins`` above
    ``12 rue de la Paix``); a first line of a house number alone goes with
    a second line that names no flat (``15`` above ``Jodayne``, a place
    without a street: ``15 Jodayne``)."""
    if not _usable(street2):
        return street, street2, False
    first = _tokens(street) if _usable(street) else []
    second = _tokens(street2)
    if (
        all(_is_number(word) for word in first)
        and any(word.isalpha() for word in second)
        and not normalize_street2(street2)
    ):
        return " ".join(filter(None, (street, street2))), None, False

    def typed(words):
        return any(
            word in STREET_TYPES or _unglue(word)[-1] in _CANONICAL_TYPES
            for word in words
            if word not in UNIT_MARKERS
        )

    if not typed(first) and typed(second):
        return street2, street, True
    return street, street2, False


def address_keys(
    street, street2=None, zip_code=None, city=None, state_code=None, country_code=None
):
    """The comparable keys of an address (``ADDRESS_KEY_FIELDS``), each None
    when absent.

    - ``address_key``: house number and street (``12b|rue paix``): what
      ``compare_address`` calls the same address; counted to lower an
      address shared by many leads;
    - ``street_key``, ``house_number``, ``unit_key``, ``zip_key``,
      ``city_key``, ``state_key``, ``country_key``: compared;
    - ``address_block_key``: ``zip|house number|first 4 letters of the
      street name`` (``75002|12|paix``): an indexed equality look-up that
      finds the same address typed another way (types, accents, typos at
      the end of the name, the flat);
    - ``street_sound_key``: ``town|sound of the street name's first word``
      (``paris|P2``): an indexed equality look-up that finds the same
      street with a typo, another zip or another house number (neighbours,
      a number typed wrong); the town is the city key, or the zip without
      a city;
    - ``zip_sound_key``: ``zip|sound of the street name's first word``
      (``75002|P2``): the same look-up when the town is typed another way
      (``Goonellabah``, ``Goonelalbah``) or left out;
    - ``house_street_key``: ``house number|first 4 letters of the street
      name`` (``12b|paix``): the same look-up as ``address_block_key`` when
      the zip is mistyped or left out and the town typed another way (the
      scoring then tells another town from a typo);
    - ``place_key``: the other line when it names no flat, floor, building
      or box (``Résidence les Pins``, a hamlet, an estate): compared
      (``compare_place``).

    The street key itself suits a trigram index (``pg_trgm``) for what
    these miss. Each look-up should skip a value shared by too many leads,
    as the addon's other look-ups do.
    """
    keys = dict.fromkeys(ADDRESS_KEY_FIELDS)
    country = normalize_country(country_code)
    street, street2, swapped = _street_line(street, street2)
    number, street_key, unit_words = _street_parts(street, country)
    if number is None and swapped:
        number = _street_parts(street2, country)[0]
    unit_key = _unit_key(unit_words) if unit_words else None
    second_unit = normalize_street2(street2)
    if second_unit:
        unit_key = _merge_units(unit_key, second_unit)
    else:
        keys["place_key"] = _place_key(street2, country)
    keys.update(
        street_key=street_key,
        house_number=number,
        unit_key=unit_key,
        zip_key=normalize_zip(zip_code, country),
        city_key=normalize_city(city),
        state_key=normalize_state(state_code),
        country_key=country,
    )
    if street_key:
        keys["address_key"] = f"{number or ''}|{street_key}"
        prefix = street_prefix(street_key)
        if keys["zip_key"] and number:
            keys["address_block_key"] = f"{keys['zip_key']}|{number}|{prefix}"
        sound = street_sound(_first_name_word(street_key))
        town = keys["city_key"] or keys["zip_key"]
        if town and sound:
            keys["street_sound_key"] = f"{town.replace(' ', '')}|{sound}"
        if keys["zip_key"] and sound:
            keys["zip_sound_key"] = f"{keys['zip_key']}|{sound}"
        if number:
            keys["house_street_key"] = f"{number}|{prefix}"
    return keys


def _place_key(line, country_code=None):
    """A second address line that names no flat (a residence, an estate, a
    hamlet) as a key, written as a street key is (``normalize_street``:
    folded, types as one token, little words left out, a number apart):
    the lines typed in each other's place compare."""
    return normalize_street(line, country_code)[1]


def _first_name_word(street_key):
    """The first word of the street's name (not its type, nor a saint): the
    one people get right most often."""
    words = [w for w in street_key.split() if w not in _CANONICAL_TYPES]
    named = [w for w in words if w not in ("st", "dr", "mt", "ft")]
    return (named or words or [street_key])[0]


def _merge_units(first, second):
    if not first:
        return second
    parts = dict(_unit_parts(second))
    parts.update(_unit_parts(first))
    return " ".join(f"{kind} {value}" for kind, value in sorted(parts.items()))


def _unit_parts(unit_key):
    words = (unit_key or "").split()
    return list(zip(words[::2], words[1::2], strict=False))


def street_prefix(street_key):
    """The first letters of a street's name, as the look-up keys hold them
    (``rue paix``: ``paix``; ``maribyrnong avenue``: ``mari``)."""
    return _street_name(street_key)[:4]


def _street_name(street_key):
    """The street key without its type words (the name people remember)."""
    words = [w for w in street_key.split() if w not in _CANONICAL_TYPES]
    return "".join(words) or street_key.replace(" ", "")


#: Soundex's classes of consonants that sound alike.
_SOUND_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def street_sound(name):
    """A rough phonetic key of a word (Soundex: the first letter, then up to
    three consonant classes, doubles and vowels dropped): ``marrakai``,
    ``marakai`` and ``marrakay`` give ``M62``; ``lambert`` and ``lambertm``
    give ``L516``. Spelling mistakes that keep the sound keep the key."""
    letters = [char for char in normalize.skeleton(name or "") if "a" <= char <= "z"]
    if not letters:
        return None
    out, previous = [letters[0].upper()], _SOUND_CODES.get(letters[0], "")
    for char in letters[1:]:
        code = _SOUND_CODES.get(char, "")
        if code and code != previous:
            out.append(code)
        if char not in "hw":
            previous = code
    return "".join(out)[:4]


# ------------------------------------------------------------
# COMPARING
# ------------------------------------------------------------


def _close(a, b, long_length=9):
    """Two keys one typo apart (two for long ones), spaces ignored
    (``aspinalls treet`` and ``aspinall street``)."""
    a, b = a.replace(" ", ""), b.replace(" ", "")
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    limit = 2 if min(len(a), len(b)) >= long_length else 1
    return DamerauLevenshtein.distance(a, b, score_cutoff=limit) <= limit


def _street_level(a, b):
    """same | near | other, for two street keys."""
    if a.replace(" ", "") == b.replace(" ", ""):
        return "same"
    name_a, name_b = _street_name(a), _street_name(b)
    types_a = {w for w in a.split() if w in _CANONICAL_TYPES}
    types_b = {w for w in b.split() if w in _CANONICAL_TYPES}
    if name_a == name_b:
        return "same" if not types_a or not types_b else "near"
    if _close(a, b) or (_close(name_a, name_b) and not (types_a ^ types_b)):
        return "near"
    # Typos in both the name and its type (Beaurepaijr Crescent and
    # Beaurepaire Xrescent), a word glued (Maribyrnongsmavenue).
    glued_a, glued_b = a.replace(" ", ""), b.replace(" ", "")
    if min(len(glued_a), len(glued_b)) >= 10 and (
        JaroWinkler.similarity(glued_a, glued_b) >= 0.93
    ):
        return "near"
    return "other"


def _other_type(a, b):
    """Two street keys of one name and two types (``maple street`` and
    ``maple road``): two streets, maybe."""
    types_a = {w for w in a.split() if w in _CANONICAL_TYPES}
    types_b = {w for w in b.split() if w in _CANONICAL_TYPES}
    return bool(types_a and types_b and types_a != types_b)


def _lines_swapped(a, b):
    """One lead's street is the other's second line (``place_key``), and
    the other way round when both have one: the two lines typed in each
    other's place (8 Budgerie / Tungun Street and 91 Tungun Street /
    Budgerie)."""
    place_a, place_b = a.get("place_key"), b.get("place_key")
    street_a, street_b = a["street_key"], b["street_key"]
    one = bool(place_b) and _close(street_a, place_b)
    other = bool(place_a) and _close(place_a, street_b)
    return (one and other) if place_a and place_b else (one or other)


def _number_level(a, b):
    """same | near | missing | next_door | other, for two house numbers
    (``next_door``: a few doors away on the same side, 10 apart at most)."""
    if not a or not b:
        return "missing"
    if a == b or _in_range(a, b) or _in_range(b, a):
        return "same"
    digits_a, digits_b = (
        a.rstrip("abcdefghijklmnopqrstuvwxyz"),
        b.rstrip("abcdefghijklmnopqrstuvwxyz"),
    )
    if digits_a == digits_b:
        return "near"  # 12 and 12b: a suffix left out
    if "-" in a or "-" in b:
        return "other"
    # A transposition (42 and 24) or a digit left out (357 and 35); not a
    # digit changed (12 and 14 are two houses).
    if sorted(digits_a) == sorted(digits_b) or (
        abs(len(digits_a) - len(digits_b)) == 1
        and DamerauLevenshtein.distance(digits_a, digits_b) == 1
    ):
        return "near"
    if _next_door(digits_a, digits_b):
        return "next_door"
    return "other"


def _next_door(digits_a, digits_b):
    """Two house numbers of one side of a street, a few doors apart (12 and
    14, 12 and 22): neighbours. A number further away or across the street
    (12 and 13, 12 and 82) is as often a number mistyped."""
    if not (digits_a.isdigit() and digits_b.isdigit()):
        return False
    gap = abs(int(digits_a) - int(digits_b))
    return gap <= 10 and gap % 2 == 0


def _in_range(number, span):
    """12 is in 12-14 (a building on both numbers)."""
    if "-" not in span:
        return False
    low, _dash, high = span.partition("-")
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    if not (digits.isdigit() and low.isdigit() and high.isdigit()):
        return False
    return int(low) <= int(digits) <= int(high)


def _town_level(a, b):
    """same | near | other | None (not known on both sides), from the zips
    and the towns."""
    zip_a, zip_b = a.get("zip_key"), b.get("zip_key")
    city_a, city_b = a.get("city_key"), b.get("city_key")
    cities = None
    if city_a and city_b:
        cities = city_a.replace(" ", "") == city_b.replace(" ", "") or (
            JaroWinkler.similarity(city_a, city_b) >= 0.9
        )
    if zip_a and zip_b:
        if zip_a == zip_b:
            return "same"
        zip_typo = len(zip_a) == len(zip_b) and (
            DamerauLevenshtein.distance(zip_a, zip_b) == 1
        )
        if cities and zip_typo:
            return "same"
        # One postal area (Paris 75002 and 75015): a zip mistyped or
        # another district; two areas: two towns of one name (two
        # Frankfurts), unless both leads name the same state: then a zip
        # mistyped most often (the rest of the address tells).
        same_area = zip_a[:2] == zip_b[:2]
        state = a.get("state_key")
        same_state = bool(state) and state == b.get("state_key")
        if (cities or (zip_typo and cities is None)) and (same_area or same_state):
            return "near"
        return "other"
    if cities is None:
        return None
    return "same" if cities else "other"


def _units_differ(a, b):
    """Both name a flat, floor or building, and one of them differs."""
    parts_a, parts_b = dict(_unit_parts(a)), dict(_unit_parts(b))
    return any(
        parts_a[kind] != parts_b[kind] for kind in parts_a.keys() & parts_b.keys()
    )


def address_level(a, b):
    """How two addresses compare (an ``address`` level of
    ``evidence.LEVELS``, but the household, which needs the names), or None
    when one has no street or they cannot be told apart."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return None
    street_a, street_b = a.get("street_key"), b.get("street_key")
    country_a, country_b = a.get("country_key"), b.get("country_key")
    if not street_a or not street_b:
        return _street_missing_level(a, b)
    if country_a and country_b and country_a != country_b:
        return "other"
    street = _street_level(street_a, street_b)
    if street == "other" and _lines_swapped(a, b):
        street = "near"
    town = _town_level(a, b)
    if street == "other":
        number = _number_level(a.get("house_number"), b.get("house_number"))
        return "other_street" if number == "same" and town == "same" else "other"
    if town == "other":
        return "street_elsewhere"
    number = _number_level(a.get("house_number"), b.get("house_number"))
    if town is None:
        return "near" if street == "same" and number == "same" else None
    if number in ("other", "next_door"):
        # A street typed with a typo is still that street; not another type
        # of the same name (Maple Street and Maple Road are two streets).
        one_street = street == "same" or not _other_type(street_a, street_b)
        if not one_street or town != "same":
            return "other"
        return "neighbours" if number == "next_door" else "same_street"
    if number == "same" and street == "same":
        if _units_differ(a.get("unit_key"), b.get("unit_key")):
            return "same_other_unit"
        return "same" if town == "same" else "near"
    deviations = (number != "same") + (street != "same") + (town != "same")
    # Two things off (47 Maranoaa Street and 74 Maranoa Street in one town;
    # 75 Finn Street and 75 Finn Sgret, the zip mistyped) are still one
    # address; not the number and the town both.
    if deviations == 2 and (number == "same" or town == "same"):
        return "near"
    return "near" if deviations == 1 else None


def _street_missing_level(a, b):
    """One street left out (the line holds only the house number): the same
    number in the same town is nearly the same address; nothing else can be
    told (None)."""
    if not (a.get("street_key") or b.get("street_key")):
        return None
    country_a, country_b = a.get("country_key"), b.get("country_key")
    if country_a and country_b and country_a != country_b:
        return None
    number = _number_level(a.get("house_number"), b.get("house_number"))
    return "near" if number == "same" and _town_level(a, b) == "same" else None


def compare_address(a, b, shared_count=1):
    """``(level, weight in bits)`` of two addresses' keys (as
    ``address_keys`` gives them), or None when one has no address or they
    cannot be compared. ``shared_count``: how many leads share the address
    (the lead itself included): ``same`` weighs less when many do
    (``evidence.Level.weight``)."""
    level = address_level(a, b)
    if level is None:
        return None
    count = shared_count if _is_count(shared_count) else 1
    return level, evidence.level("address", level).weight(count)


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def compare_place(a, b):
    """``(level, weight in bits)`` of two addresses' places (``place_key``:
    a second line naming no flat), or None: the same place, typed another
    way or not, is a level of ``evidence``'s ``place``; another place, or
    one left out, says nothing (a line people write or not); a place of
    the same name in another town neither (every town has its Résidence
    les Pins)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return None
    place_a, place_b = a.get("place_key"), b.get("place_key")
    if not place_a or not place_b or not _close(place_a, place_b):
        return None
    if _town_level(a, b) == "other":
        return None
    country_a, country_b = a.get("country_key"), b.get("country_key")
    if country_a and country_b and country_a != country_b:
        return None
    return "same", evidence.level("place", "same").weight()


def same_household(
    address_level_, person_a, person_b, first_a=None, first_b=None, shared_count=1
):
    """True when two leads are one household: the same address (or nearly:
    typed another way) and two first names that cannot be one person's,
    whatever the surnames (``Pierre Martin`` and ``Sophie Martin``, or
    ``Sophie Dubois``), the address shared by few leads (more is a building:
    ``evidence.HOUSEHOLD_MAX``). ``person_a``/``person_b``: person-name keys
    or words; ``first_a``/``first_b``: their first names when known
    (``person_first_name``: a shared first name with another surname is a
    new name, not a household); a missing name says nothing. Shown as
    related, never counted."""
    if not one_home(address_level_, shared_count):
        return False
    level = normalize.person_name_level(person_a, person_b, first_a, first_b)
    return level in ("other_first_name", "other")


def one_home(address_level_, shared_count=1):
    """True when two addresses are one home's: the same address (or nearly:
    typed another way), shared by few leads (more is a building:
    ``evidence.HOUSEHOLD_MAX``)."""
    if address_level_ not in ("same", "near"):
        return False
    return not (_is_count(shared_count) and shared_count > evidence.HOUSEHOLD_MAX)
