"""What users do with similar leads: open them, keep them apart, be proposed
a merge on save, tell the salespeople who own them."""

from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError

from ...engine import context_keys
from ...tools import actions


class CrmLeadSimilarActions(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    def action_open_similar_leads(self):
        """The similar leads and this one, in kanban, with why each matched."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_similar_leads.crm_lead_action_similar"
        )
        action["name"] = action["display_name"] = self.env._(
            "Similar to %(lead)s", lead=self.name
        )
        # Searched again on each reload: a lead marked "Not a duplicate" or
        # merged leaves the view (a list of ids would keep it, stale).
        action["domain"] = [
            "|",
            ("id", "=", self.id),
            ("similar_lead_ids", "in", self.ids),
        ]
        action["context"] = {
            "active_test": False,
            "create": False,
            context_keys.ORIGIN_LEAD: self.id,
            # Without duplicates, the possible duplicates and related leads.
            "search_default_similar_duplicates": int(
                bool(self.similar_duplicate_count)
            ),
        }
        return action

    def action_similar_not_duplicate(self):
        """Stops these leads from matching the lead the view was opened from."""
        origin = self._similar_origin()
        if not origin:
            raise UserError(
                self.env._(
                    "Open the similar leads of a lead first: “Not a duplicate” "
                    "compares a lead with the one they were opened from."
                )
            )
        self.check_access("read")
        dismissed = self - origin
        self.env["crm.lead.not.duplicate"]._mark_pairs(
            [(lead, origin) for lead in dismissed]
        )
        message = self.env._(
            "Removed from the leads similar to %(lead)s: %(leads)s.",
            leads=", ".join(dismissed.mapped("display_name")),
            lead=origin.display_name,
        )
        return actions.notification(message, kind="success", following=actions.RELOAD)

    def action_similar_keep_separate(self):
        """Records this lead and its duplicates as not duplicates."""
        self.ensure_one()
        self.check_access("read")
        duplicates = self._similar_duplicates()
        self.env["crm.lead.not.duplicate"]._mark_pairs(
            [(self, duplicate) for duplicate in duplicates]
        )
        message = self.env._(
            "Kept separate from %(leads)s: they are no longer shown as duplicates "
            "of this lead.",
            leads=", ".join(duplicates.mapped("display_name")),
        )
        return actions.notification(message, kind="success", following=actions.RELOAD)

    def action_similar_proposal(self):
        """The merge proposal window for a lead just saved, or False when the
        company does not want it or the lead has no duplicate."""
        self.ensure_one()
        self.check_access("read")
        if self.env.company.similar_proposal == "off":
            return False
        if not self._similar_duplicates():
            return False
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_similar_leads.crm_lead_similar_proposal_action"
        )
        action["context"] = {
            "default_lead_id": self.id,
            context_keys.ORIGIN_LEAD: self.id,
            "active_test": False,
        }
        return action

    def action_similar_notify_salespeople(self):
        """Posts an internal note mentioning every salesperson who owns this
        lead or one of its duplicates: when duplicates stay separate, all
        their owners should know."""
        self.ensure_one()
        self.check_access("read")
        duplicates = self._similar_duplicates()
        users = (self | duplicates).user_id
        if len(users) < 2:
            raise UserError(
                self.env._(
                    "This lead and its similar leads belong to a single salesperson:"
                    " there is nobody else to notify."
                )
            )
        # Whoever clicks knows already: the others are mentioned and notified.
        notified = users - self.env.user
        self.message_post_with_source(
            "crm_similar_leads.notify_salespeople_note",
            render_values={"mentions": _mentions(notified), "duplicates": duplicates},
            partner_ids=notified.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if len(notified) == 1:
            message = self.env._(
                "%(user)s was notified in a note on this lead.", user=notified.name
            )
        else:
            message = self.env._(
                "%(count)s salespeople were notified in a note on this lead: "
                "%(users)s.",
                count=len(notified),
                users=", ".join(notified.mapped("name")),
            )
        return actions.notification(message, kind="success", following=actions.RELOAD)


def _mentions(users):
    """``@name`` links to ``users``, as the composer writes a mention, one
    list (no space before a comma, as a template's loop leaves)."""
    return Markup(", ").join(
        Markup('<a href="#" data-oe-model="res.partner" data-oe-id="%s">@%s</a>')
        % (user.partner_id.id, user.name)
        for user in users
    )
