"""What a reference is, and what a move changed."""

from dataclasses import asdict, dataclass, field

FOREIGN_KEY, LINK, RES_ID, REFERENCE, FOLLOWERS = (
    "foreign_key",
    "link",
    "res_id",
    "reference",
    "followers",
)
#: Tables whose references never move: external ids name their record.
ALWAYS_KEPT = frozenset({"ir_model_data"})


@dataclass(frozen=True)
class Reference:
    """One column that can point at a record of the model."""

    kind: str
    table: str
    column: str
    model: str | None = None  # the ORM model of the table, if any
    field: str | None = None  # its field for the column (many2many for links)
    other_column: str | None = None  # LINK: the other column of the pair
    model_column: str | None = None  # RES_ID: the column naming the model
    keyed: bool = True  # rows have an ``id`` (journal and undo need one)
    only_records: bool = False  # RES_ID: leave binary field values (res_field)
    self_link: bool = False  # LINK: both columns point at the model

    def label(self, env):
        """The name of the referring model, as users know it."""
        if self.kind == FOLLOWERS:
            return env._("Followers")
        if self.model and self.model in env.registry:
            return env["ir.model"].sudo()._get(self.model).name  # translated
        return self.table


@dataclass
class Moved:
    """The rows of one reference that a move changed, by source record."""

    reference: Reference
    rows: dict = field(default_factory=dict)  # source id -> ids (or link values)
    subtypes: list = field(default_factory=list)  # FOLLOWERS: (follower, subtype)
    untracked: int = 0  # rows moved in a table without ids: not undoable
    # FOLLOWERS: the subtypes of each moved row when it moved: a row whose
    # subtypes were changed since follows the target on purpose.
    row_subtypes: dict = field(default_factory=dict)

    def count(self):
        return sum(len(keys) for keys in self.rows.values()) + self.untracked

    def to_json(self):
        return {
            "reference": asdict(self.reference),
            "rows": {str(source): keys for source, keys in self.rows.items()},
            "subtypes": self.subtypes,
            "untracked": self.untracked,
            "row_subtypes": {str(row): ids for row, ids in self.row_subtypes.items()},
        }

    @classmethod
    def from_json(cls, data):
        rows = {int(source): keys for source, keys in data["rows"].items()}
        return cls(
            Reference(**data["reference"]),
            rows,
            data.get("subtypes", []),
            data.get("untracked", 0),
            {int(row): ids for row, ids in data.get("row_subtypes", {}).items()},
        )
