"""Every reference to some records, moved onto another record of the same model.

Generic: nothing here knows about leads. The references are read from the
database and the registry, never listed by hand, so that a module installed
later (or a custom field) is handled too:

- foreign keys (``pg_constraint``) of any table, moved with one UPDATE per
  column; in a two-column link table (a many2many) the target gets a copy of
  the sources' links and the sources keep theirs, and no record is linked to
  itself;
- ``res_model``/``res_id`` pairs: many2one_reference fields whose model field
  is stored (messages, attachments, activities...) and integer ``res_id``
  columns next to a model column (``snailmail.letter``);
- reference fields (``"model,id"``);
- followers: each partner follows the target once, with all its subtypes.

Each change comes back as a :class:`Moved`, which a journal can store to undo
it, and :func:`count_references` counts beforehand what :func:`move_references`
moves. The ORM is told which fields changed, so stored fields computed from
them (``mail.activity.res_name``, a stored related field) are recomputed.
"""

from .finding import find_references
from .kinds import (
    FOLLOWERS,
    FOREIGN_KEY,
    LINK,
    REFERENCE,
    RES_ID,
    Moved,
    Reference,
)
from .moving import move_references
from .restoring import restorable, restore_references
from .rows import count_references

__all__ = [
    "FOLLOWERS",
    "FOREIGN_KEY",
    "LINK",
    "REFERENCE",
    "RES_ID",
    "Moved",
    "Reference",
    "count_references",
    "find_references",
    "move_references",
    "restorable",
    "restore_references",
]
