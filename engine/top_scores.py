"""The best stored score of each lead (``crm_lead.similar_top_score``), kept
with the pairs: the "Has Similar Leads" filter reads only the leads that have
one (``detection.has_duplicates``). Pairs stored below 0 (related ones: a
household, a customer's other deals) give none: no threshold is below 0.

It may be too high, never too low: a lead whose score fell keeps the old one
until it is written again or scored again (the filter then checks it and
leaves it out), but a lead that gains a pair gets it in the transaction
that stores the pair. Other transactions' leads are not waited for (two salespeople
saving two similar leads would each wait for the other's): a locked lead
whose score must rise is logged for the scheduled job instead
(``pairs.log``).
"""

from odoo.tools import SQL


def update(env, ids):
    """Sets the best score of the leads ``ids`` from their stored pairs.
    Returns the ids of the leads left as they were because another
    transaction holds them, though their score must rise: the caller logs
    them for the scheduled job."""
    if not ids:
        return []
    changed = env.execute_query(
        SQL(
            """SELECT lead.id, best.score, lead.similar_top_score
                 FROM crm_lead lead,
                      LATERAL (SELECT max(pair.score) AS score
                                 FROM crm_lead_similar_pair pair
                                WHERE pair.lead_id = lead.id
                                  AND pair.score >= 0) best
                WHERE lead.id = ANY(%s)
                  AND best.score IS DISTINCT FROM lead.similar_top_score""",
            sorted(ids),
        )
    )
    if not changed:
        return []
    written = {
        row[0]
        for row in env.execute_query(
            SQL(
                """UPDATE crm_lead
                      SET similar_top_score = best.score
                     FROM unnest(%s::int[], %s::float8[]) AS best(id, score)
                    WHERE crm_lead.id = best.id
                      AND crm_lead.id IN (
                          SELECT id FROM crm_lead WHERE id = ANY(%s)
                             FOR NO KEY UPDATE SKIP LOCKED)
                RETURNING crm_lead.id""",
                [lead_id for lead_id, _score, _old in changed],
                [score for _id, score, _old in changed],
                [lead_id for lead_id, _score, _old in changed],
            )
        )
    }
    env["crm.lead"].invalidate_model(["similar_top_score"])
    return [
        lead_id
        for lead_id, score, old in changed
        if lead_id not in written and score is not None and (old is None or score > old)
    ]


def update_all(env):
    """Sets the best score of every lead (after a scan of every lead)."""
    env.execute_query(
        SQL(
            """UPDATE crm_lead
                  SET similar_top_score = best.score
                 FROM (SELECT lead.id, max(pair.score) AS score
                         FROM crm_lead lead
                         LEFT JOIN crm_lead_similar_pair pair
                           ON pair.lead_id = lead.id AND pair.score >= 0
                        GROUP BY lead.id) best
                WHERE crm_lead.id = best.id
                  AND crm_lead.similar_top_score IS DISTINCT FROM best.score"""
        )
    )
    env["crm.lead"].invalidate_model(["similar_top_score"])
