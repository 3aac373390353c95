"""Access that follows the leads: the addon's records about leads (pairs,
proposals, queue groups, merge journals, wizard lines) are open to a user
only as far as the leads they name are.

Record rules cannot say "a lead this user may read" (they are evaluated as
superuser), so the rule is applied where Odoo applies access: ``_search``
(lists, counts, reads) and ``_check_access`` (every read, write, create and
unlink of given records).
"""

from types import MappingProxyType

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain


class CrmLeadAccessMixin(models.AbstractModel):
    _name = "crm.lead.access.mixin"
    _description = "Access Following the Leads"

    #: Fields (many2one or many2many to crm.lead) whose leads decide access.
    _lead_access_fields = ()
    #: The right needed on every one of those leads, per operation.
    _lead_access_rights = MappingProxyType(
        {"read": "read", "create": "read", "write": "write", "unlink": "write"}
    )

    def _access_leads(self):
        """``{record id: leads}`` of ``self``, read as superuser."""
        result = {}
        for record in self.sudo().with_context(active_test=False):
            leads = record.env["crm.lead"]
            for fname in self._lead_access_fields:
                leads |= record[fname]
            result[record.id] = leads
        return result

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        right = self._lead_access_rights[operation]
        by_record = self._access_leads()
        all_leads = self.env["crm.lead"].browse(
            {lead.id for leads in by_record.values() for lead in leads}
        )
        allowed = all_leads.with_env(self.env)._filtered_access(right)
        forbidden = self.browse(
            [
                record_id
                for record_id, leads in by_record.items()
                if set(leads.ids) - set(allowed.ids)
            ]
        )
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(
            self.env._(
                "You cannot do this: %(what)s concerns leads you may not %(right)s.",
                what=self._description,
                right=self.env._("change") if right == "write" else self.env._("see"),
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        if not (self.env.su or kwargs.get("bypass_access")):
            domain = Domain(domain) & self._lead_access_domain()
        return super()._search(domain, offset, limit, order, **kwargs)

    @api.model
    def _lead_access_domain(self):
        """Records whose every lead the user may read (or write, for
        journals): applied to every search."""
        Lead = self.env["crm.lead"].with_context(active_test=False)
        right = self._lead_access_rights["read"]
        if right == "read":
            visible = Lead._search([])
        else:
            visible = Lead._search(
                self.env["ir.rule"]._compute_domain("crm.lead", right)
            )
        domain = Domain.TRUE
        for fname in self._lead_access_fields:
            if self._fields[fname].type == "many2one":
                domain &= Domain(fname, "in", visible) | Domain(fname, "=", False)
            else:
                domain &= Domain(fname, "not any!", [("id", "not in", visible)])
        return domain
