"""What a merge writes on the record kept, and what its user may choose.

One plan serves the merge window (its lines and defaults) and the merge
itself (the values written), so that they never disagree. The rules:

- the record created first is kept and its values take priority; an empty
  value is filled from the other records, oldest first;
- the deal's place in the pipeline (stage, salesperson, team, revenue,
  probability, closing date) comes from the most advanced live record, so
  that a merge with an old lost lead never sends a live deal back to "New";
  the title too when the record kept is lost;
- the result is an opportunity if any record is one, and active if any
  record is active; descriptions are joined, the highest priority kept;
  tags (like every link) are united by the move of references;
- values that modules merge through core's hooks (``_merge_get_fields``,
  ``_merge_get_fields_specific``) are merged as core would.
"""

from lxml import etree

from odoo import fields, models

from ..tools import merge_rules, normalize
from .display import display_value
from .lead_rules import is_live, oldest_first, with_team

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
#: Taken from the most advanced live record by default.
PIPELINE_FIELDS = (
    "stage_id",
    "expected_revenue",
    "recurring_revenue",
    "recurring_plan",
    "probability",
    "date_deadline",
)
#: Chosen at the top of the merge window, from the same record by default.
ASSIGNMENT_FIELDS = ("user_id", "team_id")
#: Set by the merge's own rules, never offered as a choice.
RULE_FIELDS = frozenset(
    {
        "active",
        "type",
        "company_id",
        "description",
        "tag_ids",
        "priority",
        "lost_reason_id",
        "color",
    }
)
#: Prefixes of technical fields, never offered nor carried.
TECHNICAL_PREFIXES = ("message_", "activity_", "similar_", "merged_", "date_")
#: Core's special merge rules that the addon applies itself (above).
SPECIFIC_RULES_APPLIED = frozenset(
    {"description", "type", "priority", "tag_ids", "lost_reason_id"}
)
#: Values compared as the matching compares them: equal ones are no choice.
_COMPARABLE = {
    "email_from": lambda lead, value: lead.similar_email_key or value,
    "phone": lambda lead, value: lead.similar_phone_key or value,
    "contact_name": lambda lead, value: normalize.normalize_person_name(value) or value,
    "partner_name": lambda lead, value: (
        normalize.normalize_company_name(value) or value
    ),
}


def choice_groups(Lead):
    """``{key: field names}`` of the values a user picks: every stored field
    of the lead's form they may edit, except those set by rules; the address
    is one choice."""
    groups = {}
    on_form = form_field_names(Lead)
    for name, field in Lead._fields.items():
        if not _is_choice(Lead, name, field, on_form):
            continue
        if name in ADDRESS_FIELDS:
            groups["address"] = ADDRESS_FIELDS
        else:
            groups[name] = (name,)
    return groups


#: Fields the merge sets rather than offers as a choice, which users read on
#: the lead: the merge note and the undo preview show them too.
ALSO_SHOWN = ("type", "user_id", "team_id", "stage_id", "lost_reason_id")


def shown_fields(Lead):
    """The fields whose changes users read (the merge note, the undo
    preview): their choices, and what the merge sets by rule."""
    return {name for names in choice_groups(Lead).values() for name in names} | set(
        ALSO_SHOWN
    )


def form_field_names(Lead):
    """The fields of the lead's form as the user gets it: a field no form
    shows (an enrichment flag, a sync id) is not a value users know."""
    arch = etree.fromstring(Lead.get_view(view_type="form")["arch"])
    return {node.get("name") for node in arch.iter("field")}


def _is_choice(Lead, name, field, on_form):
    if not field.store or not Lead._has_field_access(field, "write"):
        return False
    if name in PIPELINE_FIELDS:
        return True
    return (
        name in on_form
        and not field.readonly
        and field.type not in ("one2many", "many2many", "binary")
        and name not in RULE_FIELDS
        and name not in ASSIGNMENT_FIELDS
        and name not in models.MAGIC_COLUMNS
        and not name.startswith(TECHNICAL_PREFIXES)
    )


def shown_value(lead, fnames):
    """The value of one merge choice (its field names) of ``lead``, as text."""
    parts = [display_value(lead, fname) for fname in fnames]
    return ", ".join(part for part in parts if part)


def group_label(Lead, key):
    if key == "address":
        return Lead.env._("Address")
    return Lead._fields[key]._description_string(Lead.env)


def group_value(lead, key, fnames):
    """A comparable value of one lead for one choice (None when empty).

    A lost lead's 0% probability is its status, not an estimate: it is never
    offered. A number left at 0 was never filled in."""
    if key == "probability" and lead.won_status == "lost":
        return None
    values = tuple(lead._fields[f].convert_to_write(lead[f], lead) for f in fnames)
    numeric = all(
        lead._fields[f].type in ("integer", "float", "monetary") for f in fnames
    )
    if numeric and not any(values):
        return None
    return None if all(merge_rules.is_empty(v) for v in values) else values


class MergePlan:
    """The values of a merge of ``leads`` into ``master``.

    :param choices: ``{key: lead}`` picked by the user (see ``groups``)
    :param user: salesperson to apply (default: from the pipeline source)
    :param team: sales team to apply (default: likewise)
    """

    def __init__(self, leads, master, choices=None, user=None, team=None):
        # Choices follow the user's rights on fields; values are read with the
        # rights the merge needs (the user may write the leads, but not read
        # every field modules add to them).
        self.Lead = leads.env["crm.lead"]
        self.groups = choice_groups(self.Lead)
        self.ordered = oldest_first(leads).sudo()
        self.ordered.fetch(  # in one query: properties are not prefetched
            [name for name, field in self.Lead._fields.items() if field.column_type]
        )
        self.master = master.sudo()
        self.choices = {key: lead.sudo() for key, lead in (choices or {}).items()}
        self.result_is_live = merge_rules.merged_is_active(
            [is_live(lead) for lead in self.ordered]
        )
        pipeline_id = merge_rules.most_advanced_live(
            [
                (lead.id, is_live(lead), lead.stage_id.sequence, _judged(lead))
                for lead in self.ordered
            ]
        )
        self.pipeline_source = self.ordered.browse(pipeline_id) if pipeline_id else None
        self.user = user if user is not None else self._default("user_id").user_id
        self.team = team if team is not None else self._default("team_id").team_id

    # ------------------------------------------------------------
    # CHOICES
    # ------------------------------------------------------------

    def _by_lead(self, key):
        fnames = self.groups.get(key) or (key,)
        return [(lead.id, group_value(lead, key, fnames)) for lead in self.ordered]

    def options(self, key):
        """Leads holding each distinct value of ``key`` (two or more: a choice)."""
        comparable = _COMPARABLE.get(key)
        by_id = {lead.id: lead for lead in self.ordered}
        return merge_rules.value_options(
            self._by_lead(key),
            comparable
            and (lambda lead_id, value: comparable(by_id[lead_id], value[0])),
        )

    def _default(self, key):
        """The lead whose value of ``key`` survives unless the user chooses."""
        follows_pipeline = key in PIPELINE_FIELDS or key in ASSIGNMENT_FIELDS
        if key == "name" and not is_live(self.master):
            follows_pipeline = True  # a dead lead's title is not the deal's
        if follows_pipeline and self.pipeline_source:
            fnames = self.groups.get(key) or (key,)
            if group_value(self.pipeline_source, key, fnames) is not None:
                return self.pipeline_source
        source_id = merge_rules.default_source(self._by_lead(key), self.master.id)
        return self.ordered.browse(source_id)

    def default(self, key):
        return self._default(key)

    def source(self, key):
        chosen = self.choices.get(key)
        return chosen if chosen else self._default(key)

    def choice_keys(self):
        """The keys with a real choice to make, in field order: two values
        that differ once normalised and show differently (two empty property
        sets differ only where nobody sees it)."""
        return [
            key
            for key in self.groups
            if len(options := self.options(key)) > 1
            and len(
                {
                    shown_value(self.ordered.browse(lead_id), self.groups[key])
                    for lead_id in options
                }
                - {""}
            )
            > 1
        ]

    # ------------------------------------------------------------
    # VALUES WRITTEN
    # ------------------------------------------------------------

    def values(self):
        """``{field: value}`` to write on the record kept (only changes)."""
        master = self.master
        values = {}
        for key, fnames in self.groups.items():
            self._take(values, self.source(key), fnames)
        for fname in self._carried_fields():
            self._take(values, self._default(fname), (fname,))
        values.update(self._rule_values())
        values.update(self._module_values())
        if self.user != master.user_id:
            values["user_id"] = self.user.id
        if self.team != master.team_id:
            values["team_id"] = self.team.id
        values = with_team(values, self.team)
        stage = master.stage_id.browse(values.get("stage_id")) or master.stage_id
        if self.team and stage.team_ids and self.team not in stage.team_ids:
            values["stage_id"] = master._stage_find(
                team_id=self.team.id, domain=[("fold", "=", False)]
            ).id
        return values

    def _take(self, values, source, fnames):
        master = self.master
        if source == master:
            return
        for fname in fnames:
            field = master._fields[fname]
            new = field.convert_to_write(source[fname], source)
            if new != field.convert_to_write(master[fname], master):
                values[fname] = new

    def _carried_fields(self):
        """Fields modules merge through core's ``_merge_get_fields`` that are
        not a choice: the master's value, else the first one set."""
        return [
            fname
            for fname in self.Lead._merge_get_fields()
            if fname in self.Lead._fields
            and self.Lead._fields[fname].store
            and self.Lead._fields[fname].type not in ("one2many", "many2many")
            and fname not in self.groups
            and fname not in RULE_FIELDS
            and fname not in ASSIGNMENT_FIELDS
            and fname not in ADDRESS_FIELDS
            and fname not in models.MAGIC_COLUMNS
        ]

    def _rule_values(self):
        master, ordered = self.master, self.ordered
        values = {}
        description = merge_rules.merged_html(
            [master.description, *(ordered - master).mapped("description")]
        )
        if description != (master.description or False):
            values["description"] = description
        priority = merge_rules.merged_priority(ordered.mapped("priority"))
        if priority != master.priority:
            values["priority"] = priority
        if merge_rules.merged_type(ordered.mapped("type")) != master.type:
            values.update(type="opportunity", date_conversion=fields.Datetime.now())
        return values

    def _module_values(self):
        """What modules add to core's merge (sale orders, web visitors,
        enrichment...), computed as core does: the record kept first."""
        master = self.master
        leads = master | (self.ordered - master)
        values = {}
        for fname, merge in self.Lead._merge_get_fields_specific().items():
            if fname in SPECIFIC_RULES_APPLIED or fname not in master._fields:
                continue
            value = merge(fname, leads)
            field = master._fields[fname]
            if field.type in ("one2many", "many2many"):
                values[fname] = value  # commands: written as they come
            elif value != field.convert_to_write(master[fname], master):
                values[fname] = value
        return values


def _judged(lead):
    """A probability a person set (None when Odoo's own estimate: two leads
    in one stage are equally advanced whatever it computed of their values)."""
    return None if lead.is_automated_probability else lead.probability
