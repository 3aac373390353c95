"""What a transaction still has to score: one object per transaction, kept
in the cursor's pre-commit data, read and emptied by ``engine/pairs.py``.

- ``written``: leads saved in this transaction whose pairs must be found
  again before anyone reads pairs (``pairs.up_to_date``), or at the commit;
- ``created``: those of them created here (left to the scheduled job when
  nothing reads their pairs before the commit);
- ``moved``: leads given to another salesperson (or changed in a field a
  record rule reads): scored again at the commit only, since lead
  assignment reads duplicates between the leads it assigns;
- ``sharing`` and ``shared``: leads whose shared values (a mailbox, number,
  customer) changed, and their values before (``(key column, value)``):
  the other leads sharing these values are scored again by the job, since
  how many leads share a value weighs in their pairs;
- ``checked``: leads ``pairs.catch_up`` looked for since the last
  ``up_to_date``;
- ``deferred`` (post-commit data: kept through savepoints, which run the
  pre-commit hooks): created leads left to the job so far.
"""

from dataclasses import dataclass, field

#: Where the object lives in ``cr.precommit.data``.
KEY = "crm_similar_leads.pending"
#: Where created leads left to the job live (``cr.postcommit.data``).
DEFERRED = "crm_similar_leads.pairs_deferred"


@dataclass
class Pending:
    written: set = field(default_factory=set)
    created: set = field(default_factory=set)
    moved: set = field(default_factory=set)
    sharing: set = field(default_factory=set)
    shared: set = field(default_factory=set)
    checked: set = field(default_factory=set)


def of(cr, at_commit=None):
    """The transaction's pending work; ``at_commit(env)`` is registered as
    its pre-commit hook when the object is created."""
    data = cr.precommit.data
    if KEY not in data:
        data[KEY] = Pending()
        if at_commit:
            cr.precommit.add(at_commit)
    return data[KEY]


def peek(cr):
    """The transaction's pending work, or None (nothing was scheduled)."""
    return cr.precommit.data.get(KEY)


def deferred(cr):
    """Created leads left to the job in this transaction so far."""
    return cr.postcommit.data.setdefault(DEFERRED, set())
