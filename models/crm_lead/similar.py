"""The similar leads of a lead, from the stored scored pairs: the counts of a
page of leads, the similar leads with their class, score and why, and the
searches behind the filters (``engine/detection.py``, ``engine/pairs.py``)."""

from collections.abc import Collection

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, ormcache

from ...engine import (
    context_keys,
    detection,
    explanation,
    groups,
    lead_rules,
    pairs,
    queue,
    reader_cells,
    related,
)
from ...tools import scoring

CLASSES = [
    (scoring.DUPLICATE, "Duplicate"),
    (scoring.POSSIBLE, "Possible duplicate"),
    (scoring.RELATED, "Related"),
    (scoring.HOUSEHOLD, "Related: same household"),
]


class CrmLeadSimilar(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    similar_lead_ids = fields.Many2many(
        "crm.lead",
        string="Similar Leads",
        compute="_compute_similar_lead_ids",
        compute_sudo=True,
        search="_search_similar_lead_ids",
        context={"active_test": False},
        help="Duplicates, possible duplicates and related leads of the same "
        "organisation, strongest first.",
    )
    similar_lead_count = fields.Integer(
        string="Similar Leads Found",
        compute="_compute_similar_lead_count",
        compute_sudo=True,
        help="How many leads you can see are similar to this one, of every class: "
        "duplicates, possible duplicates and related leads.",
    )
    similar_duplicate_count = fields.Integer(
        string="Duplicates",
        compute="_compute_similar_duplicates",
        compute_sudo=True,
        search="_search_similar_duplicate_count",
        help="How many leads you can see are duplicates of this one.",
    )
    # Kept by ``engine/pairs.py``: the score of the lead's best stored pair,
    # whoever may read the other lead (never shown to users: it would tell
    # about leads they cannot read). The "Has Similar Leads" filter walks
    # the leads that have one, in the list's order (the index below), and
    # checks each under the user's rules: a first page reads a few hundred
    # leads, whatever the size of the table.
    similar_top_score = fields.Float(
        string="Best Similarity Score",
        readonly=True,
        copy=False,
        prefetch=False,
        groups="base.group_system",
    )
    similar_user_count = fields.Integer(
        string="Salespeople on Duplicates",
        compute="_compute_similar_duplicates",
        compute_sudo=True,
        help="How many salespeople own this lead and its duplicates.",
    )
    # Relative to the lead in context key ``similar_origin_lead_id``: how and
    # why each lead of the similar-leads view matches the lead it was opened
    # from.
    similar_class = fields.Selection(
        CLASSES,
        string="Similarity",
        compute="_compute_similar_to_origin",
        compute_sudo=True,
    )
    similar_score = fields.Float(
        string="Score", compute="_compute_similar_to_origin", compute_sudo=True
    )
    similar_explanation = fields.Html(
        string="Why",
        compute="_compute_similar_to_origin",
        compute_sudo=True,
        sanitize=False,
    )
    # The explanation without the class and the score (the lists show them
    # in their own columns).
    similar_reasons = fields.Html(
        string="Why Similar",
        compute="_compute_similar_to_origin",
        compute_sudo=True,
        sanitize=False,
    )
    similar_is_scored = fields.Boolean(
        compute="_compute_similar_to_origin", compute_sudo=True
    )
    similar_is_origin = fields.Boolean(
        compute="_compute_similar_to_origin", compute_sudo=True
    )
    similar_is_duplicate = fields.Boolean(
        string="Duplicate",
        compute="_compute_similar_to_origin",
        compute_sudo=True,
        search="_search_similar_is_duplicate",
    )

    _similar_top_score_idx = models.Index(
        "(priority DESC, id DESC) WHERE similar_top_score IS NOT NULL"
    )

    # ------------------------------------------------------------
    # KEEPING THE PAIRS CURRENT
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        pairs.schedule(leads, created=True)
        return leads

    def write(self, vals):
        shared = (
            pairs.shared_values(self)
            if not vals.keys().isdisjoint(pairs.SHARED_INPUTS)
            else None
        )
        if not vals.keys().isdisjoint(pairs.PAIR_INPUTS):
            result = super().write(vals)
            pairs.schedule(self, shared=shared)
        elif not vals.keys().isdisjoint(pairs.WON_INPUTS):
            before = self._similar_pipeline_states()
            result = super().write(vals)
            after = self._similar_pipeline_states()
            changed = self.filtered(lambda lead: before[lead.id] != after[lead.id])
            # A lead won or no longer won stops or starts sharing its values:
            # the leads sharing them are scored again (not for a new request).
            won = changed.filtered(lambda lead: before[lead.id][0] != after[lead.id][0])
            pairs.schedule(changed - won)
            pairs.schedule(won, shared=pairs.shared_values(won) or None)
        else:
            result = super().write(vals)
        readers = (*pairs.OWNER_INPUTS, *(self._similar_rule_fields() or ()))
        if not vals.keys().isdisjoint(readers):
            pairs.schedule(self, moved=True, shared=shared)
        return result

    def unlink(self):
        """The leads sharing a value with deleted leads are scored again (how
        many share it changed), and those paired with them grouped again."""
        leads = self.sudo().with_context(active_test=False)
        pairs.schedule_sharers(self.env, pairs.shared_values(leads))
        paired = pairs.paired_with(leads)
        result = super().unlink()
        groups.update(self.env, paired.ids)  # their pairs with these are gone
        queue.forget_cached(self.env)
        return result

    def _similar_pipeline_states(self):
        """``{lead id: (won, in its first stage)}``: what pairs depend on of
        a lead's place in the pipeline (a won lead has none; an opportunity
        still in its team's first stage is a new request: ``scoring``)."""
        first = {}
        states = {}
        for lead in self:
            team = lead.team_id.id
            if team not in first:
                first[team] = self._stage_find(team_id=team).id
            states[lead.id] = (
                lead_rules.is_won(lead),
                lead.type == "opportunity" and lead.stage_id.id == first[team],
            )
        return states

    @api.model
    @ormcache()
    def _similar_rule_fields(self):
        """What the record rules on leads read, beyond core's rules
        (``engine/reader_cells.py``): cached until a rule changes."""
        return reader_cells.rule_fields(self.env)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*pairs.PAIR_DEPENDS, "user_id", "stage_id")
    def _compute_similar_duplicates(self):
        """The counts, for pages of leads: one query."""
        found = detection.find_matches(self, duplicates_only=True)
        for lead in self:
            matches = found.get(lead._origin.id, [])
            lead.similar_duplicate_count = len(matches)
            owners = {match.user_id for match in matches} | {lead.user_id.id}
            lead.similar_user_count = len(owners - {None, False}) if matches else 0

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*pairs.PAIR_DEPENDS, "stage_id")
    def _compute_similar_lead_ids(self):
        by_lead = _matches_by_lead(self)
        for lead in self:
            matches = by_lead.get(lead._origin.id, [])
            lead.similar_lead_ids = [match.lead_id for match in matches]

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*pairs.PAIR_DEPENDS)
    def _compute_similar_lead_count(self):
        for lead in self:
            lead.similar_lead_count = len(lead.similar_lead_ids)

    def _similar_matches(self):
        """The similar leads of one lead, strongest first, colleagues of the
        same organisation last."""
        self.ensure_one()
        return _matches_by_lead(self).get(self.id, [])

    def _similar_duplicates(self, exact_only=False):
        """The duplicates of one lead the user may see (only those sure enough
        to merge without a person looking, if ``exact_only``)."""
        self.ensure_one()
        # (For the leads read with it too: a wizard asks lead by lead.)
        pairs.catch_up(self.env, self._prefetch_ids)
        matches = detection.find_matches(self, duplicates_only=True).get(self.id, [])
        return self.browse(
            match.lead_id for match in matches if match.exact or not exact_only
        )

    def _similar_origin(self):
        """The lead in context key ``similar_origin_lead_id``, if the user may
        read it (nothing is ever told about a lead the user cannot read)."""
        origin_id = self.env.context.get(context_keys.ORIGIN_LEAD)
        if not isinstance(origin_id, int) or not origin_id:
            return self.browse()
        origin = self.env["crm.lead"].sudo(False).browse(origin_id).exists()
        return origin._filtered_access("read").with_env(self.env)

    def _order_to_sql(self, order, query, alias=None, reverse=False):
        """Opened from a lead, that lead comes first ("This lead"), then, in
        the default order, its similar leads strongest first."""
        sql = super()._order_to_sql(order, query, alias, reverse)
        if reverse or alias not in (None, self._table):
            return sql  # ordering another model by its lead
        origin = self._similar_origin()
        if not origin:
            return sql
        lead_id = SQL.identifier(self._table, "id")
        first = [SQL("%s = %s DESC", lead_id, origin.id)]
        if not order or order == self._order:
            first.append(
                SQL(
                    """(SELECT pair.score FROM crm_lead_similar_pair pair
                         WHERE pair.lead_id = %s AND pair.other_id = %s
                       ) DESC NULLS LAST""",
                    origin.id,
                    lead_id,
                )
            )
        return SQL(", ").join([*first, sql] if sql else first)

    @api.depends_context(
        context_keys.ORIGIN_LEAD, "uid", "company", "allowed_company_ids", "lang"
    )
    def _compute_similar_to_origin(self):
        origin = self._similar_origin()
        matches = {m.lead_id: m for m in origin._similar_matches()} if origin else {}
        render = self.env["ir.qweb"]._render
        this_lead = Markup('<span class="badge text-bg-primary">%s</span>') % (
            self.env._("This lead")
        )
        for lead in self:
            match = matches.get(lead._origin.id)
            lead.similar_is_origin = bool(origin) and lead._origin == origin
            lead.similar_class = match.klass if match else False
            lead.similar_score = match.score if match else 0.0
            lead.similar_is_scored = bool(match and match.contributions)
            lead.similar_is_duplicate = lead.similar_is_origin or bool(
                match and match.klass == scoring.DUPLICATE
            )
            if not match:
                lead.similar_explanation = lead.similar_reasons = False
                if lead.similar_is_origin:
                    # The list's Why column names the lead it was opened from.
                    lead.similar_reasons = this_lead
                continue
            values = explanation.explain(
                self.env,
                match.score,
                match.klass,
                match.contributions,
                reasons=(
                    related.reasons(origin, lead._origin)
                    if match.klass == scoring.RELATED
                    else ()
                ),
            )
            template = "crm_similar_leads.similar_explanation"
            lead.similar_explanation = render(template, values)
            lead.similar_reasons = render(template, {**values, "summary": False})

    # ------------------------------------------------------------
    # SEARCHES: only ever about leads the user may read, on both sides
    # ------------------------------------------------------------

    def _search_similar_lead_ids(self, operator, value):
        """Leads similar to given leads (ids, or a domain with ``any``); the
        given leads the user may not read are ignored."""
        if operator in ("any", "not any"):
            try:
                origins = self.env["crm.lead"].search(Domain(value))
            except (TypeError, ValueError):
                raise UserError(self.env._("Give a filter on leads.")) from None
        elif operator in ("in", "not in") and all(map(_is_number, value)):
            leads = self.env["crm.lead"].with_context(active_test=False)
            origins = leads.browse(list(value)).exists()
        else:
            raise UserError(
                self.env._(
                    "Similar leads can only be searched as “similar to” given leads."
                )
            )
        by_lead = _matches_by_lead(origins._filtered_access("read"))
        ids = [match.lead_id for matches in by_lead.values() for match in matches]
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
        """Leads by their number of duplicates, any comparison (the "Has
        Similar Leads" filter is ``> 0``)."""
        holds = _comparison(operator, value)
        if holds is None:
            raise UserError(
                self.env._("Compare the number of duplicates with a whole number.")
            )
        if (operator, value) in ((">", 0), (">=", 1)) or (
            operator == "not in" and _values(operator, value) == [0]
        ):
            # "Has duplicates" (the filter, or != 0): no counting needed.
            return Domain.custom(
                to_sql=lambda model, alias, _query: detection.has_duplicates(
                    model, alias
                )
            )
        counts = detection.leads_with_duplicates(self)
        if holds(0):  # leads without duplicates match: exclude those that fail
            return Domain(
                "id",
                "not in",
                _having(counts, operator, value, negate=True),
            )
        return Domain("id", "in", _having(counts, operator, value))


def _matches_by_lead(leads):
    """``{lead id: matches}``: the similar leads of each saved lead, strongest
    first, then colleagues and won deals (one home for what "similar" lists)."""
    found = detection.find_matches(leads)
    return {
        lead.id: _with_colleagues(lead, found.get(lead.id, []))
        for lead in leads._origin
        if lead.id
    }


def _with_colleagues(origin, matches):
    """``matches`` and, after them, the colleagues no pair links and the won
    deals of the same customer (``engine/related.py``)."""
    known = {match.lead_id for match in matches}
    colleagues = [
        match
        for match in detection.related_colleagues(origin)
        if match.lead_id not in known
    ]
    return related.with_won_deals(origin, [*matches, *colleagues])


#: The comparisons a search may give (Odoo 19 turns = and != into in and
#: not in before).
_COMPARE = {
    "<": lambda count, value: count < value,
    "<=": lambda count, value: count <= value,
    ">": lambda count, value: count > value,
    ">=": lambda count, value: count >= value,
    "in": lambda count, value: count in value,
    "not in": lambda count, value: count not in value,
}
_SQL_COMPARE = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _is_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_collection(value):
    return isinstance(value, Collection) and not isinstance(value, str)


def _values(operator, value):
    if operator in ("in", "not in"):
        return list(value) if _is_collection(value) else [value]
    return value


def _comparison(operator, value):
    """``count -> bool`` for ``count <operator> value``, None if invalid."""
    compare = _COMPARE.get(operator)
    if compare is None:
        return None
    values = _values(operator, value)
    numbers = values if operator in ("in", "not in") else [values]
    if not all(_is_number(v) for v in numbers):
        return None
    return lambda count: compare(count, values)


def _having(counts, operator, value, negate=False):
    """SQL: the ids of the leads (with duplicates) whose count satisfies
    ``count <operator> value`` (or does not, if ``negate``)."""
    values = _values(operator, value)
    if operator in ("in", "not in"):
        condition = SQL("counts.count = ANY(%s)", values or [-1])
        if operator == "not in":
            condition = SQL("NOT (%s)", condition)
    else:
        condition = SQL("counts.count %s %s", SQL(_SQL_COMPARE[operator]), values)
    if negate:
        condition = SQL("NOT (%s)", condition)
    return SQL("SELECT counts.lead_id FROM (%s) counts WHERE %s", counts, condition)
