from typing import NamedTuple

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import matching

#: At most this many leads are read per reason and lead: a switchboard phone
#: shared by 500 leads still shows all 500, a placeholder shared by 100,000
#: does not load them all. Counts above it are floors.
MAX_MATCHES_PER_REASON = 1000
#: Leads of the same company (related, never counted) read per lead.
MAX_RELATED_PER_REASON = 50
#: Leads whose names sort next to a lead's, compared with it (each way).
NAME_NEIGHBOURS = 10
#: Similar leads loaded into ``similar_lead_ids`` per lead, strongest first.
MAX_SIMILAR_LEADS = 200


class SimilarMatch(NamedTuple):
    lead_id: int
    codes: list
    strength: int
    user_id: int | None

    @property
    def is_duplicate(self):
        return self.strength >= matching.DUPLICATE_STRENGTH


class SimilarLeads(NamedTuple):
    duplicate_count: int
    matches: list
    user_id: int | None  # the origin's salesperson


NO_SIMILAR_LEADS = SimilarLeads(0, (), None)

KEY_FIELDS = matching.KEY_FIELDS


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Normalised keys, stored and indexed so matches are index look-ups.
    similar_email_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_email_domain = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_phone_key = fields.Char(
        compute="_compute_similar_keys", store=True, index="btree_not_null", copy=False
    )
    similar_contact_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_company_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    similar_title_key = fields.Char(
        compute="_compute_similar_keys", store=True, copy=False
    )
    merged_into_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="The lead this one was merged into; merged leads are kept archived.",
    )

    # Name look-ups, both ways (see _similar_name_neighbours).
    _similar_names_idx = models.Index(
        "(similar_contact_key, similar_company_key) INCLUDE (id)"
        " WHERE similar_contact_key IS NOT NULL"
    )
    _similar_company_names_idx = models.Index(
        "(similar_company_key, similar_contact_key) INCLUDE (id)"
        " WHERE similar_company_key IS NOT NULL"
    )
    _similar_title_idx = models.Index(
        "(similar_title_key) INCLUDE (id) WHERE similar_title_key IS NOT NULL"
    )

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
    similar_has_strong = fields.Boolean(
        string="Has Strong Duplicates",
        compute="_compute_similar_leads",
        compute_sudo=True,
        help="Same email, phone or contact as another lead: a merge is likely.",
    )
    similar_user_count = fields.Integer(
        string="Salespeople on Duplicates",
        compute="_compute_similar_leads",
        compute_sudo=True,
        help="How many salespeople own this lead and its potential duplicates.",
    )
    similar_lead_count = fields.Integer(
        string="Similar",
        compute="_compute_similar_leads",
        compute_sudo=True,
        search="_search_similar_lead_count",
        help="How many leads you can see are potential duplicates of this one.",
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

    # ------------------------------------------------------------
    # KEYS
    # ------------------------------------------------------------

    @api.depends(
        "email_from",
        "phone",
        "contact_name",
        "partner_name",
        "name",
        "country_id",
        "partner_id.country_id",
        "company_id.country_id",
    )
    def _compute_similar_keys(self):
        fallback_country = self.env.company.country_id.code
        for lead in self:
            regions = (
                lead.country_id.code,
                lead.partner_id.country_id.code,
                lead.company_id.country_id.code,
                fallback_country,
            )
            lead.update(
                matching.lead_keys(
                    lead.email_from,
                    lead.phone,
                    lead.contact_name,
                    lead.partner_name,
                    lead.name,
                    regions,
                )
            )

    # ------------------------------------------------------------
    # MATCHING
    # ------------------------------------------------------------

    def _similar_candidates_query(self):
        """Leads that may appear as similar: readable by the user (record
        rules, companies), active or lost, never won, never merged away."""
        domain = Domain("merged_into_id", "=", False) & Domain(
            "won_status", "!=", "won"
        )
        # The computes run as superuser (see the fields): the record rules of
        # the user still apply here.
        return self.sudo(False).with_context(active_test=False)._search(domain)

    @api.model
    def _similar_reason_conditions(self, company):
        """SQL condition per enabled reason, on aliases ``origin``/``crm_lead``."""
        threshold = company.similar_name_threshold
        conditions = {}
        if company.similar_match_partner:
            conditions["partner"] = SQL("crm_lead.partner_id = origin.partner_id")
        if company.similar_match_email:
            conditions["email"] = SQL(
                "crm_lead.similar_email_key = origin.similar_email_key"
            )
        if company.similar_match_phone:
            conditions["phone"] = SQL(
                "crm_lead.similar_phone_key = origin.similar_phone_key"
            )
        if company.similar_match_names:
            conditions["names"] = SQL(
                "crm_lead.id = ANY(ARRAY(%s))",
                self._similar_name_neighbours(threshold),
            )
        if company.similar_match_title:
            conditions["title"] = SQL(
                "crm_lead.id = ANY(ARRAY(%s))",
                self._similar_title_neighbours(company.similar_title_threshold),
            )
        # Related only: colleagues of one organisation (seed 004: not to merge).
        conditions["domain"] = SQL(
            """crm_lead.similar_email_domain = origin.similar_email_domain
           AND crm_lead.similar_email_key <> origin.similar_email_key
           AND origin.similar_email_domain <> ALL(%s)""",
            company._similar_extra_public_domains() or [""],
        )
        conditions["company"] = SQL(
            """crm_lead.partner_id IN (
                   SELECT partner.id FROM res_partner partner
                    WHERE partner.commercial_partner_id = origin.commercial_partner_id)
           AND crm_lead.partner_id <> origin.partner_id"""
        )
        return conditions

    @api.model
    def _similar_name_neighbours(self, threshold):
        """SQL: the ids of the leads whose contact and company names are
        similar to the origin's.

        Sorted neighbourhood: among the leads with the same company name,
        only those whose contact names sort next to the origin's are
        compared (and the same the other way round), read from two covering
        (name, name) indexes: a few index look-ups per lead instead of a
        trigram search of the table; typos after the first letters are
        still found."""
        parts = []
        for same, near in (
            ("similar_company_key", "similar_contact_key"),
            ("similar_contact_key", "similar_company_key"),
        ):
            for compare, order in ((">=", "ASC"), ("<", "DESC")):
                parts.append(
                    SQL(
                        """
                SELECT nearby.id FROM (
                       SELECT near.id, near.similar_contact_key,
                              near.similar_company_key
                         FROM crm_lead near
                        WHERE near.%(same)s = origin.%(same)s
                          AND near.%(near)s %(compare)s origin.%(near)s
                        ORDER BY near.%(near)s %(order)s
                        LIMIT %(window)s) nearby
                 WHERE similarity(nearby.similar_contact_key,
                                  origin.similar_contact_key) >= %(threshold)s
                   AND similarity(nearby.similar_company_key,
                                  origin.similar_company_key) >= %(threshold)s""",
                        same=SQL.identifier(same),
                        near=SQL.identifier(near),
                        compare=SQL(compare),
                        order=SQL(order),
                        window=NAME_NEIGHBOURS,
                        threshold=threshold,
                    )
                )
        # Index-only scans: the names are compared without reading the leads.
        return SQL(" UNION ALL ").join(parts)

    @api.model
    def _similar_title_neighbours(self, threshold):
        """SQL: the ids of the leads whose titles are near-identical to the
        origin's, among the titles that sort next to it (as for names)."""
        return SQL(" UNION ALL ").join(
            SQL(
                """
                SELECT nearby.id FROM (
                       SELECT near.id, near.similar_title_key FROM crm_lead near
                        WHERE near.similar_title_key
                              %(compare)s origin.similar_title_key
                        ORDER BY near.similar_title_key %(order)s
                        LIMIT %(window)s) nearby
                 WHERE similarity(nearby.similar_title_key,
                                  origin.similar_title_key) >= %(threshold)s""",
                compare=SQL(compare),
                order=SQL(order),
                window=NAME_NEIGHBOURS,
                threshold=threshold,
            )
            for compare, order in ((">=", "ASC"), ("<", "DESC"))
        )

    @api.model
    def _similar_pair_condition(self):
        """What any match needs besides a reason: another lead, of the same
        company (leads of two companies cannot be merged), not dismissed as
        "not a duplicate"."""
        return SQL(
            """crm_lead.id <> origin.id
           AND (crm_lead.company_id = origin.company_id
                OR crm_lead.company_id IS NULL OR origin.company_id IS NULL)
           AND NOT EXISTS (
               SELECT FROM crm_lead_not_duplicate dismissed
                WHERE dismissed.lead_id = LEAST(crm_lead.id, origin.id)
                  AND dismissed.other_lead_id = GREATEST(crm_lead.id, origin.id))"""
        )

    def _similar_matches_sql(self, limit, related=True):
        """One query that finds, for every lead of ``self``, its similar leads
        (at most ``limit`` each, strongest first) and its duplicate count.

        Rows: (origin id, lead id, reason codes strongest first, strength,
        number of duplicates of the origin, salesperson id, origin's
        salesperson id)."""
        company = self.env.company
        candidates = self._similar_candidates_query()
        conditions = self._similar_reason_conditions(company)
        if not related:  # a count needs none of them
            conditions = {
                code: condition
                for code, condition in conditions.items()
                if matching.REASONS[code].strength >= matching.DUPLICATE_STRENGTH
            }
        lateral_parts = []
        for code, condition in conditions.items():
            reason = matching.REASONS[code]
            cap = (
                MAX_MATCHES_PER_REASON
                if reason.strength >= matching.DUPLICATE_STRENGTH
                else MAX_RELATED_PER_REASON
            )
            lateral_parts.append(
                SQL(
                    """SELECT origin.id AS origin_id, found.id AS lead_id,
                              %(code)s AS reason
                         FROM origin CROSS JOIN LATERAL (
                              SELECT crm_lead.id FROM %(from)s
                               WHERE %(where)s AND (%(condition)s) AND %(pair)s
                               LIMIT %(cap)s) found""",
                    code=code,
                    condition=condition,
                    pair=self._similar_pair_condition(),
                    cap=cap,
                    **{
                        "from": candidates.from_clause,
                        "where": candidates.where_clause,
                    },
                )
            )
        reasons = SQL(", ").join(
            SQL("(%s, %s, %s)", reason.code, reason.strength, reason.weight)
            for reason in matching.REASONS.values()
        )
        query = SQL(
            """
            WITH origin AS (
                SELECT lead.id, lead.company_id, lead.partner_id, lead.user_id,
                       partner.commercial_partner_id,
                       lead.similar_email_key, lead.similar_email_domain,
                       lead.similar_phone_key, lead.similar_contact_key,
                       lead.similar_company_key, lead.similar_title_key
                  FROM crm_lead lead
                  LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                 WHERE lead.id = ANY(%(ids)s)
            ), matches AS (
                %(matches)s
            ), reason(code, strength, weight) AS (
                VALUES %(reasons)s
            ), candidate AS (
                SELECT matches.origin_id, matches.lead_id,
                       array_agg(reason.code ORDER BY reason.weight DESC) AS codes,
                       max(reason.strength) AS strength,
                       sum(reason.weight) AS score
                  FROM matches JOIN reason ON reason.code = matches.reason
                 GROUP BY matches.origin_id, matches.lead_id
            ), ranked AS (
                SELECT candidate.*,
                       row_number() OVER (
                           PARTITION BY origin_id
                           ORDER BY strength DESC, score DESC, lead_id) AS rank,
                       count(*) FILTER (WHERE strength >= %(duplicate)s)
                           OVER (PARTITION BY origin_id) AS duplicate_count
                  FROM candidate
            )
            SELECT ranked.origin_id, ranked.lead_id, ranked.codes, ranked.strength,
                   ranked.duplicate_count, lead.user_id, origin.user_id
              FROM ranked
              JOIN crm_lead lead ON lead.id = ranked.lead_id
              JOIN origin ON origin.id = ranked.origin_id
             WHERE ranked.rank <= %(limit)s
             ORDER BY ranked.origin_id, ranked.rank
            """,
            ids=list(self.ids),
            matches=SQL(" UNION ALL ").join(lateral_parts),
            reasons=reasons,
            duplicate=matching.DUPLICATE_STRENGTH,
            limit=limit,
        )
        return query

    def _similar_matches(self, limit=MAX_SIMILAR_LEADS, related=True):
        """``{origin id: SimilarLeads}`` for the saved leads of ``self``, their
        matches strongest first (leads without any match are left out);
        without the related leads of the same company if not ``related``."""
        origins = self.filtered("id")
        if not origins:
            return {}
        self.env["crm.lead"].flush_model(
            KEY_FIELDS
            + ("partner_id", "company_id", "won_status", "active", "merged_into_id")
        )
        self.env["crm.lead.not.duplicate"].flush_model()
        query = origins._similar_matches_sql(limit, related)
        self.env.cr.execute(query)
        result = {}
        rows = self.env.cr.fetchall()
        for origin_id, lead_id, codes, strength, count, user_id, origin_user in rows:
            similar = result.setdefault(origin_id, SimilarLeads(count, [], origin_user))
            similar.matches.append(SimilarMatch(lead_id, codes, strength, user_id))
        return result

    def _similar_matches_of(self, limit=MAX_MATCHES_PER_REASON, related=True):
        """The matches of one lead, strongest first."""
        self.ensure_one()
        similar = self._similar_matches(limit, related).get(self.id, NO_SIMILAR_LEADS)
        return similar.matches

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*KEY_FIELDS, "partner_id", "company_id", "user_id")
    def _compute_similar_leads(self):
        """The counts, for pages of leads: without the related leads."""
        similar_by_lead = self._similar_matches(related=False)
        for lead in self:
            similar = similar_by_lead.get(lead.id, NO_SIMILAR_LEADS)
            duplicates = similar.matches
            lead.similar_lead_count = similar.duplicate_count
            lead.similar_has_strong = any(
                match.strength == matching.STRONG for match in duplicates
            )
            owners = {match.user_id for match in duplicates} | {similar.user_id}
            lead.similar_user_count = len(owners - {None, False}) if duplicates else 0

    @api.depends_context("uid", "company", "allowed_company_ids")
    @api.depends(*KEY_FIELDS, "partner_id", "company_id")
    def _compute_similar_lead_ids(self):
        similar_by_lead = self._similar_matches()
        for lead in self:
            similar = similar_by_lead.get(lead.id, NO_SIMILAR_LEADS)
            lead.similar_lead_ids = [match.lead_id for match in similar.matches]

    def _similar_origin(self):
        origin_id = self.env.context.get("similar_origin_lead_id")
        if not isinstance(origin_id, int) or not origin_id:
            return self.browse()
        return self.browse(origin_id).exists()

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

    def _similar_duplicates(self, min_strength=matching.DUPLICATE_STRENGTH):
        """The potential duplicates of one lead (not capped by rank): all of
        them, or only those matched at ``min_strength`` or more."""
        return self.browse(
            match.lead_id
            for match in self._similar_matches_of(related=False)
            if match.strength >= min_strength
        )

    def _search_similar_lead_ids(self, operator, value):
        if operator != "in":
            return NotImplemented
        origins = self.browse([v for v in value if isinstance(v, int)])
        similar_by_lead = origins._similar_matches(limit=MAX_MATCHES_PER_REASON)
        return Domain(
            "id",
            "in",
            [
                m.lead_id
                for similar in similar_by_lead.values()
                for m in similar.matches
            ],
        )

    def _search_similar_is_duplicate(self, operator, value):
        if operator != "in":
            return NotImplemented
        origin = self._similar_origin()
        if not origin:
            return Domain.FALSE if True in value else Domain.TRUE
        ids = [origin.id, *origin._similar_duplicates().ids]
        return Domain("id", "in" if True in value else "not in", ids)

    def _search_similar_lead_count(self, operator, value):
        """Supports the "Has similar leads" filter: ``> 0`` and ``= 0``."""
        if operator in ("in", "not in") and set(value) == {0}:
            positive = operator == "not in"
            return Domain(
                "id", "in" if positive else "not in", self._has_similar_leads_subquery()
            )
        if operator in (">", "!=") and value == 0 or operator == ">=" and value == 1:
            return Domain("id", "in", self._has_similar_leads_subquery())
        return NotImplemented

    @api.model
    def _has_similar_leads_subquery(self):
        """SQL selecting every lead with at least one potential duplicate."""
        company = self.env.company
        candidates = self._similar_candidates_query()
        conditions = [
            condition
            for code, condition in self._similar_reason_conditions(company).items()
            if matching.REASONS[code].strength >= matching.DUPLICATE_STRENGTH
        ]
        if not conditions:
            return SQL("SELECT NULL::int")
        return SQL(
            """SELECT origin.id FROM (
                   SELECT lead.*, partner.commercial_partner_id
                     FROM crm_lead lead
                     LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                    WHERE lead.merged_into_id IS NULL) origin
                WHERE EXISTS (
                   SELECT FROM %s WHERE %s AND (%s) AND %s)""",
            candidates.from_clause,
            candidates.where_clause,
            SQL(" OR ").join(SQL("(%s)", condition) for condition in conditions),
            self._similar_pair_condition(),
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_similar_leads(self):
        """The similar leads and this one, in kanban, with why each matched."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_similar_leads.crm_lead_action_similar"
        )
        action["name"] = action["display_name"] = self.env._(
            "Similar to %(lead)s", lead=self.name
        )
        action["domain"] = [
            "|",
            ("id", "=", self.id),
            ("id", "in", self.similar_lead_ids.ids),
        ]
        action["context"] = {
            "active_test": False,
            "create": False,
            "similar_origin_lead_id": self.id,
            "search_default_similar_duplicates": 1,
        }
        return action

    def action_similar_not_duplicate(self):
        """Stops this lead from matching the lead the view was opened from."""
        origin = self._similar_origin()
        if not origin:
            raise UserError(
                self.env._(
                    "Open the similar leads of a lead first: “Not a duplicate” "
                    "compares a lead with the one they were opened from."
                )
            )
        origin.check_access("read")
        self.check_access("read")
        NotDuplicate = self.env["crm.lead.not.duplicate"]
        for lead in self:
            if lead != origin:
                NotDuplicate._mark_pair(lead, origin)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_similar_keep_separate(self):
        """Records this lead and its strong duplicates as not duplicates."""
        self.ensure_one()
        self.check_access("read")
        for duplicate in self._similar_duplicates(min_strength=matching.STRONG):
            self.env["crm.lead.not.duplicate"]._mark_pair(self, duplicate)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_similar_proposal(self):
        """The merge proposal window for a lead just saved, or False when the
        company does not want it or the lead has no strong duplicate."""
        self.ensure_one()
        if self.env.company.similar_proposal != "propose":
            return False
        if not self._similar_duplicates(min_strength=matching.STRONG):
            return False
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_similar_leads.crm_lead_similar_proposal_action"
        )
        action["context"] = {
            "default_lead_id": self.id,
            "similar_origin_lead_id": self.id,
            "active_test": False,
        }
        return action

    def action_similar_notify_salespeople(self):
        """Posts an internal note mentioning every salesperson who owns this
        lead or one of its duplicates (seed 004: flag them all when the
        duplicates must stay separate)."""
        self.ensure_one()
        duplicates = self._similar_duplicates()
        users = (self | duplicates).user_id
        if len(users) < 2:
            raise UserError(
                self.env._(
                    "This lead and its similar leads belong to a single salesperson:"
                    " there is nobody else to notify."
                )
            )
        mentions = Markup(", ").join(
            Markup('<a href="#" data-oe-model="res.partner" data-oe-id="%s">@%s</a>')
            % (user.partner_id.id, user.name)
            for user in users
        )
        rows = Markup("").join(
            Markup("<li>%s — %s</li>")
            % (lead._get_html_link(), lead.user_id.name or self.env._("Unassigned"))
            for lead in duplicates
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(mentions)s: these leads look like duplicates of this one and are "
                "worked by different salespeople. Please agree on who follows up.",
                mentions=mentions,
            ),
            rows,
        )
        self.message_post(
            body=body,
            partner_ids=users.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
