"""Leads that come in by themselves (the mail gateway, a website form,
another application over the API): when the company says so, an exact
duplicate of an open lead of the same person is added to that lead through
the merge engine, undoably, and its salesperson is notified; never a
possible duplicate or a related lead, never by default."""

import json
from datetime import datetime, timedelta
from email.message import EmailMessage

from odoo.tests import HttpCase, new_test_user, tagged

from ..engine import incoming
from .common import MergeInvariantsMixin, RpcMixin, SimilarLeadsCase


def raw_email(sender, subject, body, message_id, in_reply_to=None, attachment=None):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "sales@similar-door.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = "Mon, 07 Dec 2026 10:00:00 +0100"
    if in_reply_to:
        message["In-Reply-To"] = message["References"] = in_reply_to
    message.set_content(body)
    if attachment:
        message.add_attachment(
            attachment[1].encode(),
            maintype="application",
            subtype="octet-stream",
            filename=attachment[0],
        )
    return message.as_string()


class IncomingCase(MergeInvariantsMixin, SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.similar_proposal = "off"
        cls.open_lead = cls._lead(
            "Clara: solar roof",
            contact_name="Clara Weiss",
            email_from="clara.weiss@weiss-solar.example",
            phone="+1 202 555 0199",
            user_id=cls.salesman.id,
        )

    def _mail(self, sender, subject="Solar roof: another question", **options):
        """The mail gateway receives an email (as fetchmail does), then the
        transaction ends; returns the lead it created."""
        lead_id = self.env["mail.thread"].message_process(
            "crm.lead",
            raw_email(
                sender,
                subject,
                "Could you also quote a battery?",
                options.pop("message_id", "<q2@weiss-solar.example>"),
                **options,
            ),
            custom_values={"type": "lead", "team_id": self.team.id},
        )
        self.env.cr.flush()  # the end of the transaction: pre-commit hooks
        self.env.invalidate_all()
        return self.env["crm.lead"].with_context(active_test=False).browse(lead_id)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestIncomingMail(IncomingCase):
    def test_kept_as_a_new_lead_by_default(self):
        self.assertEqual(self.env.company.similar_incoming, "keep")
        new = self._mail('"Clara Weiss" <clara.weiss@weiss-solar.example>')
        self.assertTrue(new.active)
        self.assertFalse(new.merged_into_id)
        self.assertEqual(new.contact_name, "Clara Weiss", "named from the sender")

    def test_added_to_the_open_lead(self):
        self.env.company.similar_incoming = "add"
        new = self._mail(
            '"Clara Weiss" <Clara.Weiss@weiss-solar.example>',
            attachment=("roof.txt", "12 m2, south"),
        )
        self.assertMerged(self.open_lead, new)
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", self.open_lead.id)]
        )
        self.assertEqual(journal.origin, "incoming")
        # Its message and attachment are on the open lead's chatter.
        email = self.open_lead.message_ids.filtered(
            lambda message: "quote a battery" in (message.body or "")
        )
        self.assertEqual(email.message_type, "email")
        self.assertEqual(email.attachment_ids.mapped("name"), ["roof.txt"])
        self.assertEqual(email.attachment_ids.res_id, self.open_lead.id)
        self.assertFalse(new.message_ids.filtered(lambda m: m == email))
        # Its salesperson is notified.
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "crm.lead"),
                ("res_id", "=", self.open_lead.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.salesman.partner_id.ids),
                ("body", "ilike", "asked again"),
            ]
        )
        self.assertEqual(len(notified), 1)
        self.assertIn("Clara Weiss asked again by email", notified.body)
        # A reply to the customer's email threads on the open lead.
        self._mail(
            '"Clara Weiss" <clara.weiss@weiss-solar.example>',
            subject="Re: Solar roof: another question",
            message_id="<q3@weiss-solar.example>",
            in_reply_to="<q2@weiss-solar.example>",
        )
        self.assertEqual(
            self.env["mail.message"]
            .search([("message_id", "=", "<q3@weiss-solar.example>")])
            .res_id,
            self.open_lead.id,
        )
        self.assertEqual(
            self.env["crm.lead"].search_count(
                [("email_from", "ilike", "weiss-solar.example")]
            ),
            1,
            "no third lead",
        )

    def test_undone_gives_the_new_lead_back_with_its_message(self):
        self.env.company.similar_incoming = "add"
        new = self._mail('"Clara Weiss" <clara.weiss@weiss-solar.example>')
        journal = self.env["crm.lead.merge.journal"].search(
            [("master_id", "=", self.open_lead.id)]
        )
        action = journal.with_user(self.manager).action_undo()
        self.env[action["res_model"]].with_user(self.manager).with_context(
            **action["context"]
        ).create({}).action_undo()
        self.assertTrue(new.active)
        self.assertFalse(new.merged_into_id)
        self.assertTrue(
            new.message_ids.filtered(lambda m: "quote a battery" in (m.body or ""))
        )

    def test_never_a_possible_duplicate_or_a_colleague(self):
        self.env.company.similar_incoming = "add"
        colleague = self._mail(
            '"Tom Weiss" <tom@weiss-solar.example>', message_id="<t@weiss>"
        )
        other_mailbox = self._mail(
            '"Clara Weiss" <clara.w@gmail.com>', message_id="<c@gmail>"
        )
        for lead in colleague | other_mailbox:
            self.assertTrue(lead.active, lead.email_from)
            self.assertFalse(lead.merged_into_id)
        self.assertFalse(self.open_lead.merged_lead_ids)

    def test_only_into_an_open_lead(self):
        """A lost lead does not take the new one: it is not open."""
        self.env.company.similar_incoming = "add"
        self.open_lead.action_set_lost()
        new = self._mail('"Clara Weiss" <clara.weiss@weiss-solar.example>')
        self.assertTrue(new.active)
        self.assertFalse(new.merged_into_id)

    def test_not_an_import_nor_a_user_screen(self):
        """Leads created by a user's screen or an import are not incoming."""
        self.env.company.similar_incoming = "add"
        lead = self.env["crm.lead"].create(
            {
                "name": "Typed by a salesperson",
                "contact_name": "Clara Weiss",
                "email_from": "clara.weiss@weiss-solar.example",
            }
        )
        self.assertIsNone(incoming.source_of(lead))
        self.env.cr.flush()
        self.assertTrue(lead.active)
        self.assertFalse(lead.merged_into_id)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestIncomingHttp(MergeInvariantsMixin, RpcMixin, HttpCase):
    """The website form and Odoo's API, as they are called."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.similar_proposal = "off"
        cls.env.company.similar_incoming = "add"
        cls.salesman = new_test_user(
            cls.env,
            login="door_seller",
            groups="sales_team.group_sale_salesman",
            name="Door Seller",
        )
        cls.manager = new_test_user(
            cls.env,
            login="door_manager",
            groups="sales_team.group_sale_manager",
            name="Door Manager",
        )
        cls.open_lead = cls.env["crm.lead"].create(
            {
                "name": "Clara: solar roof",
                "contact_name": "Clara Weiss",
                "email_from": "clara.weiss@weiss-solar.example",
                "user_id": cls.manager.id,
            }
        )

    def _created(self, name):
        self.env.invalidate_all()
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("name", "=", name)])
        )

    def _api_create(self, login, name, email="clara.weiss@weiss-solar.example"):
        uid = self.xmlrpc_common.login(self.env.cr.dbname, login, login)
        self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            login,
            "crm.lead",
            "create",
            [{"name": name, "contact_name": "Clara Weiss", "email_from": email}],
        )
        return self._created(name)

    def test_api_create_as_manager(self):
        new = self._api_create("door_manager", "Solar roof (API)")
        self.assertEqual(new.merged_into_id, self.open_lead)
        self.assertFalse(new.active)
        self.assertTrue(self.open_lead.active)

    def test_api_create_as_own_leads_salesperson(self):
        """The company's rule: the salesperson's new lead goes to the open
        lead of the same person, whoever's it is."""
        new = self._api_create("door_seller", "Solar roof (API, seller)")
        self.assertEqual(new.merged_into_id, self.open_lead)
        self.assertFalse(
            self.open_lead.with_user(self.salesman)._filtered_access("read"),
            "the open lead is another salesperson's",
        )

    def test_json2_api_create(self):
        """Odoo 19's JSON-2 API (``/json/2/<model>/<method>``, an API key)."""
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.manager)
            ._generate(
                scope="rpc",
                name="door",
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )
        response = self.url_open(
            "/json/2/crm.lead/create",
            data=json.dumps(
                {
                    "vals_list": [
                        {
                            "name": "Solar roof (JSON-2)",
                            "contact_name": "Clara Weiss",
                            "email_from": "clara.weiss@weiss-solar.example",
                        }
                    ]
                }
            ),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
            },
        )
        response.raise_for_status()
        new = self._created("Solar roof (JSON-2)")
        self.assertEqual(response.json(), new.ids)
        self.assertEqual(new.merged_into_id, self.open_lead)

    def test_api_create_of_someone_else(self):
        new = self._api_create(
            "door_manager", "Someone new via the API", email="new@someone.example"
        )
        self.assertTrue(new.active)
        self.assertFalse(new.merged_into_id)

    def test_web_client_create_is_not_incoming(self):
        """The web client's calls are a user at a screen (who is proposed the
        merge), not the API."""
        self.rpc(
            "door_manager",
            "crm.lead",
            "create",
            [
                {
                    "name": "Clara by hand",
                    "email_from": "clara.weiss@weiss-solar.example",
                }
            ],
        )
        new = self._created("Clara by hand")
        self.assertTrue(new.active)
        self.assertFalse(new.merged_into_id)

    def test_website_form(self):
        if not self.env["ir.module.module"].search_count(
            [("name", "=", "website_crm"), ("state", "=", "installed")]
        ):
            self.skipTest("needs website_crm (dev/test installs it)")
        self.authenticate(None, None)
        response = self.url_open(
            "/website/form/crm.lead",
            data={
                "contact_name": "Clara Weiss",
                "email_from": "clara.weiss@weiss-solar.example",
                "name": "Solar roof (website)",
                "description": "Please call me about the battery.",
            },
        )
        lead_id = response.json()["id"]
        new = self._created("Solar roof (website)")
        self.assertEqual(new.id, lead_id)
        self.assertEqual(new.merged_into_id, self.open_lead)
        self.assertTrue(self.open_lead.active)
        notified = self.env["mail.message"].search(
            [
                ("res_id", "=", self.open_lead.id),
                ("model", "=", "crm.lead"),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.manager.partner_id.ids),
                ("body", "ilike", "asked again"),
            ]
        )
        self.assertIn("through the website form", notified.body)
