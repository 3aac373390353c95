"""Candidates of similar leads: indexed look-ups, no scan of the table.

The leads sharing a mailbox, number, customer contact, name or postal
address with a lead (unless that value is shared by too many leads to mean
anything), and the leads whose names sort next to its own; then what they
are compared on.

Nothing here depends on a lead that a user who reads both leads of a pair
may not read (no oracle). Core's record rules on leads depend only on a
lead's company and salesperson, so leads are counted and sorted by *cell*
(company, salesperson):

- how many leads share a value is counted in the pair's *scope*: the cells
  of the two leads' companies (and of no company) and of their salespeople
  (and unassigned); all salespeople when the two leads have two different
  ones, since only users who read every salesperson's leads read that pair;
- the leads whose names sort next to a lead's are taken cell by cell, so
  the leads of one salesperson never push those of another out of reach
  (in the whole table when every lead with the name is in the scope of the
  lead's pairs).

Other record rules on leads add the fields they read to each cell
(``engine/reader_cells.py``); a pair's scope is then its two leads' cells.
"""

from collections import defaultdict

from odoo.tools import SQL

from ..tools import matching, normalize, scoring
from . import reader_cells
from .lead_rules import open_for_merge_sql

#: A mailbox, number or customer shared by more leads than this (in a pair's
#: scope) is no evidence of one person (a placeholder, a call centre): it
#: finds no candidates (names still do), and agreeing on it weighs little.
BLOCK_CAP = 50
#: Leads whose names sort next to a lead's, in each cell, compared with it
#: (each way).
NAME_NEIGHBOURS = 10
#: How alike two names must be (pg_trgm) to be compared at all.
NAME_SIMILARITY = 0.5
#: The values a lead is found by: ``(kind, column, count field)`` (the
#: field of ``scoring.LeadProfile`` told how many leads share the value; None
#: for a look-up only). The same contact name, or its sound (a typo), finds
#: leads without a company name, the same company name leads without a
#: contact name (names sort next
#: to each other only with both: ``ONLY_WITHOUT``), the address's look-up
#: keys the leads known by a name and an address only (``tools/address.py``).
VALUE_KINDS = (
    ("email", "similar_email_key", "email_count"),
    ("phone", "similar_phone_key", "phone_count"),
    ("partner", "partner_id", "partner_count"),
    ("contact", "similar_contact_key", None),
    ("person_sound", "similar_person_sound_key", None),
    ("company", "similar_company_key", None),
    ("address", "similar_address_block_key", "address_count"),
    ("street_sound", "similar_street_sound_key", None),
    ("zip_sound", "similar_zip_sound_key", None),
    ("house_street", "similar_house_street_key", None),
    ("name_street", "similar_name_street_key", None),
)
#: A kind that finds only leads with nothing in a column (and from them):
#: names with both a contact and a company name sort next to each other
#: (``name_neighbours``, which leaves namesakes of other companies out).
#: Look-ups that find near misses (a name, the sound of a name or of a
#: street: typos the exact keys miss) stop at fewer leads: a street or a
#: common name shared by more than this in the pair's scope adds no
#: candidate (the exact keys still find the same address or person), and
#: saving a lead compares it with a few dozen leads at most.
NEAR_CAP = 20
NEAR_KINDS = frozenset(
    {
        "contact",
        "person_sound",
        "street_sound",
        "zip_sound",
        "house_street",
        "name_street",
    }
)
ONLY_WITHOUT = {
    "contact": "similar_company_key",
    "person_sound": "similar_company_key",
    "company": "similar_contact_key",
}


def find(env, ids):
    """``{origin id: (candidate ids, {candidate id: value counts}, ids found
    by a shared value)}``: the leads sharing a mailbox, number or customer
    not shared by too many in the pair's scope, and those whose names sort
    next to the origin's."""
    rule_fields = env["crm.lead"]._similar_rule_fields()
    origins, cells, names = _look_up(env, ids, rule_fields)
    in_scope = _in_core_scope if rule_fields is None else _in_own_cells
    result = {}
    for origin_id, (origin_cell, values) in origins.items():
        counts, by_value = defaultdict(dict), set()
        for kind, _column, count_field in VALUE_KINDS:
            if (value := values[kind]) is None:
                continue
            cap = NEAR_CAP if kind in NEAR_KINDS else BLOCK_CAP
            sharing = {
                cell: found
                for cell, found in cells[kind, value].items()
                if _compatible(origin_cell[0], cell[0])
            }
            if rule_fields == reader_cells.EACH_LEAD and len(sharing) > cap:
                continue  # no cell to count in: the company's leads
            for cell, (_count, members) in sharing.items():
                shared = sum(
                    count
                    for other, (count, _ids) in sharing.items()
                    if in_scope(other, origin_cell, cell)
                )
                if shared <= cap:  # else the count is ``pair_counts``'
                    for member in members:
                        if count_field:
                            counts[member][count_field] = shared
                    by_value.update(members)
        candidates = by_value | names.get(origin_id, set())
        candidates.discard(origin_id)
        result[origin_id] = (candidates, counts, by_value)
    return result


def pair_counts(counts, candidate_id):
    """The value counts of the origin and ``candidate_id`` (``counts`` from
    ``find``). A value they share not counted there is shared by more than
    the cap in the pair's scope."""
    return {
        **{field: BLOCK_CAP + 1 for _kind, _column, field in VALUE_KINDS if field},
        **counts.get(candidate_id, {}),
    }


def _compatible(company, other_company):
    """Leads of two companies are never compared."""
    return not company or not other_company or company == other_company


def _in_core_scope(cell, origin_cell, other_cell):
    """Whether the leads of ``cell`` (``(company, salesperson, ())``) are in
    the scope of a pair of leads of ``origin_cell`` and ``other_cell`` under
    core's rules (see the module's docstring)."""
    owners = {origin_cell[1], other_cell[1]} - {None}
    return cell[0] in {origin_cell[0], other_cell[0], None} and (
        len(owners) > 1 or cell[1] in owners or cell[1] is None
    )


def _in_own_cells(cell, origin_cell, other_cell):
    """The scope of a pair under other rules: the two leads' cells."""
    return cell in (origin_cell, other_cell)


def _look_up(env, ids, rule_fields):
    """In one query: the open origins among ``ids`` as ``{id: (cell, {kind:
    value})}``; the leads sharing their values as ``{(kind, value): {cell:
    (count, ids)}}`` (all the ids when there are no more than the cap; one
    read of each value's leads, however many origins share it); and
    ``{origin id: ids}`` of the leads whose names sort next to theirs
    (``name_neighbours``). A cell is ``(company, salesperson, (values of the
    ``rule_fields``, as text))``."""
    value_columns = SQL(", ").join(
        SQL("%s AS %s", _value("origin", kind, column), _alias(kind))
        for kind, column, _f in VALUE_KINDS
    )
    value_texts = SQL(", ").join(
        SQL("origin.%s::text", _alias(kind)) for kind, _c, _f in VALUE_KINDS
    )
    blocks = SQL(" UNION ALL ").join(
        SQL(
            """SELECT %(kind)s, lead.%(column)s::text, lead.company_id,
                      lead.user_id, count(*),
                      (array_agg(lead.id ORDER BY lead.id))[1:%(cap)s], %(cell)s
                 FROM crm_lead lead
                WHERE lead.%(column)s IN (SELECT %(value)s FROM origin)
                  AND %(only)s AND %(open)s
                GROUP BY lead.%(column)s, lead.company_id, lead.user_id, %(cell)s""",
            kind=kind,
            column=SQL.identifier(column),
            value=_alias(kind),
            cap=BLOCK_CAP + 1,
            only=_only("lead", kind),
            open=open_for_merge_sql("lead"),
            cell=rule_values("lead", rule_fields),
        )
        for kind, column, _field in VALUE_KINDS
    )
    rows = env.execute_query(
        SQL(
            """WITH origin AS MATERIALIZED (
                   SELECT origin.id, origin.company_id, origin.user_id,
                          origin.similar_contact_key, origin.similar_company_key,
                          %(cell)s AS rule_values, %(values)s
                     FROM crm_lead origin
                    WHERE origin.id = ANY(%(ids)s) AND %(origin_open)s)
               SELECT 'origin', id::text, company_id, user_id, NULL::bigint,
                      NULL::int[], rule_values || ARRAY[%(texts)s]
                 FROM origin
                UNION ALL %(blocks)s
                UNION ALL
               SELECT 'name', name.origin_id::text, NULL, NULL, NULL,
                      ARRAY[name.lead_id], NULL
                 FROM (%(names)s) AS name(origin_id, lead_id)""",
            cell=rule_values("origin", rule_fields),
            values=value_columns,
            texts=value_texts,
            ids=list(ids),
            origin_open=open_for_merge_sql("origin"),
            blocks=blocks,
            names=NAMES_NEARBY
            if rule_fields is None
            else name_neighbours(NAME_SIMILARITY, rule_fields),
        )
    )
    origins, cells, names = {}, defaultdict(dict), defaultdict(set)
    size = len(rule_fields or ())
    for kind, key, company, owner, count, members, texts in rows:
        if kind == "origin":
            values = dict(
                zip((k for k, _c, _f in VALUE_KINDS), texts[size:], strict=True)
            )
            origins[int(key)] = ((company, owner, tuple(texts[:size])), values)
        elif kind == "name":
            names[int(key)].update(members)
        else:
            cells[kind, key][company, owner, tuple(texts)] = (count, members)
    return origins, cells, names


def _alias(kind):
    return SQL.identifier(f"value_{kind}")


def _only(alias, kind):
    """SQL: the lead ``alias`` may be found by a value of ``kind``."""
    if kind not in ONLY_WITHOUT:
        return SQL("TRUE")
    return SQL("%s IS NULL", SQL.identifier(alias, ONLY_WITHOUT[kind]))


def _value(alias, kind, column):
    """SQL: the value of ``kind`` the lead ``alias`` is looked up by."""
    return SQL(
        "CASE WHEN %s THEN %s END",
        _only(alias, kind),
        SQL.identifier(alias, column),
    )


def rule_values(alias, rule_fields):
    """SQL: the values (text[]) of the lead ``alias`` that rules other than
    core's read (``engine/reader_cells.py``)."""
    return SQL(
        "ARRAY[%s]::text[]",
        SQL(", ").join(
            SQL("%s::text", SQL.identifier(alias, name)) for name in rule_fields or ()
        ),
    )


def profiles(env, origins):
    """``{lead id: LeadProfile}`` of the origins and their candidates that
    may be similar (not merged away, not won); the candidates of another
    company than their origin's are left out of ``origins`` on the way."""
    ids = set(origins)
    for candidates, *_found_how in origins.values():
        ids.update(candidates)
    companies, found = read_profiles(env, ids)
    _drop_other_companies(origins, companies)
    return found


def read_profiles(env, ids, only_open=True):
    """``({lead id: company id}, {lead id: LeadProfile})`` of the leads
    ``ids``: those open for a merge, or of any status unless ``only_open``
    (the merge window compares a won record kept too)."""
    rows = env.execute_query(
        SQL(
            """SELECT lead.id, lead.company_id, lead.similar_email_key,
                      lead.similar_email_domain, lead.similar_phone_key,
                      lead.similar_contact_key, lead.similar_company_key,
                      lead.partner_id, partner.commercial_partner_id,
                      lead.type = 'opportunity', lead.similar_title_key,
                      lead.expected_revenue, lead.contact_name,
                      lead.team_id, lead.stage_id, %(worked)s, %(address)s
                 FROM crm_lead lead
                 LEFT JOIN res_partner partner ON partner.id = lead.partner_id
                WHERE lead.id = ANY(%(ids)s) AND %(open)s""",
            ids=sorted(ids),
            open=open_for_merge_sql("lead") if only_open else SQL("TRUE"),
            worked=worked_sql(env, "lead"),
            address=SQL(", ").join(
                SQL.identifier("lead", column) for column in matching.ADDRESS_COLUMNS
            ),
        )
    )
    companies, found = {}, {}
    public = _extra_public_domains(env, {row[1] for row in rows})
    first_stages = _first_stages(env, {row[13] for row in rows if row[9]})
    for row in rows:
        lead_id, company_id, *values = row
        companies[lead_id] = company_id
        team_id, stage_id, acted = values[11:14]
        address = dict(zip(matching.ADDRESS_COLUMNS, values[14:], strict=True))
        found[lead_id] = scoring.LeadProfile(
            lead_id,
            email=values[0],
            email_domain=None if values[1] in public.get(company_id, ()) else values[1],
            phone=values[2],
            person=values[3],
            first_name=normalize.person_first_name(values[10]),
            company=values[4],
            partner_id=values[5],
            commercial_partner_id=values[6],
            is_opportunity=values[7],
            title=values[8],
            revenue=values[9] or 0.0,
            worked=bool(
                values[7]
                and (acted or values[9] or stage_id != first_stages.get(team_id))
            ),
            address=matching.profile_address(address),
        )
    return companies, found


def worked_sql(env, alias):
    """SQL: someone acted on the opportunity ``alias``: an activity planned
    (or done) on it, a quotation (with ``sale_crm``)."""
    lead = SQL.identifier(alias)
    acted = SQL(
        """EXISTS (SELECT FROM mail_activity activity
                    WHERE activity.res_id = %s.id
                      AND activity.res_model = 'crm.lead')""",
        lead,
    )
    if "order_ids" in env["crm.lead"]._fields:  # sale_crm
        acted = SQL(
            """(%s OR EXISTS (SELECT FROM sale_order quotation
                               WHERE quotation.opportunity_id = %s.id
                                 AND quotation.state <> 'cancel'))""",
            acted,
            lead,
        )
    # Only an opportunity is worked (a lead is a request anyway).
    return SQL("%s.type = 'opportunity' AND %s", lead, acted)


def _first_stages(env, team_ids):
    """``{team id (or None): the stage a new lead of the team starts in}``
    (core's ``_stage_find``): an opportunity still there is new."""
    Lead = env["crm.lead"].sudo()
    return {
        team_id: Lead._stage_find(team_id=team_id or False).id or None
        for team_id in team_ids
    }


def _drop_other_companies(origins, companies):
    """Leads of two companies are never similar: they cannot be merged."""
    for origin_id, (candidates, *_found_how) in origins.items():
        company = companies.get(origin_id)
        if company:
            candidates.difference_update(
                {
                    lead_id
                    for lead_id in candidates
                    if companies.get(lead_id) not in (company, None)
                }
            )


def _extra_public_domains(env, company_ids):
    """``{company id: domains}`` of the companies' extra public mail domains
    (read from the ORM cache: saving leads one by one costs no query)."""
    companies = env["res.company"].sudo().browse(sorted(filter(None, company_ids)))
    return {
        company.id: set(company._similar_extra_public_domains())
        for company in companies
    }


def name_neighbours(threshold, rule_fields=None):
    """SQL rows ``(origin id, lead id)``: the leads whose contact and company
    names are similar to those of the leads of the CTE ``origin`` (with their
    ``id``, ``company_id``, ``user_id``, both name keys and ``rule_values``).

    Sorted neighbourhood: among the leads with the same company name, only
    those whose contact names sort next to the origin's are compared (and
    the same the other way round): a few index look-ups per lead instead of
    a trigram search of the table. Ties are broken by id: a rescan of the same
    data finds the same neighbours. (The name they share is similar enough.)
    The neighbours are taken in the whole table (two (name, name) indexes)
    when every lead with the name is in the scope of any pair the origin may
    form (``_WHOLE_TABLE``), else cell by cell (two (name, cell, name)
    indexes), so that no lead crowds out another its readers may not read.
    Under rules other than core's (``rule_fields``), the cells also hold the
    values these rules read."""
    orders = (
        ("similar_company_key", "similar_contact_key"),
        ("similar_contact_key", "similar_company_key"),
    )
    whole_table = _WHOLE_TABLE if rule_fields is None else _ONE_CELL
    cells = _cells_sharing if rule_fields is None else _cells_with_rule_values
    ctes, parts = [], []
    for same, near in orders:
        names = {
            "cells": SQL.identifier(f"cells_by_{same}"),
            "alone": SQL.identifier(f"alone_by_{same}"),
            "same": SQL.identifier(same),
            "near": SQL.identifier(near),
        }
        ctes.append(cells(same, rule_fields))
        ctes.append(SQL(_ALONE, whole_table=whole_table, **names))
        for compare, order in ((">=", "ASC"), ("<", "DESC")):
            parts.append(
                SQL(
                    _NEIGHBOURS,
                    compare=SQL(compare),
                    order=SQL(order),
                    size=NAME_NEIGHBOURS,
                    threshold=threshold,
                    same_rule_values=(
                        SQL(
                            "AND %s IS NOT DISTINCT FROM cell.rule_values",
                            rule_values("near", rule_fields),
                        )
                        if rule_fields
                        else SQL()
                    ),
                    **names,
                )
            )
    return SQL(
        "WITH RECURSIVE %s %s", SQL(", ").join(ctes), SQL(" UNION ALL ").join(parts)
    )


#: SQL: a cell of leads with the origin's name in the scope of any pair the
#: origin may form under core's rules: of its company (or none), of its
#: salesperson (or none); unassigned, for an unassigned origin.
_WHOLE_TABLE = SQL(
    """cell.company IN (0, COALESCE(origin.company_id, 0))
       AND cell.owner IN (0, COALESCE(origin.user_id, 0))"""
)
#: The same under other rules: the origin's cell.
_ONE_CELL = SQL(
    """cell.company = COALESCE(origin.company_id, 0)
       AND cell.owner = COALESCE(origin.user_id, 0)
       AND cell.rule_values IS NOT DISTINCT FROM origin.rule_values"""
)
#: SQL: the CTE of the origins with a name, ``alone`` when the name's leads
#: are all in the scope of any pair they may form: their neighbours are then
#: taken in the whole table.
_ALONE = """%(alone)s AS MATERIALIZED (
    SELECT origin.id, origin.company_id, origin.%(same)s, origin.%(near)s,
           crowded.id IS NULL AS alone
      FROM origin
      LEFT JOIN (SELECT DISTINCT origin.id
                   FROM origin
                   JOIN %(cells)s cell ON cell.key = origin.%(same)s
                  WHERE NOT (%(whole_table)s)) crowded ON crowded.id = origin.id
     WHERE origin.%(same)s IS NOT NULL)"""
#: SQL: the similar neighbours of each origin, in the whole table or cell by
#: cell (see ``name_neighbours``).
_NEIGHBOURS = """
    SELECT origin.id, nearby.id
      FROM %(alone)s origin
     CROSS JOIN LATERAL (
           SELECT near.id, near.%(near)s AS key
             FROM crm_lead near
            WHERE near.%(same)s = origin.%(same)s
              AND near.%(near)s %(compare)s origin.%(near)s
            ORDER BY near.%(near)s %(order)s, near.id %(order)s
            LIMIT %(size)s) nearby
     WHERE origin.alone
       AND similarity(nearby.key, origin.%(near)s) >= %(threshold)s
     UNION ALL
    SELECT origin.id, nearby.id
      FROM %(alone)s origin
      JOIN %(cells)s cell
        ON cell.key = origin.%(same)s
       AND (origin.company_id IS NULL OR cell.company IN (0, origin.company_id))
     CROSS JOIN LATERAL (
           SELECT near.id, near.%(near)s AS key
             FROM crm_lead near
            WHERE near.%(same)s = origin.%(same)s
              AND COALESCE(near.company_id, 0) = cell.company
              AND COALESCE(near.user_id, 0) = cell.owner
              %(same_rule_values)s
              AND near.%(near)s %(compare)s origin.%(near)s
            ORDER BY near.%(near)s %(order)s, near.id %(order)s
            LIMIT %(size)s) nearby
     WHERE NOT origin.alone
       AND similarity(nearby.key, origin.%(near)s) >= %(threshold)s"""


def _cells_sharing(same, _rule_fields=None):
    """SQL: the CTE ``cells_by_<same>`` of the cells ``(key, company,
    owner)`` (0 for none) holding leads with the name ``key`` of an origin,
    found by skipping from one cell to the next in the index: one look-up
    per cell, however many leads share the name."""
    return SQL(
        """%(cells)s AS (
               SELECT name.key, first.company, first.owner
                 FROM (SELECT DISTINCT %(same)s AS key FROM origin
                        WHERE %(same)s IS NOT NULL) name
                CROSS JOIN LATERAL (
                      SELECT COALESCE(lead.company_id, 0) AS company,
                             COALESCE(lead.user_id, 0) AS owner
                        FROM crm_lead lead
                       WHERE lead.%(same)s = name.key
                       ORDER BY 1, 2 LIMIT 1) first
                UNION ALL
               SELECT cell.key, next.company, next.owner
                 FROM %(cells)s cell
                CROSS JOIN LATERAL (
                      SELECT COALESCE(lead.company_id, 0) AS company,
                             COALESCE(lead.user_id, 0) AS owner
                        FROM crm_lead lead
                       WHERE lead.%(same)s = cell.key
                         AND (COALESCE(lead.company_id, 0), COALESCE(lead.user_id, 0))
                             > (cell.company, cell.owner)
                       ORDER BY 1, 2 LIMIT 1) next)""",
        cells=SQL.identifier(f"cells_by_{same}"),
        same=SQL.identifier(same),
    )


def _cells_with_rule_values(same, rule_fields):
    """SQL: the CTE ``cells_by_<same>`` (see ``_cells_sharing``) under rules
    other than core's: every lead sharing a name is read."""
    return SQL(
        """%(cells)s AS (
               SELECT DISTINCT lead.%(same)s AS key,
                      COALESCE(lead.company_id, 0) AS company,
                      COALESCE(lead.user_id, 0) AS owner,
                      %(rule_values)s AS rule_values
                 FROM crm_lead lead
                WHERE lead.%(same)s IN (SELECT %(same)s FROM origin))""",
        cells=SQL.identifier(f"cells_by_{same}"),
        same=SQL.identifier(same),
        rule_values=rule_values("lead", rule_fields),
    )


#: The name look-ups of ``find`` under core's rules, built once.
NAMES_NEARBY = name_neighbours(NAME_SIMILARITY)
