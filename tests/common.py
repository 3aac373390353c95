import json
from datetime import datetime, timedelta

from odoo import api
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, TransactionCase, get_db_name, new_test_user
from odoo.tools import SQL

from ..engine import pairs, queue, references, rescore_job
from ..engine.lead_merge import LeadMerge


def run_scoring_job(env):
    """What the commit of leads created without reading pairs (an import, a
    test's setup) and the job it wakes do: log them, then score them
    (``engine/pairs.py``). Run before the browser or an RPC arrives, as the
    job would have run by then."""
    env.cr.flush()
    while rescore_job.step(env(su=True)):
        pass


class MergeAssertions:
    """``assertMerged``, as core crm's ``assertLeadMerged``."""

    def assertMerged(self, kept, merged):
        """``merged`` were merged into ``kept``: archived, linked, in one
        merge that can be undone; ``kept`` is active."""
        merged = merged.with_context(active_test=False)
        self.assertTrue(kept.active, "the record kept is active")
        self.assertFalse(kept.merged_into_id)
        for lead in merged:
            self.assertFalse(lead.active, f"{lead.name} archived")
            self.assertEqual(lead.merged_into_id, kept, f"{lead.name} linked")
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", kept.id), ("state", "=", "done")],
            order="id desc",
            limit=1,
        )
        self.assertEqual(journal.tail_ids, merged, "journaled, to be undone")


def merge(leads, master=None, **options):
    """Merges ``leads`` with the merge engine, as every merge window does
    (see ``engine.lead_merge.LeadMerge`` for the options); returns the
    record kept."""
    return LeadMerge(leads, master, **options).run()


class SimilarLeadsCase(MergeAssertions, TransactionCase):
    """Users and a helper to create leads, for the similar-lead tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.us")
        cls.company_b = cls.env["res.company"].create(
            {"name": "Company B", "country_id": cls.env.ref("base.fr").id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.team = cls.env["crm.team"].create(
            {"name": "Similar Team", "company_id": False}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="sl_salesman",
            groups="sales_team.group_sale_salesman",
            name="Sam Sales",
        )
        cls.salesman_all = new_test_user(
            cls.env,
            login="sl_salesman_all",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Alex All",
        )
        cls.manager = new_test_user(
            cls.env,
            login="sl_manager",
            groups="sales_team.group_sale_manager",
            name="Mia Manager",
        )
        cls.fr = cls.env.ref("base.fr")
        cls.de = cls.env.ref("base.de")

    @classmethod
    def _lead(cls, name, **values):
        values.setdefault("type", "lead")
        values.setdefault("team_id", cls.team.id)
        return cls.env["crm.lead"].create({"name": name, **values})

    @classmethod
    def _leads_sharing(cls, prefix, count, **values):
        """``count`` leads with the same ``values`` (an email, a phone...)."""
        values.setdefault("team_id", cls.team.id)
        return cls.env["crm.lead"].create(
            [{"name": f"{prefix} {i}", **values} for i in range(count)]
        )

    def _leads_in_order(self, *values_list, days_ago=30):
        """Creates leads, the first one oldest (one day apart)."""
        leads = self.env["crm.lead"]
        for index, values in enumerate(values_list):
            values = dict(values)
            lead = self._lead(values.pop("name", f"Lead {index}"), **values)
            created = datetime.now() - timedelta(days=days_ago - index)
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s", (created, lead.id)
            )
            leads |= lead
        leads.invalidate_recordset(["create_date"])
        return leads

    def _skip_unless_installed(self, *modules):
        installed = self.env["ir.module.module"].search(
            [("name", "in", modules), ("state", "=", "installed")]
        )
        if len(installed) < len(modules):
            missing = set(modules) - set(installed.mapped("name"))
            self.skipTest(f"needs {', '.join(sorted(missing))} (dev/test installs it)")


def merge_invariant_breaches(env):
    """What must hold whatever merges, undos, deletes and unarchives happened,
    as ``[(what, rows)]`` of what does not: no row points to a lead that does
    not exist, no lead is both active and merged, no merge link makes a
    cycle, every merged lead's merge can be found (its journal, undone or
    not, unless the retention period forgot it)."""
    env.flush_all()
    breaches = []
    refs, _skipped = references.find_references(env, "crm.lead")
    for ref in refs:
        if ref.kind == references.REFERENCE:
            lead_id = SQL("split_part(ref.%s, ',', 2)::int", SQL.identifier(ref.column))
            condition = SQL("ref.%s LIKE 'crm.lead,%%'", SQL.identifier(ref.column))
        else:
            lead_id = SQL("ref.%s", SQL.identifier(ref.column))
            condition = SQL("ref.%s IS NOT NULL", SQL.identifier(ref.column))
            if ref.model_column:
                condition = SQL(
                    "%s AND ref.%s = 'crm.lead'",
                    condition,
                    SQL.identifier(ref.model_column),
                )
        rows = env.execute_query(
            SQL(
                """SELECT %(lead_id)s FROM %(table)s ref
                    WHERE %(condition)s AND %(lead_id)s > 0
                      AND NOT EXISTS (SELECT FROM crm_lead WHERE id = %(lead_id)s)""",
                lead_id=lead_id,
                table=SQL.identifier(ref.table),
                condition=condition,
            )
        )
        if rows:
            breaches.append((f"{ref.table}.{ref.column} on missing leads", rows))
    checks = {
        "active and merged": """SELECT id FROM crm_lead
                                 WHERE active AND merged_into_id IS NOT NULL""",
        "merge cycle": """WITH RECURSIVE chain(start, lead, depth) AS (
                              SELECT id, merged_into_id, 1 FROM crm_lead
                               WHERE merged_into_id IS NOT NULL
                              UNION ALL
                              SELECT chain.start, lead.merged_into_id, chain.depth + 1
                                FROM chain JOIN crm_lead lead ON lead.id = chain.lead
                               WHERE lead.merged_into_id IS NOT NULL
                                 AND chain.depth < 100)
                          SELECT DISTINCT start FROM chain
                           WHERE lead = start OR depth >= 100""",
        "merged without a journal": """SELECT lead.id FROM crm_lead lead
                               WHERE lead.merged_into_id IS NOT NULL
                                 AND NOT EXISTS (SELECT FROM res_company
                                                  WHERE similar_journal_days > 0)
                                 AND NOT EXISTS (
                                     SELECT FROM crm_lead_merge_journal_tail_rel rel
                                       JOIN crm_lead_merge_journal journal
                                         ON journal.id = rel.journal_id
                                      WHERE rel.lead_id = lead.id
                                        AND journal.state = 'done'
                                        AND journal.master_id = lead.merged_into_id)""",
    }
    for what, query in checks.items():
        rows = env.execute_query(SQL(query))
        if rows:
            breaches.append((what, rows))
    stored, made = stored_and_made_groups(env)
    if stored != made:
        breaches.append(("stored groups differ from the pairs'", (stored, made)))
    return breaches


def stored_and_made_groups(env):
    """The review queue's groups as stored (``engine/groups.py``) and as made
    from the pairs for a user who reads every lead: the same, always."""
    pairs.up_to_date(env)
    companies = env["res.company"].sudo().search([]).ids
    env = env(
        user=api.SUPERUSER_ID, context={**env.context, "allowed_company_ids": companies}
    )
    columns = SQL("id, lead_count, score, similar_class, is_exact, weakest_lead_id")
    return tuple(
        env.execute_query(
            SQL(
                "SELECT %s FROM (%s) queue ORDER BY id",
                columns,
                queue.groups(env, stored=stored),
            )
        )
        for stored in (True, False)
    )


class MergeInvariantsMixin:
    """Checks, after each test of the class, what must hold whatever merges,
    undos, deletes and unarchives the test did (``merge_invariant_breaches``)."""

    def tearDown(self):
        breaches = merge_invariant_breaches(self.env)
        super().tearDown()
        self.assertFalse(breaches, "what must hold after merges and undos")


class RpcError(Exception):
    """An error a JSON-RPC call returned: ``name`` (the exception's class)
    and ``message`` (what the user reads)."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


class RpcMixin:
    """Calls as the web client makes them (``/web/dataset/call_kw`` and
    ``call_button``), for an ``HttpCase``, once the job the commit of the
    test's leads would have woken has scored them."""

    def rpc(self, login, model, method, args, kwargs=None, button=False, context=None):
        run_scoring_job(self.env)
        if login:
            self.authenticate(login, login)
        route = "call_button" if button else "call_kw"
        response = self.url_open(
            f"/web/dataset/{route}/{model}.{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {
                            "context": {"lang": "en_US", **(context or {})},
                            **(kwargs or {}),
                        },
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            data = decoded["error"]["data"]
            raise RpcError(data["name"].rpartition(".")[2], data["message"])
        return decoded.get("result")

    def rpc_error(
        self, login, model, method, args, kwargs=None, button=False, context=None
    ):
        """The error of a call that must fail, as ``"Name: message"``."""
        with self.assertRaises(RpcError) as caught:
            self.rpc(login, model, method, args, kwargs, button, context)
        return str(caught.exception)


class TwoConnectionsCase(BaseCase):
    """Real transactions on connections of their own, as two Odoo workers
    run them: what one test transaction cannot show. Leads made with
    ``create_leads`` are deleted at the end (with those merged into them)."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.database = db_connect(get_db_name())
        self.created_ids = []
        self.addCleanup(self._delete_created)

    def env_of(self, cr, uid=api.SUPERUSER_ID):
        return api.Environment(cr, uid, {"active_test": False})

    def create_leads(self, values_list):
        """Creates and commits leads; returns their ids."""
        with self.database.cursor() as cr:
            ids = self.env_of(cr)["crm.lead"].create(list(values_list)).ids
        self.created_ids.extend(ids)
        return ids

    def _delete_created(self):
        with self.database.cursor() as cr:
            self.env_of(cr)["crm.lead"].search(
                [("id", "in", self.created_ids)]
            ).unlink()
