"""The duplicate review queue: groups of leads sharing an email, a phone or a
contact, across the whole pipeline, computed in set-based SQL."""

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..engine.lead_merge import LeadMerge
from ..engine.lead_rules import is_open_for_merge
from ..tools import matching

_logger = logging.getLogger(__name__)

SCAN_DATE_PARAM = "crm_similar_leads.duplicate_scan_date"
SCAN_LOCK = SQL("hashtext('crm_similar_leads.scan')")
#: One row per (reason, value) of each lead ``lead``, the values groups share.
LEAD_GROUP_KEYS = SQL(
    """CROSS JOIN LATERAL (VALUES
           ('email', lead.similar_email_key),
           ('phone', lead.similar_phone_key),
           ('partner', lead.partner_id::text)
       ) AS keys(reason, match_key)"""
)
#: Reasons that make a group (exact keys only: name similarity over a whole
#: table is left to the per-lead Similar Leads button).
GROUP_REASONS = ("partner", "email", "phone")


def _in_scanned_keys(alias):
    """SQL: row ``alias`` holds one of the values an incremental scan redoes."""
    return SQL(
        """EXISTS (
               SELECT FROM csl_scan_keys scanned
                WHERE scanned.reason = %(alias)s.reason
                  AND scanned.match_key = %(alias)s.match_key
                  AND scanned.company_id IS NOT DISTINCT FROM %(alias)s.company_id)""",
        alias=SQL.identifier(alias),
    )


class CrmLeadDuplicateGroup(models.Model):
    _name = "crm.lead.duplicate.group"
    _inherit = "crm.lead.access.mixin"
    _description = "Group of Duplicate Leads"
    _lead_access_fields = ("lead_ids",)
    _order = "score desc, lead_count desc, id"
    _rec_name = "first_lead_id"

    reason = fields.Selection(
        [("partner", "Same contact"), ("email", "Same email"), ("phone", "Same phone")],
        required=True,
        readonly=True,
    )
    match_key = fields.Char(required=True, readonly=True)
    match_label = fields.Char(string="Shared Value", compute="_compute_match_label")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_duplicate_group_lead_rel",
        "group_id",
        "lead_id",
        string="Leads",
        readonly=True,
        context={"active_test": False},
    )
    first_lead_id = fields.Many2one(
        "crm.lead", string="First Created", readonly=True, ondelete="cascade"
    )
    lead_count = fields.Integer(string="Number of Leads", readonly=True)
    score = fields.Integer(readonly=True, aggregator="max")
    is_exact = fields.Boolean(
        string="Exact Match",
        readonly=True,
        help="Every lead of the group has the same email and the same phone.",
    )
    lead_signature = fields.Char(readonly=True)
    state = fields.Selection(
        [("open", "To Review"), ("dismissed", "Not Duplicates"), ("merged", "Merged")],
        default="open",
        required=True,
        readonly=True,
        index=True,
    )

    _group_unique = models.UniqueIndex(
        "(COALESCE(company_id, 0), reason, match_key)",
        "A group already exists for this value.",
    )

    @api.depends("reason", "match_key")
    def _compute_match_label(self):
        """The shared email or phone, or the shared contact's name."""
        partner_ids = [
            int(group.match_key) for group in self if group.reason == "partner"
        ]
        names = {
            partner.id: partner.display_name
            for partner in self.env["res.partner"].browse(partner_ids).exists()
        }
        for group in self:
            if group.reason == "partner":
                group.match_label = names.get(int(group.match_key), group.match_key)
            else:
                group.match_label = group.match_key

    # ------------------------------------------------------------
    # SCAN
    # ------------------------------------------------------------

    @api.model
    def _scan(self, full=False):
        """Rebuilds the groups: all of them, or (incremental) only those of the
        values held by leads changed since the last scan. Returns the number
        of groups written, or None when another scan holds the lock."""
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s), now()", SCAN_LOCK))
        locked, started = cr.fetchone()
        if not locked:
            return None
        Param = self.env["ir.config_parameter"].sudo()
        last_scan = Param.get_param(SCAN_DATE_PARAM)
        full = full or not last_scan
        self.env["crm.lead"].flush_model()
        self.env["crm.lead.not.duplicate"].flush_model()
        self.flush_model()
        cr.execute("DROP TABLE IF EXISTS csl_scan_keys")
        if full:
            scope = SQL("TRUE")
        else:
            # Values held by leads changed since the last scan, and the
            # values of the groups those leads were in (they may have left).
            cr.execute(
                SQL(
                    """CREATE TEMP TABLE csl_scan_keys ON COMMIT DROP AS
                       SELECT DISTINCT company_id, reason, match_key FROM (
                           SELECT lead.company_id, keys.reason, keys.match_key
                             FROM crm_lead lead %(keys)s
                            WHERE lead.write_date >= %(since)s
                              AND keys.match_key IS NOT NULL
                           UNION ALL
                           SELECT grp.company_id, grp.reason, grp.match_key
                             FROM crm_lead_duplicate_group grp
                             JOIN crm_lead_duplicate_group_lead_rel rel
                               ON rel.group_id = grp.id
                             JOIN crm_lead lead ON lead.id = rel.lead_id
                            WHERE lead.write_date >= %(since)s
                       ) changed""",
                    since=last_scan,
                    keys=LEAD_GROUP_KEYS,
                )
            )
            cr.execute(
                "CREATE INDEX ON csl_scan_keys (reason, match_key);"
                "ANALYZE csl_scan_keys"
            )
            scope = _in_scanned_keys("keyed")
        count = self._scan_write(scope, full)
        Param.set_param(SCAN_DATE_PARAM, fields.Datetime.to_string(started))
        self.invalidate_model()
        _logger.info(
            "Duplicate scan (%s): %s groups", "full" if full else "incremental", count
        )
        return count

    def _scan_write(self, scope, full):
        """Computes the groups in ``scope`` and writes them in a few statements."""
        cr = self.env.cr
        weight = {code: matching.REASONS[code].weight for code in GROUP_REASONS}
        cr.execute(
            SQL(
                """
            CREATE TEMP TABLE csl_scan_groups ON COMMIT DROP AS
            WITH keyed AS (
                SELECT lead.id, lead.company_id, keys.reason, keys.match_key,
                       lead.similar_email_key AS email, lead.similar_phone_key AS phone
                  FROM crm_lead lead %(keys)s
                 WHERE lead.merged_into_id IS NULL
                   AND lead.won_status IS DISTINCT FROM 'won'
                   AND keys.match_key IS NOT NULL
            ), grouped AS (
                SELECT company_id, reason, match_key,
                       array_agg(id ORDER BY id) AS lead_ids,
                       count(DISTINCT email) = 1 AND bool_and(email IS NOT NULL)
                       AND count(DISTINCT phone) = 1 AND bool_and(phone IS NOT NULL)
                           AS is_exact
                  FROM keyed
                 WHERE %(scope)s
                 GROUP BY company_id, reason, match_key
                HAVING count(*) > 1
            )
            -- One group per set of leads: same email and same phone give
            -- one (exact) group, not two.
            SELECT DISTINCT ON (company_id, lead_ids)
                   company_id, reason, match_key, lead_ids, is_exact,
                   md5(lead_ids::text) AS signature,
                   LEAST(100, CASE reason WHEN 'partner' THEN %(partner)s
                                          WHEN 'email' THEN %(email)s
                                          ELSE %(phone)s END
                              + CASE WHEN is_exact THEN %(phone)s ELSE 0 END
                              + LEAST(cardinality(lead_ids), 10)) AS score
              FROM grouped
             ORDER BY company_id, lead_ids,
                      array_position(ARRAY['partner', 'email', 'phone'], reason)
                """,
                scope=scope,
                keys=LEAD_GROUP_KEYS,
                partner=weight["partner"],
                email=weight["email"],
                phone=weight["phone"],
            )
        )
        # Groups of the scanned values that are gone (merged, changed, a
        # duplicate of a group kept under another reason).
        stale_scope = SQL("TRUE") if full else _in_scanned_keys("grp")
        cr.execute(
            SQL(
                """DELETE FROM crm_lead_duplicate_group grp
                    WHERE %s AND NOT EXISTS (
                          SELECT FROM csl_scan_groups new
                           WHERE new.reason = grp.reason
                             AND new.match_key = grp.match_key
                             AND new.company_id IS NOT DISTINCT FROM grp.company_id)""",
                stale_scope,
            )
        )
        # A dismissed group stays dismissed until its leads change.
        cr.execute(
            """
            INSERT INTO crm_lead_duplicate_group AS grp
                   (company_id, reason, match_key, first_lead_id, lead_count, score,
                    is_exact, lead_signature, state,
                    create_uid, create_date, write_uid, write_date)
            SELECT company_id, reason, match_key, lead_ids[1], cardinality(lead_ids),
                   score, is_exact, signature, 'open',
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM csl_scan_groups
            ON CONFLICT (COALESCE(company_id, 0), reason, match_key) DO UPDATE
               SET first_lead_id = EXCLUDED.first_lead_id,
                   lead_count = EXCLUDED.lead_count,
                   score = EXCLUDED.score,
                   is_exact = EXCLUDED.is_exact,
                   lead_signature = EXCLUDED.lead_signature,
                   state = CASE WHEN grp.state = 'dismissed'
                                 AND grp.lead_signature = EXCLUDED.lead_signature
                                THEN 'dismissed' ELSE 'open' END,
                   write_uid = EXCLUDED.write_uid,
                   write_date = EXCLUDED.write_date
            """,
            {"uid": self.env.uid},
        )
        scanned = SQL("""
            SELECT grp.id, new.lead_ids
              FROM csl_scan_groups new
              JOIN crm_lead_duplicate_group grp
                ON grp.reason = new.reason AND grp.match_key = new.match_key
               AND grp.company_id IS NOT DISTINCT FROM new.company_id
        """)
        cr.execute(
            SQL(
                """DELETE FROM crm_lead_duplicate_group_lead_rel rel
                    USING (%s) scanned WHERE rel.group_id = scanned.id""",
                scanned,
            )
        )
        cr.execute(
            SQL(
                """INSERT INTO crm_lead_duplicate_group_lead_rel (group_id, lead_id)
                   SELECT scanned.id, unnest(scanned.lead_ids) FROM (%s) scanned""",
                scanned,
            )
        )
        cr.execute("SELECT count(*) FROM csl_scan_groups")
        count = cr.fetchone()[0]
        cr.execute("DROP TABLE csl_scan_groups")
        return count

    @api.model
    def _cron_scan(self):
        if self._scan() is None:
            _logger.info("Duplicate scan skipped: another one is running")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_scan_now(self):
        """The list's "Scan now" button (it sends the selected ids, if any:
        the scan covers every lead all the same). Sales managers only."""
        self._check_manager()
        count = self.sudo()._scan()
        if count is None:
            raise UserError(
                self.env._("A scan is already running. Try again in a few minutes.")
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s groups updated.", count=count),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _after_merge(self, leads):
        """Groups of merged leads with fewer than two leads left to merge are
        merged (called by the merge engine, in the same transaction)."""
        groups = self.sudo().search(
            [("lead_ids", "in", leads.ids), ("state", "=", "open")]
        )
        for group in groups:
            if len(group._mergeable_leads()) < 2:
                group.state = "merged"

    def _check_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers can scan or merge the review queue.")
            )

    def _mergeable_leads(self):
        self.ensure_one()
        return self.lead_ids.filtered(is_open_for_merge)

    def action_merge(self):
        """Opens the merge wizard on the group's leads."""
        self.ensure_one()
        self.check_access("write")
        action = self._mergeable_leads()._merge_wizard_action()
        action["context"].update(similar_merge_origin="queue")
        return action

    def action_dismiss(self):
        """Not duplicates: hidden until the group's leads change."""
        self.check_access("write")
        self.write({"state": "dismissed"})

    def action_reopen(self):
        self.check_access("write")
        self.write({"state": "open"})

    def action_merge_exact(self):
        """Merges every selected group whose leads share the same email and
        the same phone (the oldest lead is kept), one savepoint per group."""
        self._check_manager()
        self.check_access("write")
        exact = self.filtered(lambda group: group.is_exact and group.state == "open")
        batch = self.env["crm.lead.merge.batch"].create(
            {"name": self.env._("Mass merge of %(count)s groups", count=len(exact))}
        )
        merged, failed = self.browse(), []
        for group in exact:
            leads = group._mergeable_leads()
            try:
                with self.env.cr.savepoint():
                    LeadMerge(leads, origin="queue", batch=batch).run()
                    group.state = "merged"
                merged |= group
            except Exception as error:  # noqa: BLE001 - one group never stops the others
                _logger.info("Queue group %s not merged: %s", group.id, error)
                failed.append(f"{group.display_name}: {error}")
        message = self.env._(
            "%(merged)s groups merged, %(skipped)s skipped "
            "(not exact or not to review).",
            merged=len(merged),
            skipped=len(self - exact),
        )
        if failed:
            message += "\n" + self.env._("Not merged:") + "\n" + "\n".join(failed)
        if merged:  # the batch opens next, with its "Undo this batch" button
            following = batch._get_records_action(name=batch.name)
        else:
            batch.unlink()
            following = {"type": "ir.actions.client", "tag": "soft_reload"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if failed else "success",
                "message": message,
                "sticky": bool(failed),
                "next": following,
            },
        }
