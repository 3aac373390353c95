"""Every button and menu of the addon's views, clicked the way the web client
clicks them (``/web/dataset/call_button`` with the ids and context the view
sends), as a sales manager and as a salesperson limited to their own leads.
``test_every_button_is_clicked`` fails when a view gets a button no test here
clicks as each role."""

import functools

from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import merge, run_scoring_job

#: ``{(model, method, role)}`` declared by the tests below.
CLICKED = set()
#: The users of the tests, by role: every button is clicked as both.
ROLES = {"manager": "btn_manager", "salesperson": "btn_seller"}


def clicks(model, method, roles=tuple(ROLES)):
    """Marks a test as the one that clicks ``model.method`` in the views, as
    each of ``roles``; the test fails if it did not click it as each."""

    def decorate(test):
        CLICKED.update((model, method, role) for role in roles)

        @functools.wraps(test)
        def run(self):
            result = test(self)
            for role in roles:
                self.assertIn(
                    (model, method, ROLES[role]),
                    self.clicked,
                    f"{model}.{method} was not clicked as the {role}",
                )
            return result

        return run

    return decorate


def addon_buttons(env):
    """``{(model, method)}`` of every object button in the addon's views
    (a button inside a one2many's list belongs to that list's model)."""
    view_ids = (
        env["ir.model.data"]
        .search([("module", "=", "crm_similar_leads"), ("model", "=", "ir.ui.view")])
        .mapped("res_id")
    )
    found = set()
    for view in env["ir.ui.view"].browse(view_ids):
        if view.type == "qweb":
            continue
        _collect(env, etree.fromstring(view.arch_db), view.model, found)
    return found


def _collect(env, node, model, found):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "button" and child.get("type") == "object":
            found.add((model, child.get("name")))
        child_model = model
        if child.tag == "field" and len(child) and model in env:
            field = env[model]._fields.get(child.get("name"))
            child_model = field.comodel_name if field and field.relational else model
        _collect(env, child, child_model, found)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestButtons(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.similar_proposal = "propose"
        cls.manager = new_test_user(
            cls.env, login="btn_manager", groups="sales_team.group_sale_manager"
        )
        cls.seller = new_test_user(
            cls.env, login="btn_seller", groups="sales_team.group_sale_salesman"
        )
        cls.other_seller = new_test_user(
            cls.env, login="btn_other", groups="sales_team.group_sale_salesman"
        )

    def _leads(self, prefix, user, count=2, **values):
        return self.env["crm.lead"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "email_from": f"{prefix.lower().replace(' ', '.')}@buttons.example",
                    "user_id": user.id,
                    **values,
                }
                for index in range(count)
            ]
        )

    def setUp(self):
        super().setUp()
        self.clicked = set()

    def _click(self, login, model, method, ids, context=None):
        """A button click as the web client sends it (once the job woken by
        the commit of the leads created here has scored them)."""
        self.clicked.add((model, method, login))
        run_scoring_job(self.env)
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_button/{model}.{method}",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": {"lang": "en_US", **(context or {})}},
            },
        )

    def _refused(self, login, model, method, ids, context=None):
        with self.assertRaisesRegex(JsonRpcException, "AccessError|UserError"):
            self._click(login, model, method, ids, context)

    def test_every_button_is_clicked(self):
        buttons = addon_buttons(self.env)
        self.assertIn(("crm.lead", "action_open_similar_leads"), buttons)
        missing = {
            (model, method, role)
            for model, method in buttons
            for role in ROLES
            if (model, method, role) not in CLICKED
        }
        self.assertEqual(missing, set(), "buttons no test clicks as each role")

    # ------------------------------------------------------------
    # THE LEAD FORM, ITS BANNER AND SMART BUTTONS
    # ------------------------------------------------------------

    @clicks("crm.lead", "action_open_similar_leads")
    def test_open_similar_leads(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            first, second = self._leads(f"Open {login}", user)
            action = self._click(
                login, "crm.lead", "action_open_similar_leads", first.ids
            )
            self.assertEqual(action["res_model"], "crm.lead")
            # Searched as the web client does, as the user.
            found = self.env["crm.lead"].with_user(user).search(action["domain"])
            self.assertEqual(found, first | second)
        hidden = self._leads("Open hidden", self.other_seller)
        self._refused(
            "btn_seller", "crm.lead", "action_open_similar_leads", hidden[:1].ids
        )

    def test_similar_leads_show_this_lead_first_then_the_strongest(self):
        origin, weaker, stronger = self._leads("Order", self.seller, count=3)
        (origin | stronger).phone = "+1 202 555 0143"
        action = self._click(
            "btn_seller", "crm.lead", "action_open_similar_leads", origin.ids
        )
        # Read as the kanban reads it: the action's domain and context, no order.
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw/crm.lead/web_search_read",
            {
                "model": "crm.lead",
                "method": "web_search_read",
                "args": [],
                "kwargs": {
                    "domain": action["domain"],
                    "specification": {"similar_score": {}, "similar_reasons": {}},
                    "context": action["context"],
                },
            },
        )["records"]
        self.assertEqual([row["id"] for row in rows], (origin | stronger | weaker).ids)
        self.assertGreater(rows[1]["similar_score"], rows[2]["similar_score"])
        self.assertIn("This lead", rows[0]["similar_reasons"], "the list's Why")
        self.assertNotIn("This lead", rows[1]["similar_reasons"])

    @clicks("crm.lead", "action_merge_with_similar")
    def test_merge_from_the_banner(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            first, second = self._leads(f"Banner {login}", user)
            action = self._click(
                login, "crm.lead", "action_merge_with_similar", first.ids
            )
            self.assertEqual(action["res_model"], "crm.lead.merge.wizard")
            self.assertEqual(
                set(action["context"]["active_ids"]), set((first | second).ids)
            )
            # Merged into the lead on screen: back on it, reloaded (it is not
            # opened once more, a breadcrumb more at each merge).
            context = action["context"]
            wizard_id = self._create(login, "crm.lead.merge.wizard", {}, context)
            done = self._click(
                login, "crm.lead.merge.wizard", "action_merge", [wizard_id], context
            )
            self.assertEqual(second.merged_into_id, first)
            self.assertEqual(done["tag"], "crm_similar_leads.show_lead")
            params = done["params"]
            self.assertEqual(params["lead_id"], first.id)
            self.assertTrue(params["on_screen"])
            self.assertEqual(set(params["moved_ids"]), set((first | second).ids))
            self.assertIn("was merged into this one", params["message"])

    @clicks("crm.lead", "action_similar_keep_separate")
    def test_keep_separate(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            first, second = self._leads(f"Separate {login}", user)
            done = self._click(
                login, "crm.lead", "action_similar_keep_separate", first.ids
            )
            self.assertEqual(
                done["params"]["message"],
                f"Kept separate from {second.name}: they are no longer shown as "
                "duplicates of this lead.",
            )
            self.assertEqual(done["params"]["next"]["tag"], "soft_reload")
            (first | second).invalidate_recordset()
            self.assertEqual(second.similar_duplicate_count, 0)
            self.assertEqual(first.similar_duplicate_count, 0)

    @clicks("crm.lead", "action_similar_notify_salespeople")
    def test_notify_salespeople(self):
        first = self._leads("Notify", self.seller, count=1)
        self._leads("Notify", self.other_seller, count=1)
        done = self._click(
            "btn_manager", "crm.lead", "action_similar_notify_salespeople", first.ids
        )
        note = first.message_ids[:1]
        self.assertIn("@", str(note.body))
        self.assertRegex(str(note.body), r"</a>, <a ", "one list")
        self.assertEqual(note.partner_ids, (self.seller | self.other_seller).partner_id)
        # Said on screen, one and many worded apart; then the chatter reloads.
        self.assertEqual(done["tag"], "display_notification")
        self.assertRegex(done["params"]["message"], r"^2 salespeople were notified")
        self.assertEqual(done["params"]["next"]["tag"], "soft_reload")
        # The manager owns one of two: only the other is mentioned, notified.
        mine = self._leads("Notify mine", self.manager, count=1)
        self._leads("Notify mine", self.seller, count=1)
        done = self._click(
            "btn_manager", "crm.lead", "action_similar_notify_salespeople", mine.ids
        )
        note = mine.message_ids[:1]
        self.assertEqual(note.partner_ids, self.seller.partner_id)
        self.assertNotIn(self.manager.name, str(note.body))
        self.assertEqual(
            done["params"]["message"],
            f"{self.seller.name} was notified in a note on this lead.",
        )
        # The salesperson sees only his own lead: nobody else to notify.
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self._click(
                "btn_seller", "crm.lead", "action_similar_notify_salespeople", first.ids
            )

    @clicks("crm.lead", "action_open_merged_leads")
    @clicks("crm.lead", "action_open_merged_into")
    @clicks("crm.lead", "action_undo_merge")
    def test_merged_lead_buttons(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            master, tail = self._leads(f"Merged {login}", user)
            merge((master | tail).with_user(user))
            listed = self._click(
                login, "crm.lead", "action_open_merged_leads", master.ids
            )
            self.assertEqual(
                self.env["crm.lead"]
                .with_context(**listed["context"])
                .search(listed["domain"]),
                tail,
            )
            opened = self._click(login, "crm.lead", "action_open_merged_into", tail.ids)
            self.assertEqual(opened["res_id"], master.id)
            undo = self._click(login, "crm.lead", "action_undo_merge", tail.ids)
            self.assertEqual(undo["res_model"], "crm.lead.merge.undo")

    @clicks("crm.lead", "action_similar_not_duplicate")
    @clicks("crm.lead", "action_merge_selected")
    def test_similar_leads_view_buttons(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            first, second = self._leads(f"Similar view {login}", user)
            context = {"similar_origin_lead_id": first.id, "active_test": False}
            action = self._click(
                login,
                "crm.lead",
                "action_merge_selected",
                (first | second).ids,
                context,
            )
            self.assertEqual(action["res_model"], "crm.lead.merge.wizard")
            opened = self._click(
                login, "crm.lead", "action_open_similar_leads", first.ids
            )
            as_user = self.env["crm.lead"].with_user(user)
            self.assertEqual(as_user.search(opened["domain"]), first | second)
            done = self._click(
                login, "crm.lead", "action_similar_not_duplicate", second.ids, context
            )
            self.assertIn(
                "Removed from the leads similar to", done["params"]["message"]
            )
            self.assertEqual(done["params"]["next"]["tag"], "soft_reload")
            first.invalidate_recordset()
            self.assertEqual(first.similar_duplicate_count, 0)
            self.assertEqual(
                as_user.search(opened["domain"]),
                first,
                "the view, reloaded, no longer shows the lead",
            )

    # ------------------------------------------------------------
    # WINDOWS: MERGE, PROPOSAL, UNDO
    # ------------------------------------------------------------

    def _create(self, login, model, values, context=None):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.create",
            {
                "model": model,
                "method": "create",
                "args": [values],
                "kwargs": {"context": context or {}},
            },
        )

    def _open_and_save(self, login, model, fnames, held, context):
        """A window as the web client opens it (``onchange``: its defaults and
        computed values of ``fnames``) and saves it when a button is clicked
        (``web_save`` with the values it holds, ``held``)."""
        self.authenticate(login, login)
        spec = {fname: {} for fname in fnames}
        opened = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.onchange",
            {
                "model": model,
                "method": "onchange",
                "args": [[], {}, [], spec],
                "kwargs": {"context": context},
            },
        )["value"]
        # x2many fields go back as the commands the onchange gave.
        values = {fname: opened[fname] for fname in held}
        saved = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.web_save",
            {
                "model": model,
                "method": "web_save",
                "args": [[], values],
                "kwargs": {"context": context, "specification": {}},
            },
        )
        return saved[0]["id"]

    @clicks("crm.lead.merge.wizard", "action_merge")
    def test_merge_window(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            first, second = self._leads(f"Window {login}", user)
            context = {"active_model": "crm.lead", "active_ids": (first | second).ids}
            wizard_id = self._create(login, "crm.lead.merge.wizard", {}, context)
            action = self._click(
                login, "crm.lead.merge.wizard", "action_merge", [wizard_id]
            )
            self.assertEqual(second.merged_into_id, first)
            # The record kept, shown where the user came from, else opened.
            self.assertEqual(action["tag"], "crm_similar_leads.show_lead")
            self.assertEqual(action["params"]["lead_id"], first.id)
            self.assertFalse(action["params"]["on_screen"])
            self.assertEqual(action["params"]["fallback"]["res_id"], first.id)
            self.assertEqual(
                action["params"]["merged"], [{"id": second.id, "name": second.name}]
            )

    def _onchange(self, login, model, values, changed, spec, context=None):
        """An onchange as the web client sends it: the window's values, the
        fields just changed (none: the window opens) and what it shows."""
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.onchange",
            {
                "model": model,
                "method": "onchange",
                "args": [[], values, changed, spec],
                "kwargs": {"context": {"lang": "en_US", **(context or {})}},
            },
        )

    def test_merge_window_compares_with_the_record_kept(self):
        """Opened from anywhere, each record is compared with the record kept,
        and again when the record kept changes; a record that is not similar
        is warned about, with why."""
        spec = {
            "lead_ids": {},
            "master_lead_id": {},
            "merge_columns": {},
            "unlike_warning": {},
        }
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            first, second = self._leads(f"Alike {login}", user)
            stranger = self.env["crm.lead"].create(
                {
                    "name": f"Stranger {login}",
                    "contact_name": "Sue Stranger",
                    "email_from": f"sue.{login}@stranger.example",
                    "user_id": user.id,
                }
            )
            run_scoring_job(self.env)
            context = {"active_model": "crm.lead", "active_ids": (first | second).ids}
            opened = self._onchange(
                login, "crm.lead.merge.wizard", {}, [], spec, context
            )
            likeness = {
                column["id"]: column["likeness"]
                for column in opened["value"]["merge_columns"]
            }
            self.assertEqual(opened["value"]["master_lead_id"], first.id)
            self.assertTrue(likeness[first.id]["kept"])
            self.assertEqual(likeness[second.id]["klass"], "duplicate")
            self.assertIn(
                "Same email", [part["label"] for part in likeness[second.id]["parts"]]
            )
            # Same mail domain too: a related lead's reason, not a duplicate's.
            self.assertEqual(likeness[second.id]["reasons"], [])
            self.assertFalse(opened["value"]["unlike_warning"])
            # The record kept changes: the other one is compared with it.
            changed = self._onchange(
                login,
                "crm.lead.merge.wizard",
                {
                    "lead_ids": [[6, 0, (first | second).ids]],
                    "master_lead_id": second.id,
                },
                ["master_lead_id"],
                spec,
                context,
            )
            likeness = {
                column["id"]: column["likeness"]
                for column in changed["value"]["merge_columns"]
            }
            self.assertTrue(likeness[second.id]["kept"])
            self.assertEqual(likeness[first.id]["klass"], "duplicate")
            # A lead added that is not similar: warned about, with why.
            added = self._onchange(
                login,
                "crm.lead.merge.wizard",
                {
                    "lead_ids": [[6, 0, (first | second | stranger).ids]],
                    "master_lead_id": first.id,
                },
                ["lead_ids"],
                spec,
                context,
            )
            columns = {c["id"]: c for c in added["value"]["merge_columns"]}
            self.assertTrue(columns[stranger.id]["likeness"]["warns"])
            self.assertEqual(columns[stranger.id]["likeness"]["klass"], "none")
            warning = added["value"]["unlike_warning"]
            self.assertIn(f"Stranger {login}", warning)
            self.assertIn("Another company&#39;s mail domain", warning)

    def test_merge_window_warns_about_a_won_record_kept(self):
        """A won deal kept: another deal of the same person is compared as a
        deal (worked, not a new request) and warned about, never shown as a
        duplicate of it."""
        spec = {"lead_ids": {}, "master_lead_id": {}, "merge_columns": {}}
        spec["unlike_warning"] = {}
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            won, other = self._leads(
                f"Won kept {login}",
                user,
                type="opportunity",
                contact_name="Paul Wonder",
                expected_revenue=5000,
            )
            won.write({"name": "Wood stove install"})
            won.action_set_won()
            other.name = "Solar panels quote"
            run_scoring_job(self.env)
            context = {"active_model": "crm.lead", "active_ids": (won | other).ids}
            opened = self._onchange(
                login,
                "crm.lead.merge.wizard",
                {"lead_ids": [[6, 0, (won | other).ids]], "master_lead_id": won.id},
                ["master_lead_id"],
                spec,
                context,
            )
            likeness = {
                column["id"]: column["likeness"]
                for column in opened["value"]["merge_columns"]
            }
            self.assertEqual(likeness[other.id]["klass"], "related")
            self.assertTrue(likeness[other.id]["warns"])
            self.assertIn("Another deal", str(likeness[other.id]["parts"]))
            warning = opened["value"]["unlike_warning"]
            self.assertIn("Solar panels quote", warning)
            self.assertIn("The record kept is a won deal", warning)

    def test_merge_window_refuses_another_company(self):
        other_company = self.env["res.company"].create({"name": "Other Branch Co"})
        self.manager.company_ids |= other_company
        first, second = self._leads("Companies", self.manager)
        abroad = self._leads(
            "Companies", self.manager, count=1, company_id=other_company.id
        )
        spec = {"lead_ids": {}, "master_lead_id": {}, "company_id": {}}
        context = {
            "active_model": "crm.lead",
            "active_ids": (first | second).ids,
            "allowed_company_ids": [self.env.company.id, other_company.id],
        }
        added = self._onchange(
            "btn_manager",
            "crm.lead.merge.wizard",
            {
                "lead_ids": [[6, 0, (first | second | abroad).ids]],
                "master_lead_id": first.id,
            },
            ["lead_ids"],
            spec,
            context,
        )
        self.assertIn("Other Branch Co", added["warning"]["message"])
        self.assertIn(abroad.name, added["warning"]["message"])
        self.assertIn(
            (3, abroad.id),
            {tuple(command[:2]) for command in added["value"]["lead_ids"]},
            "taken out",
        )
        # Selected together in a list: the window opens without the other's.
        context["active_ids"] = (first | abroad | second).ids
        opened = self._onchange(
            "btn_manager", "crm.lead.merge.wizard", {}, [], spec, context
        )
        self.assertEqual(opened["value"]["company_id"], self.env.company.id)
        self.assertEqual(_ids(opened["value"]["lead_ids"]), set((first | second).ids))
        # Only one left once the other company's is out: nothing to merge,
        # said in the window (no Merge button), not in an error after it.
        context["active_ids"] = (first | abroad).ids
        spec["too_few"] = {}
        opened = self._onchange(
            "btn_manager", "crm.lead.merge.wizard", {}, [], spec, context
        )
        self.assertEqual(_ids(opened["value"]["lead_ids"]), set(first.ids))
        self.assertTrue(opened["value"]["too_few"])
        arch = self.env["crm.lead.merge.wizard"].get_view(view_type="form")["arch"]
        self.assertIn("too_few or", arch, "the Merge button hides")

    def test_convert_window_merges_a_won_opportunity_once_confirmed(self):
        """Core's Convert to Opportunity with a won opportunity added to its
        merge: refused with a reason until confirmed in the window, then
        merged into the won one."""
        model = "crm.lead2opportunity.partner"
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            lead, duplicate = self._leads(f"Convert {login}", user, type="lead")
            won = self._leads(f"Convert {login}", user, count=1, type="opportunity")
            won.action_set_won()
            context = {"active_model": "crm.lead", "active_id": lead.id}
            for confirmed in (False, True):
                wizard_id = self._create(
                    login,
                    model,
                    {
                        "name": "merge",
                        "lead_id": lead.id,
                        "duplicated_lead_ids": [[6, 0, (lead | duplicate | won).ids]],
                        "similar_confirm_won": confirmed,
                    },
                    context,
                )
                if not confirmed:
                    with self.assertRaisesRegex(JsonRpcException, "UserError"):
                        self._click(login, model, "action_apply", [wizard_id], context)
                    self.assertFalse(lead.merged_into_id)
            self._click(login, model, "action_apply", [wizard_id], context)
            self.assertEqual((lead | duplicate).merged_into_id, won)

    def test_convert_window_assignment_is_undone_with_its_merge(self):
        """Core's convert window gives the record kept its salesperson after
        the merge: the undo puts the won deal's own salesperson back."""
        model = "crm.lead2opportunity.partner"
        lead = self._leads("Convert back", self.manager, count=1, type="lead")
        won = self._leads("Convert back", self.other_seller, count=1)
        won.write({"type": "opportunity"})
        won.action_set_won()
        team = won.team_id
        context = {"active_model": "crm.lead", "active_id": lead.id}
        wizard_id = self._create(
            "btn_manager",
            model,
            {
                "name": "merge",
                "lead_id": lead.id,
                "user_id": self.manager.id,
                "duplicated_lead_ids": [[6, 0, (lead | won).ids]],
                "similar_confirm_won": True,
            },
            context,
        )
        self._click("btn_manager", model, "action_apply", [wizard_id], context)
        self.assertEqual(lead.merged_into_id, won)
        self.assertEqual(won.user_id, self.manager, "core's convert assigns it")
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", won.id)]
        )
        action = self._click(
            "btn_manager", "crm.lead.merge.journal", "action_undo", journal.ids
        )
        undo_id = self._create(
            "btn_manager",
            action["res_model"],
            {"journal_ids": [[6, 0, journal.ids]]},
        )
        self._click("btn_manager", action["res_model"], "action_undo", [undo_id])
        self.assertEqual(journal.state, "undone")
        self.assertEqual(won.user_id, self.other_seller)
        self.assertEqual(won.team_id, team)
        self.assertFalse(lead.merged_into_id)

    @clicks("crm.lead.similar.proposal", "action_merge")
    @clicks("crm.lead.similar.proposal", "action_open")
    @clicks("crm.lead.similar.proposal", "action_keep_separate")
    def test_proposal_window(self):
        model = "crm.lead.similar.proposal"
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            second = self._leads(f"Proposal {login}", user)[1]

            def proposal(login=login, second=second):
                return self._create(login, model, {"lead_id": second.id})

            merge = self._click(login, model, "action_merge", [proposal()])
            self.assertEqual(merge["res_model"], "crm.lead.merge.wizard")
            opened = self._click(login, model, "action_open", [proposal()])
            self.assertEqual(opened["res_model"], "crm.lead")
            kept_apart = self._click(login, model, "action_keep_separate", [proposal()])
            # The window closes and the lead behind reloads: no banner left.
            self.assertEqual(kept_apart["tag"], "soft_reload")
            second.invalidate_recordset()
            self.assertEqual(second.similar_duplicate_count, 0)

    @clicks("crm.lead.merge.journal", "action_undo")
    @clicks("crm.lead.merge.undo", "action_undo")
    def test_undo_window(self):
        for login, user in (("btn_manager", self.manager), ("btn_seller", self.seller)):
            master, tail = self._leads(f"Undo {login}", user)
            merge((master | tail).with_user(user))
            journal = self.env["crm.lead.merge.journal"].search(
                [("master_id", "=", master.id)]
            )
            action = self._click(
                login, "crm.lead.merge.journal", "action_undo", journal.ids
            )
            wizard_id = self._create(
                login, "crm.lead.merge.undo", {}, action["context"]
            )
            done = self._click(login, "crm.lead.merge.undo", "action_undo", [wizard_id])
            self.assertFalse(tail.merged_into_id)
            self.assertTrue(tail.active)
            # Back on the record kept's form where the user came from (else
            # opened), its chatter and the tail's read again, with a word.
            self.assertEqual(done["tag"], "crm_similar_leads.show_lead")
            params = done["params"]
            self.assertEqual(params["lead_id"], master.id)
            self.assertIn(master.name, params["names"])
            self.assertEqual(params["fallback"]["res_id"], master.id)
            self.assertEqual(params["fallback"]["views"], [[False, "form"]])
            self.assertEqual(set(params["moved_ids"]), set((master | tail).ids))
            self.assertEqual(
                params["message"], f"{tail.name} is back, as before the merge."
            )

    # ------------------------------------------------------------
    # THE REVIEW QUEUE AND ITS MASS MERGE
    # ------------------------------------------------------------

    @clicks("crm.lead.duplicate.group", "action_scan_now")
    @clicks("crm.lead.duplicate.group", "action_merge", roles=("manager",))
    @clicks("crm.lead.duplicate.group", "action_dismiss", roles=("manager",))
    @clicks("crm.lead.duplicate.group", "action_merge_exact")
    @clicks("crm.lead.duplicate.mass.merge", "action_merge")
    @clicks("crm.lead.merge.batch", "action_undo")
    def test_review_queue(self):
        model = "crm.lead.duplicate.group"
        # Two leads (not opportunities): their titles need not say the same.
        a = self._leads(
            "Queue A",
            self.manager,
            phone="+33 6 10 20 30 40",
            contact_name="Ann Queue",
            type="lead",
        )
        b = self._leads(
            "Queue B",
            self.manager,
            phone="+33 6 10 20 30 41",
            contact_name="Bob Queue",
            type="lead",
        )
        dismissed = self._leads("Queue C", self.manager, contact_name="Cat Queue")
        # "Compare all leads again" in the list header: sent with no
        # selection, or with some.
        result = self._click("btn_manager", model, "action_scan_now", [])
        self.assertEqual(result["type"], "ir.actions.client")
        groups = self.env[model].search([("lead_ids", "in", (a | b).ids)])
        self.assertEqual(groups.ids, [a[0].id, b[0].id], "one group per lead kept")
        self._click("btn_manager", model, "action_scan_now", groups.ids)
        self._refused("btn_seller", model, "action_scan_now", [])
        merge = self._click("btn_manager", model, "action_merge", a[:1].ids)
        self.assertEqual(merge["res_model"], "crm.lead.merge.wizard")
        self._click("btn_manager", model, "action_dismiss", dismissed[:1].ids)
        self.assertFalse(
            self.env[model].search([("id", "=", dismissed[0].id)]), "dismissed"
        )
        # The mass merge: a dry run first, then the merge as shown.
        dry_run = self._click("btn_manager", model, "action_merge_exact", groups.ids)
        self.assertEqual(dry_run["res_model"], "crm.lead.duplicate.mass.merge")
        self.assertFalse(a[1].merged_into_id, "a dry run changes nothing")
        wizard_id = self._open_and_save(
            "btn_manager",
            "crm.lead.duplicate.mass.merge",
            ["kept_lead_ids", "planned", "preview", "merge_count"],
            ["kept_lead_ids", "planned"],  # the dry run's plan goes back
            dry_run["context"],
        )
        self._refused(
            "btn_seller", "crm.lead.duplicate.mass.merge", "action_merge", [wizard_id]
        )
        self.assertFalse(a[1].merged_into_id, "refused: nothing merged")
        done = self._click(
            "btn_manager", "crm.lead.duplicate.mass.merge", "action_merge", [wizard_id]
        )
        self.assertEqual(a[1].merged_into_id, a[0])
        self.assertFalse(self.env[model].search([("id", "in", groups.ids)]), "current")
        batch_action = done["params"]["next"]
        self.assertEqual(batch_action["res_model"], "crm.lead.merge.batch")
        with self.assertRaisesRegex(JsonRpcException, "AccessError|MissingError"):
            self._click(
                "btn_seller",
                "crm.lead.merge.batch",
                "action_undo",
                [batch_action["res_id"]],
            )
        undo = self._click(
            "btn_manager",
            "crm.lead.merge.batch",
            "action_undo",
            [batch_action["res_id"]],
        )
        wizard_id = self._create(
            "btn_manager", "crm.lead.merge.undo", {}, undo["context"]
        )
        self._click("btn_manager", "crm.lead.merge.undo", "action_undo", [wizard_id])
        self.assertFalse(a[1].merged_into_id, "the whole batch undone")
        self.assertFalse(b[1].merged_into_id)
        self.assertEqual(
            self.env[model].search([("id", "in", groups.ids)]),
            groups,
            "back in the queue",
        )
        self._refused("btn_seller", model, "action_merge_exact", groups.ids)

    @clicks("crm.lead.duplicate.group", "action_merge", roles=("salesperson",))
    @clicks("crm.lead.duplicate.group", "action_dismiss", roles=("salesperson",))
    def test_my_duplicates_as_a_salesperson(self):
        """My Duplicates, as a salesperson limited to their own leads: their
        groups open and close from the list; another's group is none of
        theirs."""
        model = "crm.lead.duplicate.group"
        mine = self._leads("Mine Queue", self.seller, contact_name="Mo Queue")
        kept = self._leads("Kept Queue", self.seller, contact_name="Kim Queue")
        theirs = self._leads("Their Queue", self.other_seller, contact_name="Ty Queue")
        merge = self._click("btn_seller", model, "action_merge", mine[:1].ids)
        self.assertEqual(merge["res_model"], "crm.lead.merge.wizard")
        self.assertEqual(sorted(merge["context"]["active_ids"]), mine.ids)
        self._click("btn_seller", model, "action_dismiss", kept[:1].ids)
        self.assertFalse(self.env[model].search([("id", "=", kept[0].id)]))
        for method in ("action_merge", "action_dismiss"):
            with self.assertRaisesRegex(JsonRpcException, "MissingError|AccessError"):
                self._click("btn_seller", model, method, theirs[:1].ids)
        self.assertTrue(self.env[model].search([("id", "=", theirs[0].id)]))

    @clicks("crm.lead.duplicate.group", "action_merge", roles=("salesperson",))
    def test_stale_group_from_the_queue(self):
        """A group merged from the lead form meanwhile: its Merge button in a
        list loaded before says so, instead of a one-line wizard."""
        model = "crm.lead.duplicate.group"
        first, second = self._leads("Stale", self.seller, contact_name="Stan Stale")
        self.assertTrue(self.env[model].search([("id", "=", first.id)]))
        merge = self._click(
            "btn_seller", "crm.lead", "action_merge_with_similar", first.ids
        )
        wizard_id = self._create(
            "btn_seller", "crm.lead.merge.wizard", {}, merge["context"]
        )
        self._click("btn_seller", "crm.lead.merge.wizard", "action_merge", [wizard_id])
        self.assertEqual(second.merged_into_id, first)
        self.assertFalse(self.env[model].search([("id", "=", first.id)]), "gone")
        with self.assertRaisesRegex(JsonRpcException, "has changed|MissingError|exist"):
            self._click("btn_seller", model, "action_merge", first.ids)

    # ------------------------------------------------------------
    # MENUS
    # ------------------------------------------------------------

    def test_menus(self):
        menus = self.env["ir.ui.menu"].search(
            [
                (
                    "id",
                    "in",
                    self.env["ir.model.data"]
                    .search(
                        [
                            ("module", "=", "crm_similar_leads"),
                            ("model", "=", "ir.ui.menu"),
                        ]
                    )
                    .mapped("res_id"),
                )
            ]
        )
        self.assertEqual(len(menus), 4)
        # What the managers' menus list: another salesperson's group, pair
        # kept separate and merge, none of which the salesperson may see.
        self._leads("Menu group", self.other_seller, contact_name="Gus Menu")
        kept_apart = self._leads(
            "Menu apart", self.other_seller, contact_name="Al Menu"
        )
        self.env["crm.lead.not.duplicate"]._mark_pairs([tuple(kept_apart)])
        merge(self._leads("Menu merge", self.other_seller, contact_name="Mo Menu"))
        mine = self.env.ref("crm_similar_leads.crm_lead_duplicate_group_menu_mine")
        visible = self.env["ir.ui.menu"].with_user(self.seller)._visible_menu_ids()
        for menu in menus:
            if menu == mine:
                self.assertIn(menu.id, visible, "everyone's own duplicates")
            else:
                self.assertNotIn(menu.id, visible, "managers' menus")
            # The salesperson loads the managers' actions too (a bookmarked
            # URL): only records of their own leads come back.
            for login, user in (
                ("btn_manager", self.manager),
                ("btn_seller", self.seller),
            ):
                with self.subTest(menu=menu.name, login=login):
                    records = self._open_menu(login, menu)
                    model = menu.action.res_model
                    found = self.env[model].browse([r["id"] for r in records])
                    found.with_user(user).check_access("read")
                    if user == self.manager:
                        self.assertTrue(found, "the manager sees everyone's")

    def _open_menu(self, login, menu):
        """The action of ``menu`` and its first page, as the web client
        loads them."""
        self.authenticate(login, login)
        action = self.make_jsonrpc_request(
            "/web/action/load", {"action_id": menu.action.id}
        )
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{action['res_model']}.web_search_read",
            {
                "model": action["res_model"],
                "method": "web_search_read",
                "args": [action.get("domain") or []],
                "kwargs": {
                    "specification": {"display_name": {}},
                    "limit": 80,
                    "count_limit": 10001,
                },
            },
        )
        return result["records"]


def _ids(commands):
    """The record ids a web client's x2many commands hold."""
    found = set()
    for command in commands:
        if command[0] == 6:
            found.update(command[2])
        elif command[0] in (1, 4):
            found.add(command[1])
    return found
