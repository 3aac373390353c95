"""How alike each record of a merge is to the record kept, wherever the merge
window was opened from: the stored pair when there is one (the score the
Similar Leads button shows), else the two leads compared now (a lead added
by hand that shares nothing with the record kept, a won opportunity, whose
pairs are not kept). The merge window shows it under each record and warns
about the records that are not duplicates of the record kept."""

from typing import NamedTuple

from odoo.tools import SQL

from ..tools import evidence, scoring
from . import candidates, detection, lead_rules


class Likeness(NamedTuple):
    score: float
    klass: str | None  # scoring.DUPLICATE, POSSIBLE, RELATED or None
    contributions: list
    dismissed: bool  # marked "not a duplicate" of the record kept

    @property
    def warns(self):
        """Not a duplicate nor a possible duplicate of the record kept."""
        return self.dismissed or self.klass not in (scoring.DUPLICATE, scoring.POSSIBLE)


def compare(master, leads):
    """``{lead id: Likeness}`` of each of ``leads`` but ``master``, compared
    with ``master``."""
    others = (leads - master)._origin
    if not master or not others:
        return {}
    env = master.env
    detection.flush_inputs(env)
    rows = env.execute_query(
        SQL(
            """SELECT pair.other_id, pair.score, pair.is_related, pair.contributions,
                      EXISTS (
                          SELECT FROM crm_lead_not_duplicate dismissed
                           WHERE dismissed.lead_id = LEAST(pair.lead_id, pair.other_id)
                             AND dismissed.other_lead_id
                                 = GREATEST(pair.lead_id, pair.other_id))
                 FROM crm_lead_similar_pair pair
                WHERE pair.lead_id = %s AND pair.other_id = ANY(%s)""",
            master.id,
            others.ids,
        )
    )
    stored = {row[0]: row[1:] for row in rows}
    fresh = [lead_id for lead_id in others.ids if lead_id not in stored]
    profiles = (
        candidates.read_profiles(env, [master.id, *fresh], only_open=False)[1]
        if fresh
        else {}
    )
    company = master.company_id or env.company
    thresholds = (
        company.similar_duplicate_score or evidence.DUPLICATE_SCORE,
        company.similar_possible_score or evidence.POSSIBLE_SCORE,
    )
    result = {}
    for lead in others.sudo():
        if lead.id in stored:
            score, related, parts, dismissed = stored[lead.id]
            comparison = scoring.Comparison(score, related=related)
        else:
            comparison = scoring.compare(profiles[master.id], profiles[lead.id])
            parts = [[p.field, p.level, p.weight] for p in comparison.contributions]
            dismissed = _dismissed(env, master, lead)
        klass = comparison.klass(*thresholds)
        if klass and (lead_rules.is_won(master) or lead_rules.is_won(lead)):
            # A won deal is never a duplicate (see ``engine.related``).
            klass = scoring.RELATED
        result[lead.id] = Likeness(comparison.score, klass, parts or [], dismissed)
    return result


def _dismissed(env, master, lead):
    low, high = sorted((master.id, lead.id))
    return bool(
        env["crm.lead.not.duplicate"]
        .sudo()
        .search_count([("lead_id", "=", low), ("other_lead_id", "=", high)], limit=1)
    )
