"""What reaches a merged lead after (or during) its merge goes to the record
kept: messages, replies routed by the mail gateway, followers, activities,
attachments."""

import threading
import time

from odoo import api
from odoo.service.model import retrying
from odoo.tests import tagged

from .common import MergeInvariantsMixin, SimilarLeadsCase, TwoConnectionsCase, merge

REPLY = """Return-Path: <customer@late.example>
To: {to}
From: Customer <customer@late.example>
Subject: Re: your quote
Message-ID: <{message_id}@late.example>
In-Reply-To: {parent}
References: {parent}
Date: Tue, 03 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset="utf-8"

{body}
"""


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestLateArrivals(MergeInvariantsMixin, SimilarLeadsCase):
    def setUp(self):
        super().setUp()
        self.master, self.tail = self._leads_in_order(
            {"name": "Kept", "email_from": "customer@late.example"},
            {"name": "Merged", "email_from": "customer@late.example"},
        )

    def _merge(self):
        merge(self.master | self.tail)

    def test_message_posted_on_a_merged_lead(self):
        self._merge()
        message = self.tail.message_post(body="Called back", message_type="comment")
        self.assertEqual(message.res_id, self.master.id)
        follower = self.env["res.partner"].create({"name": "Late follower"})
        self.tail.message_subscribe(partner_ids=follower.ids)
        self.master.invalidate_recordset()
        self.assertIn(follower, self.master.message_partner_ids)

    def test_activity_and_document_on_a_merged_lead(self):
        self._merge()
        activity = self.tail.activity_schedule("mail.mail_activity_data_todo")
        self.assertEqual(activity.res_id, self.master.id)
        document = self.env["ir.attachment"].create(
            {"name": "late.pdf", "res_model": "crm.lead", "res_id": self.tail.id}
        )
        self.assertEqual(document.res_id, self.master.id)

    def _reply_to(self, message, body, message_id):
        raw = REPLY.format(
            to="catchall@late.example",
            parent=message.message_id,
            message_id=message_id,
            body=body,
        )
        self.env["mail.thread"].message_process(False, raw)
        return self.env["mail.message"].search(
            [("message_id", "=", f"<{message_id}@late.example>")]
        )

    def test_customer_reply_routed_by_the_mail_gateway(self):
        sent = self.tail.message_post(
            body="Our quote", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._merge()
        reply = self._reply_to(sent, "Thanks, I accept.", "reply-1")
        self.assertEqual((reply.model, reply.res_id), ("crm.lead", self.master.id))
        # A reply to the merged lead's own last note is routed to it: it
        # reaches the record kept all the same.
        last_note = self.tail.message_ids[:1]
        self.assertEqual(last_note.res_id, self.tail.id)
        late = self._reply_to(last_note, "One more question.", "reply-2")
        self.assertEqual(late.res_id, self.master.id)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestLateArrivalConcurrency(TwoConnectionsCase):
    """A message posted by another worker while the merge runs: it waits for
    the merge, is retried as Odoo retries a request, and lands on the record
    kept."""

    def setUp(self):
        super().setUp()
        self.lead_ids = self.create_leads(
            {"name": f"Racing {i}", "email_from": "r@race.example"} for i in (1, 2)
        )

    def test_message_posted_during_a_merge(self):
        first, second = self.lead_ids
        posted = {}

        def post_on_second():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})

                def post():
                    lead = env["crm.lead"].browse(second)
                    posted["message"] = lead.message_post(body="During the merge").id

                retrying(post, env)

        with self.registry.cursor() as cr_merge:
            env = api.Environment(cr_merge, api.SUPERUSER_ID, {"active_test": False})
            merge(env["crm.lead"].browse([first, second]))
            worker = threading.Thread(target=post_on_second)
            worker.start()
            time.sleep(0.5)  # the other worker now waits for the merge's lock
            self.assertTrue(worker.is_alive())
        worker.join(timeout=30)
        self.assertFalse(worker.is_alive())
        with self.database.cursor() as cr:
            cr.execute(
                "SELECT res_id FROM mail_message WHERE id = %s", [posted["message"]]
            )
            self.assertEqual(cr.fetchone()[0], first)
