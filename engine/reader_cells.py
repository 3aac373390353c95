"""Which leads every reader of a pair of leads may read: *cells* of leads that
no record rule tells apart.

Record rules decide who reads a lead from some of its fields: leads equal on
those fields are read by the same users. Core's rules (``CORE_RULES``) read
a lead's company and salesperson only, and let every salesperson read the
unassigned leads of their companies: ``engine/candidates.py`` counts and
sorts leads by company and salesperson, in scopes that follow those rules.
Any other rule on leads (a rule by sales team, say) reads fields of its own:
they become part of each cell, and a pair's scope is then the two leads'
cells alone.
"""

from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

#: Core's rules on leads for internal users.
CORE_RULES = frozenset(
    {
        "crm.crm_rule_personal_lead",
        "crm.crm_rule_all_lead",
        "crm.crm_lead_company_rule",
    }
)
#: Users of these groups read no similar leads (``security/``): their rules
#: (a partner portal's) do not matter here.
OUTSIDER_GROUPS = ("base.group_portal", "base.group_public")
#: Rules reading something no column holds (tags, followers): each lead is
#: its own cell. A value is then counted for the pair alone, but one shared
#: by more than the cap still finds nothing (else a placeholder would pair
#: thousands of leads): that much tells a user that many leads share it.
EACH_LEAD = ("id",)


def rule_fields(env):
    """None when only core's rules decide who reads a lead; else the columns
    of ``crm_lead``, other than company and salesperson, that the other
    rules read (``EACH_LEAD`` if one of them reads no column)."""
    rules = (
        env["ir.rule"]
        .sudo()
        .search([("model_id.model", "=", "crm.lead"), ("perm_read", "=", True)])
    )
    outsiders = {
        group.id
        for xmlid in OUTSIDER_GROUPS
        if (group := env.ref(xmlid, raise_if_not_found=False))
    }
    core = {
        rule_id
        for rule_id, xmlid in rules.get_external_id().items()
        if xmlid in CORE_RULES
    }
    names, custom = set(), False
    for rule in rules:
        if rule.id in core or (rule.groups and set(rule.groups.ids) <= outsiders):
            continue
        custom = True
        try:
            domain = Domain(safe_eval(rule.domain_force or "[]", rule._eval_context()))
        except Exception:  # noqa: BLE001 - a rule that does not evaluate alone
            return EACH_LEAD
        names.update(
            condition.field_expr.split(".")[0] for condition in domain.iter_conditions()
        )
    if not custom:
        return None
    fields = env["crm.lead"]._fields
    names -= {"company_id", "user_id"}
    if not all(
        name in fields and fields[name].store and fields[name].column_type
        for name in names
    ):
        return EACH_LEAD
    return tuple(sorted(names))
