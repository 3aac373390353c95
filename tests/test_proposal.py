from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SimilarLeadsCase


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeProposal(SimilarLeadsCase):
    def test_proposed_only_for_strong_duplicates(self):
        original = self._lead("Original", email_from="prop@acme-prop.com")
        colleague = self._lead("Colleague", email_from="other@acme-prop.com")
        self.assertFalse(colleague.action_similar_proposal(), "related only")
        new = self._lead("New", email_from="PROP@acme-prop.com")
        action = new.action_similar_proposal()
        self.assertEqual(action["res_model"], "crm.lead.similar.proposal")
        proposal = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(proposal.duplicate_ids[:], original)
        self.company.similar_proposal = "off"
        self.assertFalse(new.action_similar_proposal(), "turned off by the company")

    def test_proposal_actions(self):
        original = self._lead("Original", phone="+33 6 98 76 54 32")
        new = self._lead("New", phone="06 98 76 54 32", country_id=self.fr.id)
        action = new.action_similar_proposal()
        proposal = self.env["crm.lead.similar.proposal"].with_context(
            **action["context"]
        )
        proposal = proposal.create({"lead_id": new.id})
        merge = proposal.action_merge()
        self.assertEqual(merge["res_model"], "crm.lead.merge.wizard")
        self.assertEqual(set(merge["context"]["active_ids"]), {original.id, new.id})
        self.assertEqual(
            proposal.action_open()["context"]["similar_origin_lead_id"], new.id
        )
        proposal.action_keep_separate()
        new.invalidate_recordset()
        self.assertEqual(new.similar_duplicate_count, 0)
        self.assertFalse(new.action_similar_proposal())

    def test_banner_keep_separate(self):
        lead = self._lead("A", email_from="banner@acme-banner.com")
        other = self._lead("B", email_from="banner@acme-banner.com")
        self.assertTrue(lead.similar_duplicate_count)
        lead.action_similar_keep_separate()
        lead.invalidate_recordset()
        other.invalidate_recordset()
        self.assertFalse(lead.similar_duplicate_count)
        self.assertEqual(other.similar_duplicate_count, 0)

    def test_notify_salespeople(self):
        lead = self._lead(
            "Mine", email_from="n@acme-notify.com", user_id=self.salesman.id
        )
        other = self._lead(
            "His", email_from="n@acme-notify.com", user_id=self.manager.id
        )
        self.assertEqual(lead.similar_user_count, 2)
        lead.action_similar_notify_salespeople()
        message = lead.message_ids[0]
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(
            message.partner_ids, (self.salesman | self.manager).partner_id, "mentioned"
        )
        self.assertIn(other.name, message.body)
        self.assertIn("Mia Manager", message.body)
        notified = message.notification_ids.res_partner_id
        self.assertIn(self.manager.partner_id, notified)

        alone = self._lead(
            "Alone", email_from="a@acme-alone.com", user_id=self.salesman.id
        )
        self._lead("Also mine", email_from="a@acme-alone.com", user_id=self.salesman.id)
        self.assertEqual(alone.similar_user_count, 1)
        with self.assertRaisesRegex(UserError, "single salesperson"):
            alone.action_similar_notify_salespeople()


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestNonInteractiveCreation(SimilarLeadsCase):
    """Mail gateway, imports and RPC create never block nor merge: the leads
    get their keys and show up as similar."""

    def test_mail_gateway(self):
        original = self._lead("Original", email_from="gateway@acme-gw.com")
        lead = self.env["crm.lead"].message_new(
            {
                "subject": "Quote request",
                "email_from": '"Robin" <Gateway@acme-gw.com>',
                "body": "<p>Hello</p>",
            }
        )
        self.assertTrue(lead.active)
        self.assertFalse(lead.merged_into_id)
        self.assertEqual(lead.similar_email_key, "gateway@acme-gw.com")
        self.assertEqual(lead.similar_lead_ids, original)

    def test_import(self):
        original = self._lead(
            "Original", contact_name="Ida Import", phone="+49 30 7654321"
        )
        result = self.env["crm.lead"].load(
            ["name", "contact_name", "phone", "country_id"],
            [
                ["Imported 1", "Ida Import", "030 7654321", "Germany"],
                ["Imported 2", "IMPORT Ida", "+49307654321", ""],
            ],
        )
        self.assertFalse(result["messages"])
        imported = self.env["crm.lead"].browse(result["ids"])
        self.assertEqual(len(imported), 2)
        self.assertTrue(all(imported.mapped("active")))
        self.assertEqual(original.similar_duplicate_count, 2)

    def test_rpc_create(self):
        original = self._lead("Original", email_from="rpc@acme-rpc.com")
        created = self._leads_sharing("RPC", 3, email_from="rpc@acme-rpc.com")
        self.assertFalse(created.merged_into_id)
        self.assertEqual(original.similar_duplicate_count, 3)
