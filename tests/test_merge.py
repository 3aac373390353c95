from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged, users

from ..engine import moved_kinds
from ..wizards import crm_lead_merge_wizard as wizard_module
from .common import MergeInvariantsMixin, SimilarLeadsCase, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMerge(MergeInvariantsMixin, SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_new, cls.stage_qualified = cls.env["crm.stage"].create(
            [{"name": "M New", "sequence": 1}, {"name": "M Qualified", "sequence": 2}]
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Other Team", "company_id": False}
        )
        cls.other_team_stage = cls.env["crm.stage"].create(
            {"name": "Other Team Only", "sequence": 0, "team_ids": [cls.other_team.id]}
        )
        cls.env["crm.team.member"].create(
            {"crm_team_id": cls.other_team.id, "user_id": cls.manager.id}
        )

    def _leads(self, *values_list, days_ago=None):
        """Creates leads, the first one oldest (one day apart)."""
        leads = self.env["crm.lead"]
        for index, values in enumerate(values_list):
            lead = self._lead(values.pop("name", f"Lead {index}"), **values)
            created = datetime.now() - timedelta(days=(days_ago or 30) - index)
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s", (created, lead.id)
            )
            leads |= lead
        leads.invalidate_recordset(["create_date"])
        return leads

    def _wizard(self, leads, **context):
        action = leads._merge_wizard_action()
        return Form(
            self.env["crm.lead.merge.wizard"].with_context(
                **action["context"], **context
            )
        )

    def test_oldest_wins_and_keeps_its_values(self):
        old, new = self._leads(
            {"name": "Old", "email_from": "m@acme-m.com", "phone": "+33 6 11 11 11 11"},
            {"name": "New", "email_from": "other@acme-m.com", "contact_name": "Marie"},
        )
        wizard = self._wizard(new | old)
        self.assertEqual(wizard.master_lead_id, old)
        master = self.env["crm.lead"].browse(
            wizard.save().action_merge()["params"]["lead_id"]
        )
        self.assertEqual(master, old)
        self.assertEqual(master.email_from, "m@acme-m.com", "the master's value wins")
        self.assertEqual(
            master.contact_name, "Marie", "empty on the master: taken from the other"
        )
        self.assertMerged(old, new)
        self.assertEqual(old.merged_lead_ids, new)
        self.assertEqual(old.merged_lead_count, 1)

    def test_the_fuller_address_of_the_same_place_is_kept(self):
        """The record kept only has the town: the other's street and zip in
        that town are preselected (the merge window's default)."""
        old, new = self._leads(
            {"name": "Town only", "email_from": "t@addr-m.com", "city": "Lyon"},
            {
                "name": "Full address",
                "email_from": "t@addr-m.com",
                "street": "3 rue Neuve",
                "zip": "69001",
                "city": "Lyon",
            },
        )
        wizard = self._wizard(new | old)
        self.assertEqual(wizard.master_lead_id, old)
        master = self.env["crm.lead"].browse(
            wizard.save().action_merge()["params"]["lead_id"]
        )
        self.assertEqual(
            (master.street, master.zip, master.city), ("3 rue Neuve", "69001", "Lyon")
        )

    def test_one_stage_keeps_the_salesperson_of_the_record_kept(self):
        """Two opportunities in one stage: Odoo's estimate of their
        probability does not make the later one more advanced; a
        probability a person set does."""
        other_seller = new_test_user(
            self.env, login="sl_stage_other", groups="sales_team.group_sale_salesman"
        )
        for set_by_hand, expected in ((False, self.salesman), (True, other_seller)):
            with self.subTest(set_by_hand=set_by_hand):
                old, new = self._leads(
                    {"type": "opportunity", "user_id": self.salesman.id},
                    {"type": "opportunity", "user_id": other_seller.id},
                )
                self.env.flush_all()  # or Odoo's estimate overwrites ours
                for lead, estimate in ((old, 10), (new, 30)):
                    self.env.cr.execute(
                        """UPDATE crm_lead SET automated_probability = %s,
                                               probability = %s
                            WHERE id = %s""",
                        (
                            estimate,
                            80 if set_by_hand and lead == new else estimate,
                            lead.id,
                        ),
                    )
                (old | new).invalidate_recordset()
                self.assertEqual(old.stage_id, new.stage_id)
                kept = merge(old | new)
                self.assertEqual(kept, old)
                self.assertEqual(kept.user_id, expected)

    def test_user_picks_master_and_values(self):
        old, new = self._leads(
            {
                "name": "Old",
                "email_from": "old@acme-p.com",
                "street": "1 Old Street",
                "city": "Lyon",
            },
            {
                "name": "New",
                "email_from": "new@acme-p.com",
                "street": "2 New Street",
                "zip": "75001",
                "city": "Paris",
            },
        )
        with self._wizard(old | new) as wizard:
            keys = []
            for index in range(len(wizard.line_ids)):
                with wizard.line_ids.edit(index) as line:
                    keys.append(line.key)
                    if line.key in ("email_from", "address"):
                        self.assertEqual(line.chosen_lead_id, old)
                        line.chosen_lead_id = new
            self.assertIn("email_from", keys)
            self.assertIn("address", keys)
            self.assertNotIn("street", keys, "the address is chosen as a whole")
        wizard.record.action_merge()
        self.assertTrue(old.active)
        self.assertEqual(old.email_from, "new@acme-p.com")
        self.assertEqual(
            (old.street, old.zip, old.city), ("2 New Street", "75001", "Paris")
        )
        self.assertEqual(old.name, "Old")

        a, b = self._leads({"name": "A"}, {"name": "B"})
        # Chosen at the head of its column (the field itself is read-only).
        self._wizard(a | b, default_master_lead_id=b.id).save().action_merge()
        self.assertMerged(b, a)
        self.assertEqual(b.name, "B")

    def test_adding_a_lead_keeps_the_record_kept(self):
        """ "Add a line" in the window leaves the record kept the user chose
        (the onchange compares the leads as new records with the kept one)."""
        a, b, c = self._leads({"name": "A"}, {"name": "B"}, {"name": "C"})
        with self._wizard(a | b, default_master_lead_id=b.id) as wizard:
            self.assertEqual(wizard.master_lead_id, b)
            wizard.lead_ids.add(c)
            self.assertEqual(wizard.master_lead_id, b, "still the one chosen")

    def test_unset_numbers_are_empty(self):
        old, new = self._leads(
            {"name": "Old"}, {"name": "New", "expected_revenue": 500}
        )
        wizard = self._wizard(old | new)
        keys = []
        for index in range(len(wizard.line_ids)):
            with wizard.line_ids.edit(index) as line:
                keys.append(line.key)
        self.assertNotIn("expected_revenue", keys, "0 was never filled in: no choice")
        wizard.save().action_merge()
        self.assertEqual(old.expected_revenue, 500)

    def test_lead_and_opportunity_give_an_opportunity(self):
        lead, opportunity = self._leads(
            {"type": "lead"},
            {"type": "opportunity", "stage_id": self.stage_qualified.id},
        )
        master = merge(lead | opportunity)
        self.assertEqual(master, lead, "the oldest is kept, even if it is the lead")
        self.assertEqual(master.type, "opportunity")
        self.assertTrue(master.date_conversion)

    def test_lost_and_active_give_active(self):
        lost, active = self._leads(
            {"name": "Lost", "expected_revenue": 500},
            {"name": "Active", "probability": 40},
        )
        lost.action_set_lost(lost_reason_id=self.env.ref("crm.lost_reason_1").id)
        master = merge(lost | active)
        self.assertEqual(master, lost)
        self.assertTrue(
            master.active,
            "a lost lead merged with an active one comes back to the pipeline",
        )
        self.assertEqual(master.won_status, "pending")
        self.assertFalse(master.lost_reason_id)
        self.assertEqual(master.probability, 40, "a lost lead's 0% is not an estimate")

    def test_all_lost_stay_lost(self):
        first, second = self._leads({"name": "L1"}, {"name": "L2"})
        (first | second).action_set_lost()
        master = merge(first | second)
        self.assertFalse(master.active)
        self.assertEqual(master.won_status, "lost")

    def test_records_left_out_are_said(self):
        """Selected records the window does not take are named with why."""
        lead, won, merged, kept = self._leads(
            {"name": "Lead"},
            {"name": "Won deal", "type": "opportunity"},
            {"name": "Merged lead"},
            {"name": "Kept lead"},
        )
        won.action_set_won()
        merge(kept | merged, master=kept)
        other = self.env["res.company"].create({"name": "Other Co"})
        self.env.user.company_ids |= other
        elsewhere = self._lead("Elsewhere", company_id=other.id, team_id=False)
        self.assertEqual(elsewhere.company_id, other)
        lead.company_id = self.env.company
        wizard = self._wizard(
            lead | won | merged | elsewhere,
            allowed_company_ids=[self.env.company.id, other.id],
        )
        self.assertEqual(wizard.lead_ids[:], lead)
        said = wizard.left_out
        self.assertIn('Won deal: won. To merge it, add it with "Add a line"', said)
        self.assertIn("Merged lead: merged into Kept lead already.", said)
        self.assertIn("Elsewhere: belongs to Other Co", said)

    def test_won_not_preselected_and_needs_confirmation(self):
        lead, won = self._leads(
            {"name": "Lead"}, {"name": "Won", "type": "opportunity"}
        )
        won.action_set_won()
        wizard = self._wizard(lead | won)
        self.assertEqual(
            wizard.lead_ids[:], lead, "won opportunities are not pre-selected"
        )
        wizard.lead_ids.add(won)  # "Add a line"
        self.assertEqual(
            wizard.master_lead_id, won, "a won opportunity is the record kept"
        )
        record = wizard.save()
        with self.assertRaisesRegex(UserError, "won"):
            record.action_merge()
        self.assertTrue(lead.active, "nothing merged")
        record.confirm_won = True
        record.action_merge()
        self.assertEqual(won.won_status, "won")
        self.assertEqual(lead.merged_into_id, won)
        with self.assertRaisesRegex(UserError, "must be the record kept"):
            other = self._lead("Other")
            merge((other | won), master=other, allow_won=True)

    def test_salesperson_team_and_stage(self):
        first, second = self._leads(
            {
                "name": "A",
                "user_id": self.salesman.id,
                "type": "opportunity",
                "stage_id": self.stage_qualified.id,
            },
            {"name": "B", "user_id": self.salesman_all.id},
        )
        with self._wizard(first | second) as wizard:
            wizard.user_id = self.manager
            self.assertEqual(wizard.team_id, self.other_team, "the salesperson's team")
        wizard.record.action_merge()
        self.assertEqual(first.user_id, self.manager)
        self.assertEqual(first.team_id, self.other_team)
        self.assertEqual(
            first.stage_id, self.stage_qualified, "a stage of every team stays"
        )

        third, fourth = self._leads(
            {"name": "C", "stage_id": self.other_team_stage.id}, {"name": "D"}
        )
        merge((third | fourth), team=self.team)
        self.assertNotEqual(
            third.stage_id,
            self.other_team_stage,
            "the stage must be valid for the team",
        )

    def test_a_salesperson_in_no_team_keeps_the_team(self):
        loner = new_test_user(
            self.env, login="merge_loner", groups="sales_team.group_sale_salesman"
        )
        first, second = self._leads(
            {"name": "A", "team_id": self.team.id}, {"name": "B", "user_id": loner.id}
        )
        with self._wizard(first | second) as wizard:
            self.assertEqual(wizard.team_id, self.team)
            wizard.user_id = loner
            self.assertEqual(wizard.team_id, self.team, "never blank")
        wizard.record.action_merge()
        self.assertEqual((first.user_id, first.team_id), (loner, self.team))

    def test_side_by_side_columns_and_values(self):
        old, new = self._leads(
            {
                "name": "Old",
                "email_from": "Side@acme-side.com",
                "phone": "+33 6 10 00 00 01",
            },
            {"name": "New", "email_from": "other@acme-side.com", "type": "opportunity"},
        )
        old.action_set_lost()
        wizard = self._wizard(old | new).save()
        self.assertEqual(
            [column["id"] for column in wizard.merge_columns], (old | new).ids
        )
        self.assertIn("Lost", wizard.merge_columns[0]["details"])
        self.assertIn("Opportunity", wizard.merge_columns[1]["details"])
        # A won opportunity in its "Won" stage: said once.
        new.action_set_won()
        self.assertEqual(new.stage_id.name, "Won")
        self.assertNotIn("Won · Won", wizard_module._details(new))
        self.assertTrue(wizard_module._details(new).endswith("Opportunity · Won"))
        email = wizard.line_ids.filtered(lambda line: line.key == "email_from")
        self.assertEqual(
            email.values_by_lead,
            {str(old.id): "Side@acme-side.com", str(new.id): "other@acme-side.com"},
        )
        self.assertNotIn(
            "phone", wizard.line_ids.mapped("key"), "one value: nothing to choose"
        )

    def test_values_equal_once_normalised_are_no_choice(self):
        """An email in capitals, a number written another way, a name in
        another order: the same value, not a conflict to resolve."""
        first, second = self._leads(
            {
                "name": "Same quote",
                "email_from": "robin@acme-norm.com",
                "phone": "+33 6 12 34 56 78",
                "contact_name": "Robin Schneider",
            },
            {
                "name": "Same quote",
                "email_from": "Robin <ROBIN@acme-norm.com>",
                "phone": "06.12.34.56.78",
                "contact_name": "SCHNEIDER Robin",
                "country_id": self.env.ref("base.fr").id,
            },
        )
        keys = self._wizard(first | second).save().line_ids.mapped("key")
        for key in ("email_from", "phone", "contact_name"):
            self.assertNotIn(key, keys)

    def test_combined_fields(self):
        tag_a, tag_b = self.env["crm.tag"].create([{"name": "TA"}, {"name": "TB"}])
        first, second = self._leads(
            {
                "description": "<p>First note</p>",
                "tag_ids": [tag_a.id],
                "priority": "1",
            },
            {
                "description": "<p>Second note</p>",
                "tag_ids": [tag_b.id],
                "priority": "3",
            },
        )
        merge(first | second)
        self.assertIn("First note", first.description)
        self.assertIn("Second note", first.description)
        self.assertEqual(first.tag_ids, tag_a | tag_b)
        self.assertEqual(first.priority, "3")

    def test_everything_moves_to_the_master(self):
        master, tail = self._leads({"name": "Master"}, {"name": "Tail"})
        follower = self.env["res.partner"].create({"name": "Quiet follower"})
        tail.message_subscribe(partner_ids=follower.ids)
        both = self.env["res.partner"].create({"name": "Follows both"})
        master.message_subscribe(
            partner_ids=both.ids, subtype_ids=self.env.ref("mail.mt_note").ids
        )
        tail.message_subscribe(
            partner_ids=both.ids, subtype_ids=self.env.ref("mail.mt_comment").ids
        )
        message = tail.message_post(
            body="A message on the tail", message_type="comment"
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "quote.pdf",
                "datas": "UERG",
                "res_model": "crm.lead",
                "res_id": tail.id,
            }
        )
        activity = tail.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back"
        )
        meeting = self.env["calendar.event"].create(
            {
                "name": "Meeting",
                "opportunity_id": tail.id,
                "start": datetime.now(),
                "stop": datetime.now(),
                "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                "res_id": tail.id,
            }
        )
        # A link no module hooks into: a table of another model's, found
        # through the database's foreign keys.
        self.env.cr.execute(
            """
            CREATE TABLE test_lead_link (
                id serial PRIMARY KEY,
                lead_id int REFERENCES crm_lead(id) ON DELETE SET NULL);
            CREATE TABLE test_lead_tag_rel (
                lead_id int REFERENCES crm_lead(id), tag int,
                PRIMARY KEY (lead_id, tag));
            INSERT INTO test_lead_link (lead_id) VALUES (%(tail)s);
            INSERT INTO test_lead_tag_rel
                 VALUES (%(tail)s, 1), (%(tail)s, 2), (%(master)s, 2);
            """,
            {"tail": tail.id, "master": master.id},
        )

        merge(master | tail)

        self.assertEqual(message.res_id, master.id)
        self.assertEqual(attachment.res_id, master.id)
        self.assertEqual(activity.res_id, master.id)
        self.assertEqual(meeting.opportunity_id, master)
        self.assertEqual(meeting.res_id, master.id)
        self.assertIn(
            follower,
            master.message_partner_ids,
            "core drops followers who did not post",
        )
        follower_of_both = master.message_follower_ids.filtered(
            lambda f: f.partner_id == both
        )
        self.assertEqual(
            follower_of_both.subtype_ids,
            self.env.ref("mail.mt_note") | self.env.ref("mail.mt_comment"),
        )
        self.env.cr.execute("SELECT lead_id FROM test_lead_link")
        self.assertEqual(self.env.cr.fetchall(), [(master.id,)])
        self.env.cr.execute(
            "SELECT lead_id, tag FROM test_lead_tag_rel ORDER BY lead_id <> %s, tag",
            [master.id],
        )
        self.assertEqual(
            self.env.cr.fetchall(),
            [(master.id, 1), (master.id, 2), (tail.id, 1), (tail.id, 2)],
            "the record kept gets every link; the merged one keeps its own",
        )

    def test_window_shows_what_moves_as_the_merge_moves_it(self):
        master, tail, third = self._leads(
            {"name": "Kept"}, {"name": "Tail"}, {"name": "Third"}
        )
        for lead in (tail, third):
            lead.message_post(body="Hello", message_type="comment")
            lead.activity_schedule("mail.mail_activity_data_todo", summary="Call")
        self.env["ir.attachment"].create(
            {
                "name": "a.pdf",
                "datas": "UERG",
                "res_model": "crm.lead",
                "res_id": tail.id,
            }
        )
        master.message_post(body="Already on the record kept")
        wizard = self._wizard(master | tail | third).save()
        shown = wizard._moved_counts()
        labels = {"Messages and notes", "Activities", "Attachments"}
        self.assertLessEqual(labels, set(shown), "each kind, by the name users know")
        self.assertEqual(shown["Activities"], 2)
        for label, count in shown.items():
            self.assertIn(f"{count}</td>", wizard.moved_preview, label)
        wizard.action_merge()
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", master.id)]
        )
        moved = {}
        for change in journal._moved():
            label = moved_kinds.label(self.env, change.reference)
            moved[label] = moved.get(label, 0) + change.count()
        self.assertEqual(shown, {label: n for label, n in moved.items() if n})

    def test_chatter_note_lists_everything(self):
        master, tail = self._leads(
            {"name": "Master", "email_from": "master@acme-n.com"},
            {
                "name": "Tail <b>",
                "email_from": "tail@acme-n.com",
                "phone": "+33 6 22 22 22 22",
                "contact_name": "Tail Contact",
                "expected_revenue": 1234,
            },
        )
        self.env.user.name = "Merger Name"
        choices = {"email_from": tail}
        merge((master | tail), choices=choices)
        note = master.message_ids.filtered(lambda m: "into this one" in (m.body or ""))
        self.assertEqual(len(note), 1)
        body = str(note.body)
        summary, details = body.split("<details>")
        for expected in (
            "Merger Name merged",
            "Tail &lt;b&gt;",
            "master@acme-n.com → tail@acme-n.com",
        ):
            self.assertIn(expected, summary)
        self.assertIn("Undo this merge", body)
        for expected in ("+33 6 22 22 22 22", "Tail Contact", "1,234"):
            self.assertIn(expected, details, "the merged record as it was")
        self.assertEqual(
            note.subtype_id, self.env.ref("mail.mt_note"), "an internal note"
        )
        self.assertIn("Merged into", tail.message_ids[0].body)

    def test_merged_leads_leave_detection(self):
        master, tail, third = self._leads(
            {"email_from": "d@acme-d.com"},
            {"email_from": "d@acme-d.com"},
            {"email_from": "d@acme-d.com"},
        )
        self.assertEqual(master.similar_duplicate_count, 2)
        merge(master | tail)
        master.invalidate_recordset()
        self.assertEqual(master.similar_lead_ids, third)
        self.assertEqual(third.similar_lead_ids, master)
        self.assertEqual(tail.merged_into_id, master)
        self.assertFalse(
            self.env["crm.lead"].search([("id", "=", tail.id)]), "not in the pipeline"
        )

    def test_merge_ten_leads(self):
        leads = self._leads(
            *({"name": f"Ten {i}", "email_from": "ten@acme-10.com"} for i in range(10))
        )
        master = merge(leads)
        self.assertEqual(master, leads[0])
        self.assertEqual(master.merged_lead_count, 9)
        self.assertEqual(set(leads[1:].mapped("merged_into_id")), {master})

    def test_form_merge_button_prefills_strong_duplicates(self):
        lead, duplicate, related = self._leads(
            {"email_from": "f@acme-f.com"},
            {"email_from": "f@acme-f.com"},
            {"email_from": "g@acme-f.com"},
        )
        self.assertTrue(lead.similar_duplicate_count)
        self.assertFalse(related.similar_duplicate_count)
        action = lead.action_merge_with_similar()
        wizard = Form(
            self.env["crm.lead.merge.wizard"].with_context(**action["context"])
        )
        self.assertEqual(wizard.lead_ids[:], lead | duplicate)

    def test_core_merge_binding_replaced(self):
        bound = self.env["ir.actions.act_window"].search(
            [
                ("binding_model_id.model", "=", "crm.lead"),
                ("res_model", "in", ["crm.merge.opportunity", "crm.lead.merge.wizard"]),
            ]
        )
        self.assertEqual(bound.mapped("res_model"), ["crm.lead.merge.wizard"])
        action_ids = [
            a["id"]
            for a in self.env["ir.actions.actions"].get_bindings("crm.lead")["action"]
        ]
        self.assertIn(bound.id, action_ids)
        self.assertNotIn(self.env.ref("crm.action_merge_opportunities").id, action_ids)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeChecks(MergeInvariantsMixin, SimilarLeadsCase):
    def test_bad_input(self):
        lead = self._lead("Alone")
        with self.assertRaisesRegex(UserError, "at least two"):
            merge(lead)
        with self.assertRaisesRegex(UserError, "at least two"):
            merge(self.env["crm.lead"])
        many = self.env["crm.lead"].create([{"name": f"Many {i}"} for i in range(51)])
        with self.assertRaisesRegex(UserError, "at most 50"):
            merge(many)
        other = self._lead("Other")
        ghost = self._lead("Ghost")
        ghost_id = ghost.id
        ghost.unlink()
        with self.assertRaisesRegex(UserError, "no longer exist"):
            merge(lead | other | self.env["crm.lead"].browse(ghost_id))
        with self.assertRaisesRegex(UserError, "one of the merged leads"):
            merge((lead | other), master=self._lead("Outsider"))

    def test_already_merged(self):
        first, second, third = (self._lead(n) for n in ("First", "Second", "Third"))
        merge(first | second)
        with self.assertRaisesRegex(UserError, "already merged"):
            merge(second | third)

    def test_companies_never_mix(self):
        in_a = self._lead("A", company_id=self.company.id)
        in_b = self._lead("B", company_id=self.company_b.id)
        with self.assertRaisesRegex(UserError, "different companies"):
            merge(in_a | in_b)

    @users("sl_salesman")
    def test_salesman_cannot_merge_others_leads(self):
        own = self._lead("Own", user_id=self.salesman.id).with_user(self.env.user)
        others = self._lead("Others", user_id=self.manager.id).with_user(self.env.user)
        with self.assertRaises(AccessError):
            merge(own | others)
        self.assertFalse(own.merged_into_id)
        unassigned = self._lead("Unassigned", user_id=False).with_user(self.env.user)
        master = merge(own | unassigned)
        self.assertEqual(master, own)
