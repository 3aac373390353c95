"""Every door locked: the addon's records follow the leads' access, nothing
tells a user about a lead they cannot read, and bad input gives a clear
error. As an own-leads salesperson, an all-leads salesperson of another
company, a manager and a portal user; through ``with_user`` and over RPC."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..engine import groups as groups_module
from ..engine import pairs
from ..engine.candidates import BLOCK_CAP
from .common import SimilarLeadsCase, merge, run_scoring_job

#: What the custom filter editor (or a hostile RPC client) can send for each
#: searchable computed field: every operator of its type, every kind of value
#: (``any`` takes a domain; malformed domains are refused by Odoo itself for
#: every field alike, before any field's search).
NUMBERS = (0, 1, 3, -1, True, False, None, "x" * 5000, [0], [1, 2], [], [True])
SEARCHES = {
    "similar_duplicate_count": {
        operator: NUMBERS
        for operator in ("=", "!=", "<", ">", "<=", ">=", "in", "not in")
    },
    "similar_lead_ids": {
        **{operator: NUMBERS for operator in ("=", "!=", "in", "not in")},
        "any": ([("id", ">", 0)], [("name", "ilike", "x" * 5000)], []),
        "not any": ([("id", ">", 0)], []),
    },
    "similar_is_duplicate": {
        operator: NUMBERS for operator in ("=", "!=", "in", "not in")
    },
}


class SecurityCase(SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_b = new_test_user(
            cls.env,
            login="sl_salesman_b",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            name="Bea of B",
        )
        cls.portal = new_test_user(
            cls.env, login="sl_portal", groups="base.group_portal"
        )
        cls.mine, cls.mine_twin = cls._leads_sharing(
            "Mine", 2, email_from="shared@sec.example", user_id=cls.salesman.id
        )
        cls.hidden = cls._lead(
            "Hidden of another salesperson",
            email_from="shared@sec.example",
            user_id=cls.manager.id,
        )
        cls.in_b = cls._lead(
            "Lead of company B",
            email_from="secret@b-sec.example",
            phone="+33 6 98 76 54 32",
            company_id=cls.company_b.id,
            user_id=cls.salesman_b.id,
        )


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestRecordsFollowTheLeads(SecurityCase):
    def test_not_duplicate_pairs(self):
        NotDuplicate = self.env["crm.lead.not.duplicate"]
        visible = NotDuplicate._mark_pairs([(self.mine, self.mine_twin)])
        hidden = NotDuplicate._mark_pairs([(self.mine, self.hidden)])
        as_salesman = NotDuplicate.with_user(self.salesman)
        self.assertEqual(as_salesman.search([]), visible)
        with self.assertRaises(AccessError):
            hidden.with_user(self.salesman).read(["lead_id", "other_lead_id"])
        with self.assertRaises(AccessError):
            as_salesman.create(
                {"lead_id": self.mine.id, "other_lead_id": self.in_b.id}
                if self.mine.id < self.in_b.id
                else {"lead_id": self.in_b.id, "other_lead_id": self.mine.id}
            )
        self.assertEqual(
            NotDuplicate.with_user(self.manager).search([]), visible | hidden
        )
        self.assertFalse(
            NotDuplicate.with_user(self.salesman_b).search([]),
            "an all-leads salesperson of another company sees none of them",
        )
        with self.assertRaises(AccessError):
            NotDuplicate.with_user(self.portal).search([])

    def test_proposals_only_for_readable_leads(self):
        Proposal = self.env["crm.lead.similar.proposal"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Proposal.create({"lead_id": self.in_b.id}).lead_id.name  # noqa: B018
        proposal = Proposal.create({"lead_id": self.mine.id})
        self.assertEqual(proposal.duplicate_ids, self.mine_twin, "not the hidden one")

    def test_merge_wizard_refuses_hidden_leads(self):
        Wizard = self.env["crm.lead.merge.wizard"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Wizard.create({"lead_ids": [(6, 0, (self.mine | self.hidden).ids)]})
        action = (
            (self.mine | self.hidden).with_user(self.salesman)._merge_wizard_action()
        )
        defaults = Wizard.with_context(**action["context"]).default_get(["lead_ids"])
        self.assertEqual(
            defaults["lead_ids"][0][2], self.mine.ids, "hidden one dropped"
        )

    def test_portal_reaches_nothing(self):
        for model in (
            "crm.lead.not.duplicate",
            "crm.lead.similar.proposal",
            "crm.lead.duplicate.group",
            "crm.lead.merge.journal",
            "crm.lead.merge.batch",
            "crm.lead.merge.wizard",
            "crm.lead.merge.undo",
            "crm.lead.similar.pair",
            "crm.lead.similar.pending",
            "crm.lead.duplicate.member",
            "crm.lead.duplicate.mass.merge",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal).search([])

    def test_scan_for_managers_and_the_scheduler_only(self):
        Group = self.env["crm.lead.duplicate.group"]
        for user in (self.salesman, self.salesman_all):
            with self.assertRaises(AccessError):
                Group.with_user(user).action_scan_now()
        with self.assertRaises(AccessError):
            Group.with_user(self.portal).action_scan_now()
        self.assertEqual(
            Group.with_user(self.manager).action_scan_now()["params"]["type"],
            "info",
        )
        cron = self.env.ref("crm_similar_leads.ir_cron_crm_lead_similar_rescore")
        self.assertEqual(cron.user_id, self.env.ref("base.user_root"))


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestNoOracle(SecurityCase):
    def test_probe_lead_learns_nothing_about_hidden_leads(self):
        probe = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Probe", "email_from": "secret@b-sec.example"})
        )
        self.assertEqual(probe.similar_duplicate_count, 0)
        self.assertFalse(probe.similar_lead_ids)
        Lead = self.env["crm.lead"].with_user(self.salesman)
        self.assertFalse(Lead.search([("similar_lead_ids", "in", [self.in_b.id])]))
        self.assertFalse(Lead.search([("similar_lead_ids", "in", [self.hidden.id])]))
        self.assertEqual(
            Lead.search([("similar_lead_ids", "in", [self.mine.id])]), self.mine_twin
        )

    def test_best_scores_are_never_read_by_users(self):
        """A lead's best stored score counts leads the user may not read:
        neither read nor searched by anyone but administrators."""
        self._lead(
            "Hidden twin", email_from="twin@hidden-sec.example", user_id=self.manager.id
        )
        probe = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Probe", "email_from": "twin@hidden-sec.example"})
        )
        pairs.up_to_date(self.env)
        self.assertTrue(probe.sudo().similar_top_score, "paired with the hidden lead")
        for user in (self.salesman, self.salesman_b, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    probe.with_user(user).read(["similar_top_score"])
                with self.assertRaises(AccessError):
                    self.env["crm.lead"].with_user(user).search(
                        [("similar_top_score", ">", 0)]
                    )
        has_duplicates = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .search([("similar_duplicate_count", ">", 0)])
        )
        self.assertNotIn(probe, has_duplicates)
        self.assertIn(self.mine, has_duplicates)

    def test_other_company_learns_nothing(self):
        Lead = self.env["crm.lead"].with_user(self.salesman_b)
        self.assertFalse(Lead.search([("similar_lead_ids", "in", [self.mine.id])]))
        probe = Lead.create({"name": "Probe B", "email_from": "shared@sec.example"})
        self.assertEqual(probe.similar_duplicate_count, 0)
        self.assertFalse(probe.similar_lead_ids)
        in_b = self.in_b.with_user(self.salesman_b)
        self.assertEqual(in_b.similar_duplicate_count, 0)

    def test_scores_say_nothing_of_other_companies(self):
        """How many leads share a mailbox lowers its weight: only the leads
        that may be similar count, so two probes score the same whether or
        not another company has a lead with their mailbox."""
        Lead = self.env["crm.lead"].with_user(self.salesman)
        Pair = self.env["crm.lead.similar.pair"]

        def probe_score(email):
            first, second = Lead.create(
                [{"name": f"Probe {i}", "email_from": email} for i in (1, 2)]
            )
            self.env.flush_all()
            pairs.up_to_date(self.env)
            pair = Pair.search(
                [("lead_id", "=", first.id), ("other_id", "=", second.id)]
            )
            return pair.score, pair.contributions

        for _other in range(3):
            self._lead(
                "Hidden in B",
                email_from="hidden@b-sec.example",
                company_id=self.company_b.id,
            )
        self.assertEqual(
            probe_score("hidden@b-sec.example"), probe_score("nobody@b-sec.example")
        )

    def _probe_pair(self, user, *values_list):
        """Two leads created by ``user`` (theirs), and what ``user`` reads of
        their pair: the score and reasons, and whether each finds the
        other."""
        first, second = self.env["crm.lead"].with_user(user).create(list(values_list))
        run_scoring_job(self.env)
        self.env.invalidate_all()
        pair = self.env["crm.lead.similar.pair"].search(
            [("lead_id", "=", first.id), ("other_id", "=", second.id)]
        )
        found = second in first.similar_lead_ids and first in second.similar_lead_ids
        return found, pair.score, pair.contributions

    def test_shared_values_counted_among_readable_leads(self):
        """A value shared by many leads weighs less, and by more than the cap
        finds nothing: only the leads the pair's readers may read are counted,
        so another salesperson's leads change nothing an own-leads
        salesperson sees, and unassigned ones (readable) do."""

        def probe(email):
            return self._probe_pair(
                self.salesman,
                *({"name": f"Probe {i}", "email_from": email} for i in (1, 2)),
            )

        alone = probe("alone@probe.example")
        self.assertTrue(alone[0])
        self._leads_sharing(
            "Another's", 3, email_from="few@probe.example", user_id=self.manager.id
        )
        self._leads_sharing(
            "Another's",
            BLOCK_CAP + 5,
            email_from="many@probe.example",
            user_id=self.manager.id,
        )
        self.assertEqual(probe("few@probe.example"), alone)
        self.assertEqual(probe("many@probe.example"), alone)
        self._leads_sharing(
            "Unassigned", 3, email_from="open@probe.example", user_id=False
        )
        found, score, _reasons = probe("open@probe.example")
        self.assertTrue(found)
        self.assertLess(score, alone[1], "unassigned leads are read and counted")

    def test_names_sorted_among_readable_leads(self):
        """Leads whose names sort next to a lead's are taken salesperson by
        salesperson: another salesperson's leads sorting between two of
        mine never keep them from being compared."""

        def probe(company):
            return self._probe_pair(
                self.salesman,
                {"name": "P1", "contact_name": "Anna Martin", "partner_name": company},
                {"name": "P2", "contact_name": "Anna Martine", "partner_name": company},
            )

        alone = probe("Probe Works Alone")
        self.assertTrue(alone[0])
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Another's {letter}",
                    # "anna martin" < "anna martina" < ... < "anna martine"
                    "contact_name": f"Anna Martina{letter}",
                    "partner_name": "Probe Works Crowded",
                    "user_id": self.manager.id,
                }
                for letter in ("", *"abcdefghijk")
            ]
        )
        self.assertEqual(probe("Probe Works Crowded"), alone)

    def test_leads_of_two_salespeople_count_every_lead(self):
        """Only those who read every salesperson's leads read a pair of two
        salespeople's leads: there a value is counted over them all."""

        def pair_score(phone):
            first = self._lead("Mine", phone=phone, user_id=self.salesman.id)
            second = self._lead("Theirs", phone=phone, user_id=self.manager.id)
            run_scoring_job(self.env)
            matches = {m.lead_id: m.score for m in first._similar_matches()}
            return matches[second.id]

        alone = pair_score("+33 6 11 22 33 01")
        third = self.env.ref("base.user_admin")
        self._leads_sharing("Third", 4, phone="+33 6 11 22 33 02", user_id=third.id)
        self.assertLess(pair_score("+33 6 11 22 33 02"), alone)

    def test_a_lead_given_to_another_salesperson_is_scored_again(self):
        """Who may read a pair changes with its leads' salespeople, and so
        does its scope: a lead moved is scored again at the commit."""
        mine = self._lead("Mine", email_from="moved@probe.example", user_id=False)
        open_one = self._lead("Open", email_from="moved@probe.example", user_id=False)
        self._leads_sharing(
            "Another's", 3, email_from="moved@probe.example", user_id=self.manager.id
        )
        run_scoring_job(self.env)
        Pair = self.env["crm.lead.similar.pair"]

        def score():
            pairs.up_to_date(self.env)
            Pair.invalidate_model()
            return Pair.search(
                [("lead_id", "=", mine.id), ("other_id", "=", open_one.id)]
            ).score

        among_unassigned = score()
        mine.user_id = self.salesman
        self.env.cr.precommit.run()
        self.assertEqual(score(), among_unassigned, "the other's leads still unread")
        open_one.user_id = self.manager
        self.env.cr.precommit.run()
        self.assertLess(score(), among_unassigned, "now read by all-leads users only")

    def test_only_core_rules_here(self):
        """Core's rules read a lead's company and salesperson; a partner
        portal's rule (``website_crm_partner_assign``) is for users who read
        no similar leads."""
        self.assertIsNone(self.env["crm.lead"]._similar_rule_fields())

    def _rule(self, domain):
        return self.env["ir.rule"].create(
            {
                "name": "Custom rule on leads",
                "model_id": self.env.ref("crm.model_crm_lead").id,
                "domain_force": domain,
            }
        )

    def test_a_rule_on_a_list_of_tags_makes_each_lead_its_own_cell(self):
        self._rule("[('tag_ids', '=', False)]")
        self.assertEqual(self.env["crm.lead"]._similar_rule_fields(), ("id",))
        found, score, _reasons = self._probe_pair(
            self.salesman,
            {
                "name": "P1",
                "email_from": "cell@tags.example",
                "contact_name": "Ann Lee",
            },
            {
                "name": "P2",
                "email_from": "cell@tags.example",
                "contact_name": "Ann Lee",
            },
        )
        self.assertTrue(found)
        self.assertEqual(score, 9.0 + 5.0, "a mailbox counted for the pair alone")

    def test_custom_rules_are_followed(self):
        """A rule of the database's own (unassigned leads read by their
        team's members only) reads a field core's rules do not: the leads it
        hides from a salesperson never count for them either."""
        self._rule(
            "['|', ('user_id', '!=', False), ('team_id', 'in', user.crm_team_ids.ids)]"
        )
        self.assertEqual(self.env["crm.lead"]._similar_rule_fields(), ("team_id",))

        def probe(email, company):
            return self._probe_pair(
                self.salesman,
                *(
                    {
                        "name": f"Probe {i}",
                        "email_from": email,
                        "contact_name": f"Anna Martin{'e' * i}",
                        "partner_name": company,
                    }
                    for i in (0, 1)
                ),
            )

        alone = probe("alone@team.example", "Team Works Alone")
        self.assertTrue(alone[0])
        unassigned = self.env["crm.lead"].create(
            [
                {
                    "name": f"Team's {letter}",
                    "email_from": "jo.doe@team.example",
                    "contact_name": f"Anna Martina{letter}",
                    "partner_name": "Team Works Crowded",
                    "user_id": False,
                    "team_id": self.team.id,
                }
                for letter in ("", *"abcdefghijk")
            ]
        )
        Lead = self.env["crm.lead"].with_user(self.salesman)
        self.assertFalse(Lead.search([("id", "in", unassigned.ids)]), "hidden")
        self.assertEqual(probe("jo.doe@team.example", "Team Works Crowded"), alone)

    def test_a_new_rule_scores_every_lead_again(self):
        """Leads stored under core's rules count the team's unassigned leads;
        a rule by team then hides them from the salesperson: the job scores
        every lead again at once, without anyone asking for it."""
        mine = self.env["crm.lead"].create(
            [
                {
                    "name": f"Ruled {i}",
                    "email_from": "ruled@team.example",
                    "contact_name": "Rudi Ruled",
                    "user_id": self.salesman.id,
                }
                for i in (1, 2)
            ]
        )
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Team's ruled {i}",
                    "email_from": "ruled@team.example",
                    "user_id": False,
                    "team_id": self.team.id,
                }
                for i in range(5)
            ]
        )
        run_scoring_job(self.env)

        def score():
            pairs.up_to_date(self.env)
            self.env.invalidate_all()
            return (
                self.env["crm.lead.similar.pair"]
                .search([("lead_id", "=", mine[0].id), ("other_id", "=", mine[1].id)])
                .score
            )

        counted = score()  # seven leads on the mailbox
        self._rule(
            "['|', ('user_id', '!=', False), ('team_id', 'in', user.crm_team_ids.ids)]"
        )
        Param = self.env["ir.config_parameter"]
        self.assertEqual(Param.get_param("crm_similar_leads.rescore_from"), "0")
        run_scoring_job(self.env)
        self.assertGreater(score(), counted, "the hidden leads no longer count")
        self.assertFalse(Param.get_param("crm_similar_leads.rescore_from"))

    def test_queue_groups_are_made_of_readable_leads(self):
        """``mine`` and its twin pair with an earlier lead the salesperson
        cannot read: they still form their own group in My Duplicates, as if
        the hidden lead did not exist."""
        hidden_first = self._lead(
            "Hidden, created first",
            email_from="shared@sec.example",
            user_id=self.manager.id,
        )
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = now() - interval '9 days' WHERE id = %s",
            [hidden_first.id],
        )
        self.env.invalidate_all()
        Group = self.env["crm.lead.duplicate.group"].with_user(self.salesman)
        groups = Group.search([("lead_ids", "in", self.mine.ids)])
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups.lead_ids, self.mine | self.mine_twin)
        manager_groups = Group.with_user(self.manager).search(
            [("lead_ids", "in", self.mine.ids)]
        )
        self.assertEqual(manager_groups.lead_id, hidden_first)
        # Every company checked in the switcher: the same groups, read as the
        # web client reads a page of the queue (the company rule on groups is
        # checked in sudo mode: the groups are still the salesperson's).
        companies = self.env["res.company"].search([])
        self.salesman.company_ids = companies
        groups_module.rebuild(self.env)  # the creation date was changed by SQL
        self.env.invalidate_all()
        Group = Group.with_context(allowed_company_ids=companies.ids)
        page = Group.search_fetch([], ["lead_id", "score", "lead_count"], limit=80)
        self.assertEqual(
            page.read(["lead_count"]), [{"id": self.mine.id, "lead_count": 2}]
        )

    def test_batches_of_hidden_merges_are_hidden(self):
        first, second = self._leads_sharing(
            "Batch B", 2, email_from="batch@b-sec.example", company_id=self.company_b.id
        )
        batch = self.env["crm.lead.merge.batch"].create({"name": "Batch of B"})
        merge((first | second), first)
        self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", first.id)]
        ).batch_id = batch
        Batch = self.env["crm.lead.merge.batch"].with_user(self.manager)
        self.assertNotIn(batch, Batch.search([]))
        with self.assertRaises(AccessError):
            batch.with_user(self.manager).read(["name"])
        with self.assertRaises(AccessError):
            batch.with_user(self.manager).action_undo()

    def test_origin_in_context_must_be_readable(self):
        Lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .with_context(similar_origin_lead_id=self.hidden.id)
        )
        self.assertFalse(Lead.search([("similar_is_duplicate", "=", True)]))
        self.assertFalse(Lead.browse(self.mine.id).similar_explanation)
        self.assertFalse(Lead.browse(self.mine.id).similar_class)
        with self.assertRaises(UserError):
            Lead.browse(self.mine.id).action_similar_not_duplicate()

    def test_counts_and_proposal_ignore_hidden_leads(self):
        mine = self.mine.with_user(self.salesman)
        self.assertEqual(mine.similar_duplicate_count, 1, "the hidden one not counted")
        self.assertEqual(mine._similar_duplicates(), self.mine_twin)

    def test_hidden_lead_buttons_refused(self):
        hidden = self.hidden.with_user(self.salesman)
        for method in (
            "action_open_similar_leads",
            "action_similar_keep_separate",
            "action_similar_proposal",
            "action_similar_notify_salespeople",
            "action_merge_with_similar",
            "action_merge_selected",
            "action_open_merged_leads",
            "action_open_merged_into",
            "action_undo_merge",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(hidden, method)()


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestBadInput(SecurityCase):
    def test_every_operator_on_every_searchable_computed_field(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        readable = Lead.search([])
        for fname, operators in SEARCHES.items():
            for operator, values in operators.items():
                for value in values:
                    with self.subTest(field=fname, operator=operator, value=value):
                        try:
                            with self.env.cr.savepoint():
                                result = Lead.search([(fname, operator, value)])
                        except (UserError, ValidationError):
                            continue
                        self.assertLessEqual(result, readable)

    def test_every_operator_on_the_groups_leads(self):
        """The review queue's filter on its leads, from the filter editor."""
        Group = self.env["crm.lead.duplicate.group"].with_user(self.manager)
        readable = Group.search([])
        ids = (self.mine.id, [self.mine.id], [], False, "x" * 5000, [("id", ">", 0)])
        domains = ([("id", ">", 0)], [("name", "ilike", "x" * 5000)], [])
        searches = {
            **dict.fromkeys(("=", "!=", "in", "not in"), ids),
            # malformed domains are refused by Odoo itself, for every field
            **dict.fromkeys(("any", "not any"), domains),
        }
        for operator, values in searches.items():
            for value in values:
                with self.subTest(operator=operator, value=value):
                    try:
                        with self.env.cr.savepoint():
                            result = Group.search([("lead_ids", operator, value)])
                    except (UserError, ValidationError):
                        continue
                    self.assertLessEqual(result, readable)

    def test_merge_window_with_ids_of_any_kind(self):
        """``active_ids`` as a hostile client may send them."""
        Wizard = self.env["crm.lead.merge.wizard"].with_user(self.salesman)
        for active_ids in (["x", "1"], [None], [self.mine.id, -5, 10**9], "12", [[1]]):
            with self.subTest(active_ids=active_ids):
                try:
                    with self.env.cr.savepoint():
                        defaults = Wizard.with_context(
                            active_model="crm.lead", active_ids=active_ids
                        ).default_get(["lead_ids"])
                except (UserError, ValidationError):
                    continue
                chosen = defaults.get("lead_ids", [(6, 0, [])])[0][2]
                self.assertLessEqual(set(chosen), set(self.mine.ids))

    def test_counts_compared_with_zero(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        has = Lead.search([("similar_duplicate_count", ">", 0)])
        self.assertIn(self.mine, has)
        self.assertEqual(Lead.search([("similar_duplicate_count", ">=", 1)]), has)
        self.assertEqual(Lead.search([("similar_duplicate_count", "!=", 0)]), has)
        self.assertFalse(has & Lead.search([("similar_duplicate_count", "=", 0)]))
        self.assertFalse(Lead.search([("similar_duplicate_count", "<", 0)]))
        self.assertEqual(
            Lead.search([("similar_duplicate_count", "=", 1)]),
            has.filtered(lambda lead: lead.similar_duplicate_count == 1),
        )
        with self.assertRaisesRegex(UserError, "with a whole number"):
            Lead.search([("similar_duplicate_count", "=", "three")])

    def test_merge_line_with_an_unknown_key(self):
        wizard = self.env["crm.lead.merge.wizard"].create(
            {"lead_ids": [(6, 0, (self.mine | self.mine_twin).ids)]}
        )
        for key in ("no_such_field", "id", "merged_into_id", "x" * 5000):
            with self.assertRaises(ValidationError, msg=key):
                self.env["crm.lead.merge.wizard.line"].create(
                    {"wizard_id": wizard.id, "key": key}
                )

    def test_merge_with_a_salesperson_or_team_of_nowhere(self):
        team_b = self.env["crm.team"].create(
            {"name": "Team B", "company_id": self.company_b.id}
        )
        leads = self.mine | self.mine_twin
        with self.assertRaisesRegex(ValidationError, "internal user"):
            merge(leads, user=self.portal)
        with self.assertRaisesRegex(ValidationError, "internal user"):
            merge(leads, user=self.salesman_b)
        with self.assertRaisesRegex(ValidationError, "team of the lead's company"):
            merge(leads, team=team_b)
        self.assertFalse(leads.merged_into_id, "nothing half-written")
        self.assertTrue(all(leads.mapped("active")))

    def test_huge_and_strange_strings_in_a_merge(self):
        first, second = self._leads_in_order(
            {"description": "<p>" + "x" * 200_000 + "</p>"},
            {
                "name": "<script>alert(1)</script>",
                "contact_name": "'; DROP TABLE x; --",
            },
        )
        merge(first | second)
        note = first.message_ids.filtered(lambda m: "into this one" in str(m.body))
        self.assertNotIn("<script>", str(note.body))
        self.assertLess(len(str(note.body)), 20_000, "long notes are shortened")


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestOverRpc(HttpCase):
    """The same doors, knocked on over JSON-RPC: as an own-leads
    salesperson, an all-leads salesperson of another company, a portal
    user, and a manager (for whom they open)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_b = cls.env["res.company"].create({"name": "RPC Company B"})
        cls.salesman = new_test_user(
            cls.env, login="rpc_sales", groups="sales_team.group_sale_salesman"
        )
        new_test_user(
            cls.env,
            login="rpc_other_company",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        new_test_user(cls.env, login="rpc_portal", groups="base.group_portal")
        new_test_user(
            cls.env, login="rpc_manager", groups="sales_team.group_sale_manager"
        )
        cls.hidden, cls.hidden_twin = cls.env["crm.lead"].create(
            [
                {
                    "name": f"RPC hidden {i}",
                    "email_from": "rpc@sec.example",
                    "user_id": 2,
                }
                for i in (1, 2)
            ]
        )
        merge(cls.hidden | cls.hidden_twin)
        cls.own = cls.env["crm.lead"].create(
            {
                "name": "RPC own",
                "email_from": "rpc@sec.example",
                "user_id": cls.salesman.id,
            }
        )

    def _call(self, model, method, args, kwargs=None):
        run_scoring_job(self.env)  # the leads above were committed
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _doors(self):
        """``(model, method, args)`` that touch the hidden lead."""
        low, high = sorted((self.own.id, self.hidden.id))
        return (
            (
                "crm.lead.not.duplicate",
                "create",
                [{"lead_id": low, "other_lead_id": high}],
            ),
            ("crm.lead.similar.proposal", "create", [{"lead_id": self.hidden.id}]),
            ("crm.lead.duplicate.group", "action_scan_now", [[]]),
            ("crm.lead.duplicate.group", "action_dismiss", [[self.hidden.id]]),
            ("crm.lead.duplicate.mass.merge", "create", [{}]),
            ("crm.lead", "action_open_similar_leads", [[self.hidden.id]]),
            ("crm.lead", "action_undo_merge", [[self.hidden_twin.id]]),
        )

    def _assert_locked_out(self, login):
        self.authenticate(login, login)
        for model, method, args in self._doors():
            # Refused, or (a group the user cannot see is no group for
            # them) missing: either way, nothing about the hidden lead.
            with (
                self.subTest(login=login, method=method),
                self.assertRaisesRegex(Exception, "AccessError|MissingError"),
            ):
                self._call(model, method, args)

    def _assert_learns_nothing(self, login):
        self.authenticate(login, login)
        for domain in (
            [("similar_lead_ids", "in", [self.hidden.id])],
            [("similar_lead_ids", "in", [self.own.id])],
            [("similar_duplicate_count", ">", 0), ("id", "=", self.hidden.id)],
        ):
            with self.subTest(login=login, domain=domain):
                found = self._call("crm.lead", "search", [domain])
                self.assertNotIn(self.hidden.id, found)
        journals = self._call("crm.lead.merge.journal", "search_read", [[]])
        self.assertEqual(journals, [], "merges of leads one cannot change")
        with self.assertRaisesRegex(Exception, "UserError"):
            self._call("crm.lead", "search", [[("similar_duplicate_count", "=", "x")]])

    def test_salesperson_over_rpc(self):
        self._assert_locked_out("rpc_sales")
        self._assert_learns_nothing("rpc_sales")

    def test_other_company_over_rpc(self):
        self._assert_locked_out("rpc_other_company")
        self._assert_learns_nothing("rpc_other_company")

    def test_portal_over_rpc(self):
        self._assert_locked_out("rpc_portal")
        self.authenticate("rpc_portal", "rpc_portal")
        leads = self._call(
            "crm.lead", "search", [[("similar_duplicate_count", ">", 0)]]
        )
        self.assertEqual(leads, [], "core's rules: no lead for the portal")
        for model in (
            "crm.lead.similar.pair",
            "crm.lead.not.duplicate",
            "crm.lead.duplicate.group",
            "crm.lead.merge.journal",
            "crm.lead.merge.batch",
        ):
            with (
                self.subTest(model=model),
                self.assertRaisesRegex(Exception, "AccessError"),
            ):
                self._call(model, "search_read", [[]])

    def test_manager_over_rpc(self):
        """The same doors open for a sales manager."""
        self.authenticate("rpc_manager", "rpc_manager")
        found = self._call(
            "crm.lead", "search", [[("similar_lead_ids", "in", [self.own.id])]]
        )
        self.assertIn(self.hidden.id, found)
        proposal = self._call(
            "crm.lead.similar.proposal", "create", [{"lead_id": self.own.id}]
        )
        self.assertTrue(proposal)
        scan = self._call("crm.lead.duplicate.group", "action_scan_now", [[]])
        self.assertEqual(scan["type"], "ir.actions.client")
        journals = self._call(
            "crm.lead.merge.journal", "search_read", [[]], {"fields": ["id"]}
        )
        self.assertTrue(journals, "the manager sees the merges")
        undo = self._call("crm.lead", "action_undo_merge", [[self.hidden_twin.id]])
        self.assertEqual(undo["res_model"], "crm.lead.merge.undo")
        low, high = sorted((self.own.id, self.hidden.id))
        self._call(
            "crm.lead.not.duplicate",
            "create",
            [{"lead_id": low, "other_lead_id": high}],
        )
        found = self._call(
            "crm.lead", "search", [[("similar_lead_ids", "in", [self.own.id])]]
        )
        self.assertNotIn(self.hidden.id, found, "kept separate")
