"""Undoing a merge puts everything back exactly, shows what changed since
instead of overwriting it, and is refused to those who may not do it."""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged, users

from ..engine import references
from ..engine.lead_undo import LeadUndo
from .common import MergeInvariantsMixin, SimilarLeadsCase, TwoConnectionsCase, merge

#: Columns that change on any write: not part of what an undo restores.
BOOKKEEPING = {"write_date", "write_uid"}


def _snapshot(env, leads, since_message):
    """Every row of every table pointing at ``leads`` (a table the engine
    knows nothing about included), and every stored field of the leads."""
    env.flush_all()
    ids = leads.ids
    journal = {"crm_lead_merge_journal", "crm_lead_merge_journal_tail_rel"}
    refs, _skipped = references.find_references(env, "crm.lead", kept=journal)
    tables = {}
    for ref in refs:
        table = ref.table
        condition = f'"{ref.column}" = ANY(%(ids)s)'
        params = {"ids": ids}
        if ref.kind == references.REFERENCE:
            condition = f'"{ref.column}" = ANY(%(refs)s)'
            params["refs"] = [f"crm.lead,{i}" for i in ids]
        elif ref.model_column:
            condition += f" AND \"{ref.model_column}\" = 'crm.lead'"
        if table == "mail_message":  # the merge's and the undo's own notes
            condition += " AND id <= %(since)s"
            params["since"] = since_message
        env.cr.execute(f'SELECT * FROM "{table}" WHERE {condition}', params)
        names = [column.name for column in env.cr.description]
        rows = sorted(
            (
                tuple(
                    (name, value)
                    for name, value in zip(names, row, strict=True)
                    if name not in BOOKKEEPING
                )
                for row in env.cr.fetchall()
            ),
            key=repr,
        )
        tables[(table, ref.column)] = rows
    env.cr.execute("SELECT * FROM crm_lead WHERE id = ANY(%s) ORDER BY id", [ids])
    names = [column.name for column in env.cr.description]
    lead_rows = [
        {n: v for n, v in zip(names, row, strict=True) if n not in BOOKKEEPING}
        for row in env.cr.fetchall()
    ]
    return tables, lead_rows


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeUndo(MergeInvariantsMixin, SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_new, cls.stage_won_soon = cls.env["crm.stage"].create(
            [{"name": "U New", "sequence": 1}, {"name": "U Proposal", "sequence": 5}]
        )

    def _rich_pair(self):
        tag_a, tag_b = self.env["crm.tag"].create([{"name": "UA"}, {"name": "UB"}])
        master, tail = self._leads_in_order(
            {
                "name": "Old lost lead",
                "email_from": "old@undo.example",
                "tag_ids": [tag_a.id],
                "stage_id": self.stage_new.id,
                "user_id": self.salesman.id,
            },
            {
                "name": "Live deal",
                "type": "opportunity",
                "email_from": "new@undo.example",
                "phone": "+33 6 44 55 66 77",
                "tag_ids": [tag_b.id],
                "stage_id": self.stage_won_soon.id,
                "expected_revenue": 5500,
                "user_id": self.manager.id,
                "description": "<p>Second note</p>",
            },
        )
        master.action_set_lost(lost_reason_id=self.env.ref("crm.lost_reason_1").id)
        tail.message_post(body="A message", message_type="comment")
        self.env["ir.attachment"].create(
            {
                "name": "u.pdf",
                "datas": "UERG",
                "res_model": "crm.lead",
                "res_id": tail.id,
            }
        )
        tail.activity_schedule("mail.mail_activity_data_todo", summary="Call")
        tail.message_subscribe(
            partner_ids=self.env["res.partner"].create({"name": "Undo follower"}).ids
        )
        both = self.env["res.partner"].create({"name": "Follows both"})
        master.message_subscribe(
            partner_ids=both.ids, subtype_ids=self.env.ref("mail.mt_note").ids
        )
        tail.message_subscribe(
            partner_ids=both.ids, subtype_ids=self.env.ref("mail.mt_comment").ids
        )
        self.env["calendar.event"].create(
            {
                "name": "Meeting",
                "opportunity_id": tail.id,
                "start": datetime.now(),
                "stop": datetime.now() + timedelta(hours=1),
                "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                "res_id": tail.id,
            }
        )
        # A module the engine knows nothing about: a many2one and a many2many
        # to leads, found through the database's foreign keys.
        self.env.cr.execute(
            """CREATE TABLE test_undo_link (
                   id serial PRIMARY KEY,
                   lead_id int REFERENCES crm_lead(id) ON DELETE SET NULL);
               CREATE TABLE test_undo_lead_rel (
                   lead_id int REFERENCES crm_lead(id) ON DELETE CASCADE,
                   thing int, PRIMARY KEY (lead_id, thing));
               INSERT INTO test_undo_link (lead_id) VALUES (%(tail)s), (%(master)s);
               INSERT INTO test_undo_lead_rel
                    VALUES (%(tail)s, 1), (%(tail)s, 2), (%(master)s, 2)""",
            {"tail": tail.id, "master": master.id},
        )
        return master, tail

    def _journal(self, master):
        return self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", master.id)], order="id desc", limit=1
        )

    def _undo(self, journal):
        """As the web client does it: the Undo button, then the preview's."""
        action = journal.action_undo()
        wizard = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        wizard.action_undo()
        return wizard

    def test_round_trip_restores_every_row_and_value(self):
        self.maxDiff = None
        master, tail = self._rich_pair()
        leads = master | tail
        self.env.cr.execute("SELECT max(id) FROM mail_message")
        since = self.env.cr.fetchone()[0]
        before = _snapshot(self.env, leads, since)

        merge(leads, choices={"email_from": tail})
        self.assertTrue(master.active, "the lost lead came back")
        self.assertEqual(master.stage_id, self.stage_won_soon, "the live deal's stage")
        self.assertNotEqual(_snapshot(self.env, leads, since), before)

        wizard = self._undo(self._journal(master))
        self.assertFalse(wizard.has_conflicts)
        after = _snapshot(self.env, leads, since)
        self.assertEqual(after[1], before[1], "every field of the leads")
        for key, rows in before[0].items():
            self.assertEqual(after[0][key], rows, f"the rows of {key}")
        self.assertEqual(after[0], before[0])
        self.assertEqual(self._journal(master).state, "undone")
        self.assertIn("undid the merge", str(tail.message_ids[:1].body))

    def test_a_merge_is_named_as_a_merge_and_says_when_nothing_moved(self):
        master, tail = self._leads_in_order(
            {"name": "Named kept", "email_from": "named@acme-u.com"},
            {"name": "Named tail", "email_from": "named@acme-u.com"},
        )
        merge(master | tail)
        journal = self._journal(master)
        self.assertEqual(journal.display_name, "Merge into Named kept")
        journal.moved_rows = []
        journal.invalidate_recordset(["moved_summary"])
        self.assertTrue(journal.moved_summary.startswith("Nothing moved"))

    def test_the_merge_note_no_longer_offers_the_undo(self):
        master, tail = self._leads_in_order(
            {"email_from": "note@acme-u.com"}, {"email_from": "note@acme-u.com"}
        )
        merge(master | tail)
        journal = self._journal(master)
        self.assertIn("Undo this merge", str(journal.note_id.body))
        self.env.user.name = "Undoer Name"
        self._undo(journal)
        body = str(journal.note_id.body)
        self.assertNotIn("Undo this merge", body)
        self.assertIn("Undoer Name undid this merge on", body)
        self.assertIn("into this one", body, "the rest of the note stays")

    def test_the_undo_note_lists_the_leads_back(self):
        master, *tails = self._leads_in_order(
            {"name": "Listed kept", "email_from": "list@acme-u.com"},
            {"name": "Listed one", "email_from": "list@acme-u.com"},
            {"name": "Listed two", "email_from": "list@acme-u.com"},
        )
        merge(master.browse([master.id, *(tail.id for tail in tails)]))
        self._undo(self._journal(master))
        note = master.message_ids.filtered(
            lambda message: "o_crm_similar_leads_undo_note" in str(message.body)
        )
        self.assertRegex(
            str(note.body), r"undid the merge of\s*<a [^>]*>Listed one</a>, <a "
        )
        self.assertIn(">Listed two</a>\n", str(note.body))

    def test_conflicts_are_shown_and_kept(self):
        master, tail = self._rich_pair()
        merge((master | tail), choices={"email_from": tail})
        master.email_from = "edited@undo.example"  # edited since the merge
        moved = self.env["mail.message"].search(
            [("res_id", "=", master.id), ("body", "ilike", "A message")]
        )
        moved.unlink()  # deleted since the merge
        later = master.message_post(body="After the merge")
        journal = self._journal(master)
        action = journal.action_undo()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertTrue(wizard.has_conflicts)
        self.assertIn("Email", wizard.preview)
        self.assertIn("deleted or moved again", wizard.preview)
        wizard.save().action_undo()
        self.assertEqual(master.email_from, "edited@undo.example", "kept as it is now")
        self.assertEqual(tail.email_from, "new@undo.example")
        self.assertEqual(later.res_id, master.id, "what came after stays")
        self.assertTrue(tail.active)
        self.assertFalse(tail.merged_into_id)

    def test_chains_are_undone_from_the_last_merge(self):
        first, second, third = self._leads_in_order({}, {}, {})
        merge(second | third)  # third into second
        merge(first | second)  # then second into first
        older = self._journal(second)
        with self.assertRaisesRegex(UserError, "Undo that merge first"):
            older.action_undo()
        self._undo(self._journal(first))
        self.assertFalse(second.merged_into_id)
        self.assertEqual(third.merged_into_id, second, "the earlier merge stays")
        self._undo(older)
        self.assertFalse(third.merged_into_id)
        self.assertTrue(third.active)

    def test_buttons_on_the_merged_lead_and_its_list(self):
        master, tail = self._leads_in_order({}, {})
        merge(master | tail)
        action = tail.action_undo_merge()
        self.assertEqual(action["res_model"], "crm.lead.merge.undo")
        listed = master.action_open_merged_leads()
        self.assertEqual(
            self.env["crm.lead"]
            .with_context(**listed["context"])
            .search(listed["domain"]),
            tail,
        )
        with self.assertRaisesRegex(UserError, "no merge"):
            master.action_undo_merge()

    def test_access(self):
        mine, others = self._leads_in_order(
            {"user_id": self.salesman.id}, {"user_id": self.manager.id}
        )
        merge(mine | others)
        journal = self._journal(mine)
        as_salesman = journal.with_user(self.salesman)
        self.assertFalse(
            as_salesman.search([("id", "=", journal.id)]),
            "a salesperson who cannot change every lead does not see the merge",
        )
        with self.assertRaises(AccessError):
            as_salesman.action_undo()
        with self.assertRaises(AccessError):
            LeadUndo(as_salesman).run()
        # A salesperson with all leads, who did not merge: not theirs to undo.
        with self.assertRaises(AccessError):
            journal.with_user(self.salesman_all).action_undo()
        journal.with_user(self.manager).action_undo()  # managers may

    @users("sl_salesman_all")
    def test_the_person_who_merged_can_undo(self):
        first, second = self._leads_in_order({}, {})
        leads = (first | second).with_user(self.env.user)
        merge(leads)
        self._undo(self._journal(first).with_user(self.env.user))
        self.assertTrue(second.active)

    def test_retention_forgets_old_merges(self):
        first, second = self._leads_in_order({}, {})
        merge(first | second)
        journal = self._journal(first)
        self.company.similar_journal_days = 30
        self.env["crm.lead.merge.journal"]._cron_purge()
        self.assertTrue(journal.exists(), "recent")
        self.env.cr.execute(
            "UPDATE crm_lead_merge_journal SET create_date = %s WHERE id = %s",
            [datetime.now() - timedelta(days=31), journal.id],
        )
        self.env["crm.lead.merge.journal"]._cron_purge()
        self.assertFalse(journal.exists())
        self.assertEqual(second.merged_into_id, first, "the merge itself stays")


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestUndoConcurrency(TwoConnectionsCase):
    """Two users undoing the same merge at once: one does, the other is told."""

    def setUp(self):
        super().setUp()
        self.lead_ids = self.create_leads({"name": f"Undo race {i}"} for i in (1, 2))
        with self.database.cursor() as cr:
            env = self.env_of(cr)
            leads = env["crm.lead"].browse(self.lead_ids)
            merge(leads)
            self.admin_id = env.ref("base.user_admin").id
            self.manager_id = new_test_user(
                env,
                login=f"undo_race_{leads.ids[0]}",
                groups="sales_team.group_sale_manager",
            ).id
            self.journal_id = (
                env["crm.lead.merge.journal"]
                .search([("master_id", "in", leads.ids)])
                .id
            )
        self.addCleanup(self._archive_manager)

    def _archive_manager(self):
        with self.database.cursor() as cr:
            self.env_of(cr)["res.users"].browse(self.manager_id).active = False

    def test_two_undos_at_once(self):
        with self.database.cursor() as cr_a, self.database.cursor() as cr_b:
            # The administrator and a sales manager, each in their session.
            env_a = self.env_of(cr_a, self.admin_id)
            env_b = self.env_of(cr_b, self.manager_id)
            LeadUndo(env_a["crm.lead.merge.journal"].browse(self.journal_id)).run()
            with self.assertRaisesRegex(UserError, "Someone else"):
                LeadUndo(env_b["crm.lead.merge.journal"].browse(self.journal_id)).run()
            cr_b.rollback()
            cr_a.commit()
            with self.assertRaisesRegex(UserError, "undone already"):
                LeadUndo(env_b["crm.lead.merge.journal"].browse(self.journal_id)).run()
            cr_b.rollback()
