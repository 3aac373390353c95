"""Every merge goes through the addon's engine, whoever starts it, and keeps
everything: core's API, its convert wizards, lead assignment."""

from odoo.tests import Form, tagged

from ..engine import lead_merge, moved_kinds, references
from .common import MergeInvariantsMixin, SimilarLeadsCase, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestCoreEntryPoints(MergeInvariantsMixin, SimilarLeadsCase):
    def _journal(self, master):
        return self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", master.id)]
        )

    def _note(self, master):
        return master.message_ids.filtered(lambda m: "into this one" in str(m.body))

    def test_merge_opportunity_archives_instead_of_deleting(self):
        old, new = self._leads_in_order(
            {"name": "Old", "email_from": "x@core-api.example"},
            {"name": "New", "type": "opportunity", "email_from": "X@core-api.example"},
        )
        result = (new | old).merge_opportunity()  # core's API, as modules call it
        self.assertEqual(result, old, "the record created first is kept")
        self.assertTrue(new.exists(), "never deleted")
        self.assertFalse(new.active)
        self.assertEqual(new.merged_into_id, old)
        self.assertEqual(old.type, "opportunity")
        self.assertEqual(self._journal(old).origin, "api")
        self.assertIn("Merged by another application", str(self._note(old).body))

    def test_private_merge_with_no_limit_and_user(self):
        leads = self._leads_sharing("Many", 60, email_from="many@core-api.example")
        master = leads._merge_opportunity(
            user_id=self.salesman.id, team_id=self.team.id, max_length=0
        )
        self.assertEqual(master.user_id, self.salesman)
        self.assertEqual(len(master.merged_lead_ids), 59)

    def test_convert_wizard_proposes_the_addon_duplicates(self):
        opportunity, lead = self._leads_in_order(
            {
                "name": "Robin's deal",
                "type": "opportunity",
                "email_from": "robin@convert.example",
            },
            {
                "name": "Robin again",
                "type": "lead",
                "email_from": '"Robin" <Robin+web@convert.example>',
            },
        )
        context = {
            "active_model": "crm.lead",
            "active_id": lead.id,
            "active_ids": lead.ids,
        }
        with Form(
            self.env["crm.lead2opportunity.partner"].with_context(**context)
        ) as convert:
            self.assertEqual(convert.name, "merge", "a written-differently duplicate")
            self.assertEqual(convert.duplicated_lead_ids[:], lead | opportunity)
        result = convert.record.action_apply()
        self.assertEqual(result["res_id"], opportunity.id, "the oldest is kept")
        self.assertTrue(lead.exists(), "core's wizard deletes it")
        self.assertEqual(lead.merged_into_id, opportunity)
        self.assertFalse(lead.active)
        self.assertEqual(self._journal(opportunity).origin, "convert")

    def test_mass_convert_deduplicates_through_the_engine(self):
        first, second, alone = self._leads_in_order(
            {"name": "Mass 1", "email_from": "mass@convert.example"},
            {"name": "Mass 2", "email_from": "MASS@convert.example"},
            {"name": "Mass alone", "email_from": "alone@convert.example"},
        )
        leads = first | second | alone
        context = {"active_model": "crm.lead", "active_ids": leads.ids}
        with Form(
            self.env["crm.lead2opportunity.partner.mass"].with_context(**context)
        ) as convert:
            convert.deduplicate = True
            self.assertEqual(convert.duplicated_lead_ids[:], first | second)
        convert.record.action_mass_convert()
        self.assertEqual(second.merged_into_id, first)
        self.assertTrue(second.exists())
        self.assertEqual(first.type, "opportunity")
        self.assertEqual(alone.type, "opportunity")
        self.assertFalse(alone.merged_into_id)

    def _assign_team(self):
        team = self.env["crm.team"].create(
            {
                "name": "Assign Team",
                "use_leads": True,
                "assignment_domain": "[]",
                "company_id": False,
            }
        )
        self.env["crm.team.member"].create(
            {"user_id": self.salesman.id, "crm_team_id": team.id, "assignment_max": 30}
        )
        return team

    def test_lead_assignment_merges_through_the_engine(self):
        team = self._assign_team()
        # Assignment takes the leads of the last 7 days.
        master, duplicate = self._leads_in_order(
            {
                "name": "Assign master",
                "type": "opportunity",
                "contact_name": "Ada Lovelace",
                "email_from": "assign@assign.example",
                "team_id": team.id,
                "user_id": self.manager.id,
            },
            {
                "name": "Assign duplicate",
                "contact_name": "Ada Lovelace",
                "email_from": "Assign <assign@assign.example>",
                "team_id": False,
                "user_id": False,
            },
            days_ago=3,
        )
        team._action_assign_leads()
        self.assertTrue(duplicate.exists(), "core's assignment deletes it")
        self.assertEqual(duplicate.merged_into_id, master)
        self.assertEqual(master.user_id, self.manager, "the open deal keeps its owner")
        self.assertEqual(self._journal(master).origin, "assignment")
        self.assertIn("Merged automatically", str(self._note(master).body))

    def test_lead_assignment_leaves_what_is_not_sure_alone(self):
        """Assignment merges exact duplicates only: never a customer's other
        deal (same person, another request), nor a possible duplicate."""
        team = self._assign_team()
        deal, other_deal, namesake, near = self._leads_in_order(
            {
                "name": "Pellet stove for the shop",
                "type": "opportunity",
                "contact_name": "Grace Hopper",
                "email_from": "grace@deals.example",
                "expected_revenue": 4000,
                "team_id": False,
            },
            {
                "name": "Heat pump for the warehouse",
                "type": "opportunity",
                "contact_name": "Grace Hopper",
                "email_from": "grace@deals.example",
                "expected_revenue": 25000,
                "team_id": False,
            },
            {"name": "Quote", "contact_name": "Alan Turing", "team_id": False},
            {"name": "Quote", "contact_name": "Alan Turing", "team_id": False},
            days_ago=3,
        )
        team._action_assign_leads()
        for lead in (deal, other_deal, namesake, near):
            self.assertTrue(lead.active)
            self.assertFalse(lead.merged_into_id, lead.name)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeKeepsEverything(MergeInvariantsMixin, SimilarLeadsCase):
    def test_merged_records_keep_their_own_tags(self):
        tag_a, tag_b = self.env["crm.tag"].create([{"name": "KA"}, {"name": "KB"}])
        master, tail = self._leads_in_order(
            {"tag_ids": [tag_a.id]}, {"tag_ids": [tag_b.id]}
        )
        merge(master | tail)
        self.assertEqual(master.tag_ids, tag_a | tag_b)
        self.assertEqual(tail.tag_ids, tag_b, "the archived copy stays faithful")

    def test_no_lead_is_linked_to_itself(self):
        master, tail, other = self._leads_in_order({}, {}, {})
        self.env.cr.execute(
            """CREATE TABLE test_lead_lead_rel (
                   a int REFERENCES crm_lead(id) ON DELETE CASCADE,
                   b int REFERENCES crm_lead(id) ON DELETE CASCADE,
                   PRIMARY KEY (a, b));
               INSERT INTO test_lead_lead_rel
                    VALUES (%(tail)s, %(master)s), (%(other)s, %(tail)s),
                           (%(tail)s, %(other)s)""",
            {"tail": tail.id, "master": master.id, "other": other.id},
        )
        merge(master | tail)
        self.env.cr.execute("SELECT a, b FROM test_lead_lead_rel ORDER BY a, b")
        rows = set(self.env.cr.fetchall())
        self.assertNotIn((master.id, master.id), rows)
        self.assertIn((master.id, other.id), rows)
        self.assertIn((other.id, master.id), rows)

    def test_stored_fields_computed_from_moved_links_follow(self):
        master, tail = self._leads_in_order({"name": "Kept"}, {"name": "Merged away"})
        activity = tail.activity_schedule("mail.mail_activity_data_todo")
        self.assertEqual(activity.res_name, "Merged away")
        merge(master | tail)
        self.assertEqual(activity.res_id, master.id)
        self.env.cr.execute(
            "SELECT res_name FROM mail_activity WHERE id = %s", [activity.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], "Kept", "recomputed and stored")

    def test_references_whose_model_is_not_stored_are_skipped_with_a_reason(self):
        self._skip_unless_installed("base_automation")
        master, tail = self._leads_in_order({}, {})
        merge(master | tail)  # failed with base_automation installed
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", master.id)]
        )
        skipped = dict(journal.skipped_references)
        self.assertIn("base.automation.trg_field_ref", skipped)
        self.assertIn("not stored", skipped["base.automation.trg_field_ref"])

    def test_integer_res_id_paired_with_a_model_column_moves(self):
        self._skip_unless_installed("snailmail")
        master, tail = self._leads_in_order({}, {})
        partner = self.env["res.partner"].create(
            {"name": "Letter", "street": "1 rue", "city": "Paris", "zip": "75001"}
        )
        report = self.env["ir.actions.report"].search([], limit=1)
        letter = self.env["snailmail.letter"].create(
            {
                "model": "crm.lead",
                "res_id": tail.id,
                "partner_id": partner.id,
                "report_template": report.id,
            }
        )
        merge(master | tail)
        self.assertEqual(letter.res_id, master.id)

    def test_what_moves_is_said_in_kinds_users_know(self):
        """The merge window's "What moves" names the kinds users know, never
        an internal model: technical records are "other linked records"."""
        master, tail = self._lead("Kinds 1"), self._lead("Kinds 2")
        tail.message_post(body="Called the customer")
        tail.activity_schedule("mail.mail_activity_data_todo", summary="Call back")
        self.env["ir.attachment"].create(
            {"name": "plan.pdf", "res_model": "crm.lead", "res_id": tail.id}
        )
        moved = lead_merge.moved_counts(master, tail)
        self.assertLessEqual(
            {"Messages and notes", "Activities", "Attachments"}, set(moved)
        )
        known = {
            *moved_kinds.KNOWN.values(),
            moved_kinds.FOLLOWERS_LABEL,
            moved_kinds.OTHER,
        }
        models = {
            name.lower() for name in self.env["ir.model"].search([]).mapped("name")
        }
        for kind in moved:
            with self.subTest(kind=kind):
                self.assertTrue(kind in known or kind.lower() in models, kind)
                self.assertNotIn("Similar Leads", kind)
        technical = references.Reference(
            kind=references.RES_ID,
            table="mail_notification",
            column="res_id",
            model="mail.notification",
        )
        self.assertEqual(moved_kinds.label(self.env, technical), "Other linked records")
