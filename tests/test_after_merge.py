"""Nothing is lost whatever happens after a merge: deletes, undos in any
order, chained merges, writes of the merge link and unarchiving, tried the
way a client reaches them (JSON-RPC, the web client's buttons) as a
salesperson limited to their own leads and as a sales manager."""

import re
from datetime import datetime, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

from .common import MergeInvariantsMixin, RpcMixin, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestAfterMerge(MergeInvariantsMixin, RpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env, login="am_seller", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="am_manager", groups="sales_team.group_sale_manager"
        )

    def _leads(self, *values_list, user=None):
        """Leads created one second apart, the first one oldest."""
        leads = self.env["crm.lead"]
        for index, values in enumerate(values_list):
            lead = self.env["crm.lead"].create(
                {
                    "name": f"After {index}",
                    "user_id": (user or self.seller).id,
                    **values,
                }
            )
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                (datetime.now() - timedelta(minutes=10 - index), lead.id),
            )
            leads |= lead
        leads.invalidate_recordset(["create_date"])
        return leads

    def _undo_window(self, journals):
        """The undo window (its preview) of ``journals``."""
        return self.env["crm.lead.merge.undo"].create(
            {"journal_ids": [(6, 0, journals.ids)]}
        )

    def _journal(self, master):
        return self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", master.id), ("state", "=", "done")],
            order="id desc",
            limit=1,
        )

    def _undo(self, login, journal):
        """Undo Merge, then the preview's button, as the web client does."""
        action = self.rpc(login, "crm.lead.merge.journal", "action_undo", [journal.ids])
        wizard_id = self.rpc(
            login,
            action["res_model"],
            "create",
            [{"journal_ids": [(6, 0, journal.ids)]}],
        )
        return self.rpc(login, action["res_model"], "action_undo", [[wizard_id]])

    # ------------------------------------------------------------
    # DELETES
    # ------------------------------------------------------------

    def test_a_merged_lead_is_not_deleted_alone(self):
        kept, merged = self._leads({"email_from": "del@after.example"}, {})
        merged.message_post(body="Brought by the merged lead")
        merged.activity_schedule("mail.mail_activity_data_todo", summary="Call")
        self.env["calendar.event"].create(
            {
                "name": "Meeting",
                "opportunity_id": merged.id,
                "start": datetime.now(),
                "stop": datetime.now() + timedelta(hours=1),
            }
        )
        merge((kept | merged).with_user(self.seller))
        for login in ("am_manager", "am_seller"):
            error = self.rpc_error(login, "crm.lead", "unlink", [merged.ids])
            self.assertIn("Undo that merge first", error)
        self.assertTrue(merged.exists())
        self.assertEqual(self._journal(kept).tail_ids, merged, "still undoable")
        self._undo("am_seller", self._journal(kept))
        self.assertTrue(merged.active)
        self.assertIn(
            "Brought by the merged lead", str(merged.message_ids.mapped("body"))
        )
        self.assertEqual(merged.activity_ids.summary, "Call")
        # Not merged anymore: it may be deleted on its own.
        self.rpc("am_manager", "crm.lead", "unlink", [merged.ids])
        self.assertFalse(merged.exists())

    def test_a_record_kept_is_deleted_with_its_merged_leads(self):
        first, second, third = self._leads({}, {}, {})
        merge(second | third)  # third into second
        merge(first | second)  # then second into first
        self.rpc("am_manager", "crm.lead", "unlink", [first.ids])
        self.assertFalse((first | second | third).exists())
        self.assertFalse(
            self.env["crm.lead.merge.journal"].search(
                [("master_id", "in", (first | second).ids)]
            )
        )

    def test_an_undo_never_writes_to_a_missing_lead(self):
        """A merged lead deleted behind the addon's back (by SQL, or before
        this version refused it): the undo says so beforehand and changes
        nothing."""
        kept, merged = self._leads({}, {})
        merged.message_post(body="Moved by the merge")
        merge(kept | merged)
        moved = kept.message_ids.filtered(lambda m: "Moved by the merge" in str(m.body))
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM mail_followers WHERE res_model = 'crm.lead' AND res_id = %s;"
            "DELETE FROM mail_message WHERE model = 'crm.lead' AND res_id = %s;"
            "DELETE FROM crm_lead WHERE id = %s",
            [merged.id, merged.id, merged.id],
        )
        self.env.invalidate_all()
        journal = self._journal(kept)
        error = self.rpc_error(
            "am_manager", "crm.lead.merge.journal", "action_undo", [journal.ids]
        )
        self.assertIn("were deleted since", error)
        self.assertEqual(moved.res_id, kept.id, "what it brought stays")
        self.assertEqual(journal.state, "done")

    # ------------------------------------------------------------
    # CHAINED MERGES
    # ------------------------------------------------------------

    def test_merges_into_one_lead_are_undone_from_the_last(self):
        tag_a, tag_c = self.env["crm.tag"].create(
            [{"name": "After A"}, {"name": "After C"}]
        )
        kept, second, third = self._leads(
            {"type": "opportunity", "expected_revenue": 100, "tag_ids": tag_a.ids},
            {"type": "opportunity", "expected_revenue": 2000},
            {"type": "opportunity", "expected_revenue": 3000, "tag_ids": tag_c.ids},
        )
        merge((kept | second), choices={"expected_revenue": second})
        first_merge = self._journal(kept)
        merge(kept | third)
        self.assertEqual(kept.tag_ids, tag_a | tag_c)
        error = self.rpc_error(
            "am_manager", "crm.lead.merge.journal", "action_undo", [first_merge.ids]
        )
        self.assertIn("undo that merge first", error)
        self.assertEqual(kept.expected_revenue, 2000, "nothing changed")
        self.assertEqual(kept.tag_ids, tag_a | tag_c)
        self._undo("am_manager", self._journal(kept))  # the last one
        self.assertEqual(kept.tag_ids, tag_a)
        self.assertTrue(third.active)
        self._undo("am_manager", first_merge)
        self.assertEqual(kept.expected_revenue, 100)
        self.assertEqual(kept.tag_ids, tag_a)
        self.assertEqual(second.expected_revenue, 2000)

    def test_a_batch_undoes_merges_into_one_lead_together(self):
        kept, second, third = self._leads({}, {}, {})
        merge(kept | second)
        merge(kept | third)
        journals = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", kept.id)]
        )
        wizard = self._undo_window(journals)
        wizard.action_undo()
        self.assertEqual(journals.mapped("state"), ["undone", "undone"])
        self.assertTrue((second | third).filtered("active") == second | third)

    def test_the_undo_preview_says_a_number_comes_back_as_zero(self):
        kept, merged = self._leads({}, {"expected_revenue": 500})
        merge(kept | merged)
        self.assertEqual(kept.expected_revenue, 500)
        wizard = self._undo_window(self._journal(kept))
        row = re.search(
            r"Expected Revenue</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>",
            wizard.preview,
        )
        self.assertTrue(row, wizard.preview)
        now, back = (value.strip() for value in row.groups())
        self.assertIn("500.00", now)
        self.assertIn("0.00", back, "0, not an empty cell")

    def test_the_undo_preview_shows_the_type_and_salesperson_back(self):
        kept, merged = self._leads(
            {"type": "lead", "user_id": False},
            {"type": "opportunity", "user_id": self.manager.id},
        )
        merge(kept | merged)
        self.assertEqual(kept.type, "opportunity")
        wizard = self._undo_window(self._journal(kept))
        self.assertIn("Type", wizard.preview)
        self.assertIn("Salesperson", wizard.preview)
        self.assertEqual(
            wizard.preview.count("(record kept)"), 1, "named once, above its values"
        )

    def test_the_undo_preview_names_the_record_kept_apart(self):
        """The record kept took the merged lead's title: the preview does not
        read "Merged into After 1" on the lead named "After 1"."""
        kept, merged = self._leads({}, {})
        merge(kept | merged, choices={"name": merged})
        self.assertEqual(kept.name, merged.name)
        wizard = self._undo_window(self._journal(kept))
        self.assertIn("After 1 (record kept)", wizard.preview)
        self.assertIn("Back as its own record: <b>After 1</b> (active", wizard.preview)
        self.assertIn("Merged into the record kept", wizard.preview)
        self.assertNotIn("Merged into After 1", wizard.preview)

    def test_the_undo_preview_says_a_lost_record_kept_goes_back_lost(self):
        reason = self.env["crm.lost.reason"].create({"name": "Too far"})
        kept, merged = self._leads({}, {})
        kept.action_set_lost(lost_reason_id=reason.id)
        merge(kept | merged, master=kept)
        self.assertTrue(kept.active, "back in the pipeline")
        wizard = self._undo_window(self._journal(kept))
        row = re.search(
            r"Status</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>",
            wizard.preview,
        )
        self.assertTrue(row, wizard.preview)
        now, back = (value.strip() for value in row.groups())
        self.assertEqual((now, back), ("Back in the pipeline", "Lost"))

    def test_a_field_no_form_shows_is_not_read_to_users(self):
        """crm_iap_enrich's "Enrichment done" flag: carried, but neither in
        the merge note nor in the undo preview."""
        if "iap_enrich_done" not in self.env["crm.lead"]._fields:
            self.skipTest("crm_iap_enrich is not installed")
        kept, merged = self._leads({}, {"iap_enrich_done": True})
        merge(kept | merged)
        note = kept.message_ids.filtered(lambda m: "into this one" in str(m.body))
        summary = str(note.body).split("<details>")[0]
        self.assertNotIn("Enrichment done", summary)
        wizard = self._undo_window(self._journal(kept))
        self.assertNotIn("Enrichment done", wizard.preview)

    def test_a_follower_changed_after_the_merge_stays(self):
        kept, merged = self._leads({}, {})
        partner = self.env["res.partner"].create({"name": "After follower"})
        comment = self.env.ref("mail.mt_comment")
        note = self.env.ref("mail.mt_note")
        merged.message_subscribe(partner_ids=partner.ids, subtype_ids=comment.ids)
        merge(kept | merged)
        follower = kept.message_follower_ids.filtered(lambda f: f.partner_id == partner)
        self.assertEqual(follower.subtype_ids, comment)
        follower.subtype_ids = note | comment  # chosen on the record kept since
        self._undo("am_manager", self._journal(kept))
        kept.invalidate_recordset()
        merged.invalidate_recordset()
        on_kept = kept.message_follower_ids.filtered(lambda f: f.partner_id == partner)
        on_merged = merged.message_follower_ids.filtered(
            lambda f: f.partner_id == partner
        )
        self.assertEqual(
            on_kept.subtype_ids, note | comment, "the record kept keeps it"
        )
        self.assertEqual(on_merged.subtype_ids, comment, "and the lead gets it back")

    # ------------------------------------------------------------
    # THE MERGE LINK
    # ------------------------------------------------------------

    def test_the_merge_link_is_written_by_merges_only(self):
        own, other = self._leads({}, {})
        for login in ("am_seller", "am_manager"):
            error = self.rpc_error(
                login, "crm.lead", "write", [own.ids, {"merged_into_id": own.id}]
            )
            self.assertIn("by a merge only", error)
            error = self.rpc_error(
                login, "crm.lead", "write", [own.ids, {"merged_into_id": other.id}]
            )
            self.assertIn("by a merge only", error)
            error = self.rpc_error(
                login,
                "crm.lead",
                "create",
                [{"name": "Born merged", "merged_into_id": other.id}],
            )
            self.assertIn("by a merge only", error)
        self.assertFalse((own | other).merged_into_id)
        merge(own | other)
        error = self.rpc_error(
            "am_seller", "crm.lead", "write", [other.ids, {"merged_into_id": False}]
        )
        self.assertIn("by a merge only", error)
        self.assertEqual(other.merged_into_id, own)
        # Posting on it lands on the record kept, once.
        other.message_post(body="Late note")
        self.assertIn("Late note", str(own.message_ids[:1].body))

    def test_a_merged_lead_comes_back_by_its_undo_only(self):
        kept, merged = self._leads({}, {})
        merge(kept | merged)
        for login in ("am_seller", "am_manager"):
            error = self.rpc_error(login, "crm.lead", "action_unarchive", [merged.ids])
            self.assertIn("undo that merge", error)
            error = self.rpc_error(
                login, "crm.lead", "write", [merged.ids, {"active": True}]
            )
            self.assertIn("undo that merge", error)
        self.assertFalse(merged.active)
        self.assertEqual(merged.merged_into_id, kept)

    def test_the_undo_preview_dates_the_merge_to_the_minute(self):
        """As the web client shows dates: no seconds."""
        kept, merged = self._leads({}, {})
        merge(kept | merged)
        journal = self._journal(kept)
        self.env.cr.execute(
            "UPDATE crm_lead_merge_journal SET create_date = %s WHERE id = %s",
            (datetime(2026, 3, 4, 5, 6, 7), journal.id),
        )
        journal.invalidate_recordset(["create_date"])
        wizard = self._undo_window(journal)
        self.assertRegex(wizard.preview, r"merged on\s+\S+\s+\d+:06\b")
        self.assertNotIn(":06:07", wizard.preview)
