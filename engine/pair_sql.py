"""SQL that every reader of the stored pairs shares: a company's thresholds
and the pairs marked "Not duplicates" (``company`` and ``pair`` aliases)."""

from odoo.tools import SQL

from ..tools import evidence

#: SQL: the thresholds of ``company`` (the defaults where a company has none,
#: e.g. one written by SQL before the addon was installed).
DUPLICATE_FROM = SQL(
    "COALESCE(company.similar_duplicate_score, %s)", evidence.DUPLICATE_SCORE
)
POSSIBLE_FROM = SQL(
    "COALESCE(company.similar_possible_score, %s)", evidence.POSSIBLE_SCORE
)
NOT_DISMISSED = SQL(
    """NOT EXISTS (
       SELECT FROM crm_lead_not_duplicate dismissed
        WHERE dismissed.lead_id = LEAST(pair.lead_id, pair.other_id)
          AND dismissed.other_lead_id = GREATEST(pair.lead_id, pair.other_id))"""
)
