"""The similar leads of a lead: counts for pages of leads, the similar leads
with why each matched, and the searches behind the filters. The queries live
in ``engine/detection.py``."""

from collections.abc import Collection

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ...engine import detection
from ...tools import matching

SIMILAR_DEPENDS = (*matching.KEY_FIELDS, "partner_id", "company_id")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    similar_lead_ids = fields.Many2many(
        "crm.lead",
        string="Similar Leads",
        compute="_compute_similar_lead_ids",
        compute_sudo=True,
        search="_search_similar_lead_ids",
        context={"active_test": False},
        help="Leads that look like this one, strongest match first, including "
        "leads of the same company that are only related.",
    )
    similar_duplicate_count = fields.Integer(
        string="Duplicates",
        compute="_compute_similar_duplicates",
        compute_sudo=True,
        search="_search_similar_duplicate_count",
        help="How many leads you can see are potential duplicates of this one.",
    )
    similar_has_strong = fields.Boolean(
        string="Has Strong Duplicates",
        compute="_compute_similar_duplicates",
        compute_sudo=True,
        help="Same email, phone or contact as another lead: a merge is likely.",
    )
    similar_user_count = fields.Integer(
        string="Salespeople on Duplicates",
        compute="_compute_similar_duplicates",
        compute_sudo=True,
        help="How many salespeople own this lead and its potential duplicates.",
    )
    # Relative to the lead in context key ``similar_origin_lead_id``: why each
    # lead of the similar-leads view matched the lead it was opened from.
    similar_reason_ids = fields.Many2many(
        "crm.lead.similar.reason",
        string="Match Reasons",
        compute="_compute_similar_to_origin",
        compute_sudo=True,
    )
    similar_is_origin = fields.Boolean(
        compute="_compute_similar_to_origin", compute_sudo=True
    )
    similar_is_duplicate = fields.Boolean(
        string="Potential Duplicate",
        compute="_compute_similar_to_origin",
        compute_sudo=True,
        search="_search_similar_is_duplicate",
    )

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*SIMILAR_DEPENDS, "user_id")
    def _compute_similar_duplicates(self):
        """The counts, for pages of leads: without the related leads."""
        similar_by_lead = detection.find_matches(self, with_related=False)
        for lead in self:
            similar = similar_by_lead.get(lead.id, detection.NO_SIMILAR_LEADS)
            duplicates = similar.matches
            lead.similar_duplicate_count = similar.duplicate_count
            lead.similar_has_strong = any(
                match.strength == matching.STRONG for match in duplicates
            )
            owners = {match.user_id for match in duplicates} | {similar.user_id}
            lead.similar_user_count = len(owners - {None, False}) if duplicates else 0

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*SIMILAR_DEPENDS)
    def _compute_similar_lead_ids(self):
        similar_by_lead = detection.find_matches(self)
        for lead in self:
            similar = similar_by_lead.get(lead.id, detection.NO_SIMILAR_LEADS)
            lead.similar_lead_ids = [match.lead_id for match in similar.matches]

    def _similar_matches_of(self, with_related=True):
        """The matches of one lead, strongest first (not capped by rank)."""
        self.ensure_one()
        similar = detection.find_matches(
            self, detection.MAX_MATCHES_PER_REASON, with_related
        ).get(self.id, detection.NO_SIMILAR_LEADS)
        return similar.matches

    def _similar_duplicates(self, min_strength=matching.DUPLICATE_STRENGTH):
        """The potential duplicates of one lead: all of them, or only those
        matched at ``min_strength`` or more."""
        return self.browse(
            match.lead_id
            for match in self._similar_matches_of(with_related=False)
            if match.strength >= min_strength
        )

    def _similar_origin(self):
        """The lead in context key ``similar_origin_lead_id``, if the user may
        read it (nothing is ever told about a lead the user cannot read)."""
        origin_id = self.env.context.get("similar_origin_lead_id")
        if not isinstance(origin_id, int) or not origin_id:
            return self.browse()
        origin = self.env["crm.lead"].sudo(False).browse(origin_id).exists()
        return origin._filtered_access("read").with_env(self.env)

    @api.depends_context(
        "similar_origin_lead_id", "uid", "company", "allowed_company_ids"
    )
    def _compute_similar_to_origin(self):
        origin = self._similar_origin()
        matches = origin._similar_matches_of() if origin else []
        codes_by_lead = {match.lead_id: match.codes for match in matches}
        reasons = self.env["crm.lead.similar.reason"].search(
            [("code", "in", list(matching.REASONS))]
        )
        reason_by_code = {reason.code: reason for reason in reasons}
        for lead in self:
            codes = codes_by_lead.get(lead._origin.id, [])
            lead.similar_reason_ids = [
                reason_by_code[code].id for code in codes if code in reason_by_code
            ]
            lead.similar_is_origin = bool(origin) and lead._origin == origin
            lead.similar_is_duplicate = lead.similar_is_origin or matching.is_duplicate(
                codes
            )

    # ------------------------------------------------------------
    # SEARCHES: only ever about leads the user may read, on both sides
    # ------------------------------------------------------------

    def _readable_leads(self, ids):
        leads = self.env["crm.lead"].with_context(active_test=False).browse(ids)
        return leads.exists()._filtered_access("read")

    def _search_similar_lead_ids(self, operator, value):
        """Leads similar to given leads (ids, or a domain with ``any``); the
        given leads the user may not read are ignored."""
        if operator in ("any", "not any"):
            try:
                origins = self.env["crm.lead"].search(Domain(value))
            except (TypeError, ValueError):
                raise UserError(self.env._("Give a filter on leads.")) from None
        elif operator in ("in", "not in") and all(map(_is_number, value)):
            origins = self._readable_leads(list(value))
        else:
            raise UserError(
                self.env._(
                    "Similar leads can only be searched as “similar to” given leads."
                )
            )
        similar_by_lead = detection.find_matches(
            origins._filtered_access("read"), detection.MAX_MATCHES_PER_REASON
        )
        ids = [
            m.lead_id for similar in similar_by_lead.values() for m in similar.matches
        ]
        return Domain("id", "in" if operator in ("in", "any") else "not in", ids)

    def _search_similar_is_duplicate(self, operator, value):
        if operator not in ("in", "not in") or not all(
            isinstance(v, bool) for v in value
        ):
            raise UserError(self.env._("This filter only takes yes or no."))
        wanted = (True in value) == (operator == "in")
        origin = self._similar_origin()
        if not origin:
            return Domain.FALSE if wanted else Domain.TRUE
        ids = [origin.id, *origin._similar_duplicates().ids]
        return Domain("id", "in" if wanted else "not in", ids)

    def _search_similar_duplicate_count(self, operator, value):
        """Leads by their number of potential duplicates, for any operator
        whose answer only depends on whether there are some (the "Has
        Similar Leads" filter: ``> 0``, ``= 0``...)."""
        holds = _comparison(operator, value)
        if holds is None:
            raise UserError(
                self.env._("Compare the number of duplicates with a whole number.")
            )
        at_zero = holds(0)
        positives = {holds(count) for count in range(1, _largest(value) + 3)}
        if len(positives) > 1:
            raise UserError(
                self.env._(
                    "The number of duplicates can only be compared with 0: search "
                    "for leads with or without duplicates."
                )
            )
        (for_some,) = positives
        if at_zero == for_some:
            return Domain.TRUE if at_zero else Domain.FALSE
        subquery = detection.leads_with_duplicates(self)
        return Domain("id", "in" if for_some else "not in", subquery)


_COMPARE = {
    "=": lambda count, value: count == value,
    "!=": lambda count, value: count != value,
    "<": lambda count, value: count < value,
    "<=": lambda count, value: count <= value,
    ">": lambda count, value: count > value,
    ">=": lambda count, value: count >= value,
    "in": lambda count, value: count in value,
    "not in": lambda count, value: count not in value,
}


def _is_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _comparison(operator, value):
    """``count -> bool`` for ``count <operator> value``, None if invalid."""
    compare = _COMPARE.get(operator)
    if compare is None:
        return None
    if operator in ("in", "not in"):
        values = list(value) if _is_collection(value) else [value]
        if not all(_is_number(v) for v in values):
            return None
        return lambda count: compare(count, values)
    if not _is_number(value):
        return None
    return lambda count: compare(count, value)


def _is_collection(value):
    return isinstance(value, Collection) and not isinstance(value, str)


def _largest(value):
    values = value if _is_collection(value) else [value]
    return max([v for v in values if _is_number(v)] + [0])
