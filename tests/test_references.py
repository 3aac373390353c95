"""The generic reference mover, on its own: no lead involved."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..engine import references


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestReferences(TransactionCase):
    """Moves the references of one contact onto another, counts them first
    and puts them back: what any model's merge would need."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.source, self.target = Partner.create([{"name": "From"}, {"name": "To"}])
        self.child = Partner.create({"name": "Child", "parent_id": self.source.id})
        self.tag, self.tag_both = self.env["res.partner.category"].create(
            [{"name": "Only on source"}, {"name": "On both"}]
        )
        self.source.category_id = self.tag | self.tag_both
        self.target.category_id = self.tag_both
        self.message = self.source.message_post(body="On the source")
        self.follower = Partner.create({"name": "Follower"})
        self.source.message_subscribe(partner_ids=self.follower.ids)
        self.refs, self.skipped = references.find_references(self.env, "res.partner")

    def _counts(self):
        counts = references.count_references(
            self.env, "res.partner", self.refs, self.source.ids, self.target.id
        )
        return {
            (ref.table, ref.column): count for ref, count in counts.items() if count
        }

    def test_count_move_and_restore(self):
        counts = self._counts()
        self.assertEqual(counts[("res_partner", "parent_id")], 1)
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.source.id)]
        )
        self.assertIn(self.message, messages)
        self.assertEqual(counts[("mail_message", "res_id")], len(messages))
        self.assertEqual(counts[("mail_followers", "res_id")], 1)
        link = next(
            key for key in counts if key[0] == "res_partner_res_partner_category_rel"
        )
        self.assertEqual(counts[link], 1, "only the link the target lacks")

        moved = references.move_references(
            self.env, "res.partner", self.refs, self.source.ids, self.target.id
        )
        self.assertEqual(
            {(m.reference.table, m.reference.column): m.count() for m in moved}, counts
        )
        self.assertEqual(self.child.parent_id, self.target)
        self.assertEqual(self.message.res_id, self.target.id)
        self.assertIn(self.follower, self.target.message_partner_ids)
        self.assertEqual(self.target.category_id, self.tag | self.tag_both)
        self.assertEqual(self.source.category_id, self.tag | self.tag_both, "kept")

        journal = [references.Moved.from_json(m.to_json()) for m in moved]
        gone = references.restore_references(
            self.env, "res.partner", journal, self.target.id
        )
        self.assertFalse(gone)
        self.assertEqual(self.child.parent_id, self.source)
        self.assertEqual(self.message.res_id, self.source.id)
        self.assertEqual(self.target.category_id, self.tag_both)
        self.target.invalidate_recordset()
        self.assertNotIn(self.follower, self.target.message_partner_ids)

    def test_what_cannot_go_back_is_counted(self):
        moved = references.move_references(
            self.env, "res.partner", self.refs, self.source.ids, self.target.id
        )
        self.message.unlink()
        left = references.restorable(self.env, "res.partner", moved, self.target.id)
        lost = {c.reference.table: gone for c, _still, gone in left if gone}
        self.assertEqual(lost, {"mail_message": 1})

    def test_kept_tables_stay(self):
        refs, _skipped = references.find_references(
            self.env, "res.partner", kept={"mail_message", ("res_partner", "parent_id")}
        )
        references.move_references(
            self.env, "res.partner", refs, self.source.ids, self.target.id
        )
        self.assertEqual(self.message.res_id, self.source.id)
        self.assertEqual(self.child.parent_id, self.source)
        self.assertIn(self.follower, self.target.message_partner_ids)

    def test_unique_conflict_stops_everything(self):
        self.env.cr.execute(
            """CREATE TABLE test_ref_unique (
                   id serial PRIMARY KEY,
                   partner_id int UNIQUE REFERENCES res_partner(id));
               INSERT INTO test_ref_unique (partner_id) VALUES (%s), (%s)""",
            [self.source.id, self.target.id],
        )
        refs, _skipped = references.find_references(self.env, "res.partner")
        with self.assertRaisesRegex(UserError, "test_ref_unique would conflict"):
            references.move_references(
                self.env, "res.partner", refs, self.source.ids, self.target.id
            )
        self.assertEqual(self.message.res_id, self.source.id, "nothing moved")
