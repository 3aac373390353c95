"""Where a merge comes from: one table (key, the journal's label, the line
of the merge note)."""

from dataclasses import dataclass

from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


@dataclass(frozen=True)
class Origin:
    key: str
    label: object  # lazy translation
    note: object = None  # lazy translation; None: nothing to add


ORIGINS = (
    Origin("manual", _lt("Merge window")),
    Origin(
        "queue",
        _lt("Review queue"),
        _lt("Merged from the duplicate review queue."),
    ),
    Origin(
        "proposal",
        _lt("Proposal on save"),
        _lt("Merged when the duplicate was saved."),
    ),
    Origin(
        "convert",
        _lt("Convert to opportunity"),
        _lt("Merged while converting a lead to an opportunity."),
    ),
    Origin(
        "assignment",
        _lt("Lead assignment"),
        _lt(
            "Merged automatically by lead assignment: the records have the same "
            "email, phone or contact."
        ),
    ),
    Origin("api", _lt("Another application"), _lt("Merged by another application.")),
    Origin(
        "import",
        _lt("Import"),
        _lt(
            "Merged while importing: the imported row is an exact duplicate of this "
            "lead."
        ),
    ),
    Origin(
        "incoming",
        _lt("Incoming lead"),
        _lt(
            "Added on arrival: the new lead (website form, email or another "
            "application) is an exact duplicate of this open lead."
        ),
    ),
)
KEYS = frozenset(origin.key for origin in ORIGINS)
_BY_KEY = {origin.key: origin for origin in ORIGINS}


def selection(env):
    """``[(key, label)]`` in the user's language."""
    return [(origin.key, env._(origin.label)) for origin in ORIGINS]


def note_line(env, key):
    """The line of the merge note saying where the merge came from ("" for
    the merge window)."""
    origin = _BY_KEY.get(key)
    return env._(origin.note) if origin and origin.note else ""


def checked(key, default):
    """``key`` if it is an origin, else ``default`` (a context may say
    anything)."""
    return key if key in KEYS else default
