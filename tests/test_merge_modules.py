"""What modules add to core's merge still happens through the addon's engine,
and a salesperson without those modules' rights can still merge."""

from datetime import datetime, timedelta

from odoo.tests import tagged, users

from .common import MergeInvariantsMixin, SimilarLeadsCase, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMergeWithModules(MergeInvariantsMixin, SimilarLeadsCase):
    def _pair(self, **tail_values):
        return self._leads_in_order(
            {"name": "Kept", "user_id": self.salesman.id},
            {"name": "Merged", "user_id": self.salesman.id, **tail_values},
        )

    def _note(self, master):
        return str(
            master.message_ids.filtered(lambda m: "into this one" in str(m.body)).body
        )

    def test_sale_orders_follow_and_the_note_says_from_which_lead(self):
        self._skip_unless_installed("sale_crm")
        master, tail = self._pair()
        customer = self.env["res.partner"].create({"name": "Order customer"})
        order = self.env["sale.order"].create(
            {"partner_id": customer.id, "opportunity_id": tail.id}
        )
        merge(master | tail)
        self.assertEqual(order.opportunity_id, master)
        self.assertIn(order, master.order_ids)
        details = self._note(master).split("<details>")[1]
        self.assertIn("Sale Orders", details)
        self.assertIn(order.name, details, "listed under the lead it came from")

    def _event_registration(self):
        event = self.env["event.event"].create(
            {
                "name": "Merge fair",
                "date_begin": datetime.now() + timedelta(days=1),
                "date_end": datetime.now() + timedelta(days=2),
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "name": "Visitor"}
        )
        return event, registration

    def test_event_registrations_follow_for_a_salesperson_without_event_rights(self):
        self._skip_unless_installed("event_crm")
        event, registration = self._event_registration()
        master, tail = self._pair(event_id=event.id)
        tail.sudo().registration_ids = registration
        self.assertFalse(self.salesman.has_group("event.group_event_registration_desk"))
        merge((master | tail).with_user(self.salesman))
        self.assertIn(registration, master.sudo().registration_ids)
        self.assertEqual(master.event_id, event, "core's _merge_get_fields")
        self.assertIn(registration, tail.sudo().registration_ids, "kept on the copy")

    def test_web_visitors_follow(self):
        self._skip_unless_installed("website_crm")
        visitor = self.env["website.visitor"].create(
            {"access_token": "f9d28aad05ebee0bca215837b129aa01"}
        )
        master, tail = self._pair()
        tail.visitor_ids = visitor
        merge(master | tail)
        self.assertIn(visitor, master.visitor_ids)

    def test_enrichment_is_kept(self):
        self._skip_unless_installed("crm_iap_enrich")
        master, tail = self._pair(iap_enrich_done=True)
        merge(master | tail)
        self.assertTrue(master.iap_enrich_done, "core's _merge_get_fields_specific")

    def test_lead_mining_leads_merge_for_a_salesperson(self):
        self._skip_unless_installed("crm_iap_mine")
        request = self.env["crm.iap.lead.mining.request"].create({"lead_number": 3})
        master, tail = self._pair(lead_mining_request_id=request.id)
        self.assertFalse(request.with_user(self.salesman).has_access("read"))
        merge((master | tail).with_user(self.salesman))
        self.assertEqual(master.lead_mining_request_id, request)

    def test_reveal_and_partner_assignment_data_are_kept(self):
        self._skip_unless_installed(
            "website_crm_iap_reveal", "website_crm_partner_assign"
        )
        partner = self.env["res.partner"].create({"name": "Reseller"})
        master, tail = self._pair(
            reveal_id="reveal-42",
            reveal_ip="192.0.2.7",
            reveal_iap_credits=3,
            partner_assigned_id=partner.id,
            partner_latitude=48.85,
            partner_longitude=2.35,
        )
        merge(master | tail)
        self.assertEqual(master.reveal_id, "reveal-42", "iap_crm")
        self.assertEqual(
            (master.reveal_ip, master.reveal_iap_credits), ("192.0.2.7", 3)
        )
        self.assertEqual(master.partner_assigned_id, partner)
        self.assertEqual(
            (master.partner_latitude, master.partner_longitude), (48.85, 2.35)
        )

    def test_leads_carrying_data_of_every_module(self):
        self._skip_unless_installed(
            "sale_crm", "event_crm", "website_crm", "crm_iap_enrich",
            "base_automation", "snailmail",
        )  # fmt: skip
        event, registration = self._event_registration()
        master, tail = self._pair(event_id=event.id, iap_enrich_done=True)
        tail.sudo().registration_ids = registration
        visitor = self.env["website.visitor"].create(
            {"access_token": "f9d28aad05ebee0bca215837b129aa02"}
        )
        tail.visitor_ids = visitor
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Buyer"}).id,
                "opportunity_id": tail.id,
            }
        )
        letter_partner = self.env["res.partner"].create(
            {"name": "Post", "street": "1 rue", "city": "Paris", "zip": "75001"}
        )
        letter = self.env["snailmail.letter"].create(
            {
                "model": "crm.lead",
                "res_id": tail.id,
                "partner_id": letter_partner.id,
                "report_template": self.env["ir.actions.report"].search([], limit=1).id,
            }
        )
        self.env["base.automation"].create(
            {
                "name": "On lead update",
                "model_id": self.env["ir.model"]._get_id("crm.lead"),
                "trigger": "on_create_or_write",
            }
        )
        merge((master | tail).with_user(self.salesman))
        self.assertEqual(order.opportunity_id, master)
        self.assertIn(registration, master.sudo().registration_ids)
        self.assertIn(visitor, master.visitor_ids)
        self.assertTrue(master.iap_enrich_done)
        self.assertEqual(letter.res_id, master.id)
        self.assertEqual(tail.merged_into_id, master)

    @users("sl_salesman")
    def test_merge_as_an_own_leads_salesperson_with_every_module(self):
        master, tail = self._pair()
        master, tail = master.with_user(self.env.user), tail.with_user(self.env.user)
        merge(master | tail)
        self.assertEqual(tail.merged_into_id, master)
