from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import SimilarLeadsCase


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestSimilarLeads(SimilarLeadsCase):
    def _reason_codes(self, origin, lead):
        lead = lead.with_context(similar_origin_lead_id=origin.id)
        return set(lead.similar_reason_ids.mapped("code"))

    def test_seed_004_identical_emails_match_colleague_is_related(self):
        robin_1 = self._lead(
            "Robin 1",
            contact_name="Robin",
            email_from="robin@zimmerei-test.example",
            user_id=self.salesman.id,
        )
        robin_2 = self._lead(
            "Robin 2",
            contact_name="Robin",
            email_from="robin@zimmerei-test.example",
            user_id=self.manager.id,
        )
        colleague = self._lead(
            "Other", contact_name="Lena", email_from="lena@zimmerei-test.example"
        )
        self.assertEqual(robin_1.similar_duplicate_count, 1)
        self.assertEqual(
            robin_1.similar_lead_ids,
            robin_2 | colleague,
            "strongest first, related last",
        )
        self.assertEqual(robin_1.similar_lead_ids[0], robin_2)
        self.assertEqual(self._reason_codes(robin_1, robin_2), {"email"})
        self.assertEqual(self._reason_codes(robin_1, colleague), {"domain"})
        self.assertEqual(colleague.similar_duplicate_count, 0)

    def test_public_domain_never_relates(self):
        lead = self._lead("A", email_from="alice@gmail.com")
        other = self._lead("B", email_from="bob@gmail.com")
        self.assertNotIn(other, lead.similar_lead_ids)
        self.company.similar_public_domains = "zimmerei-test.example"
        robin = self._lead("Robin", email_from="robin@zimmerei-test.example")
        lena = self._lead("Lena", email_from="lena@zimmerei-test.example")
        self.assertNotIn(
            lena, robin.similar_lead_ids, "extra public domain of the company settings"
        )

    def test_gmail_variants_match(self):
        john = self._lead("John", email_from="john@gmail.com")
        dotted = self._lead("J.ohn", email_from="j.ohn@gmail.com")
        tagged_ = self._lead("John+crm", email_from='"John" <John+CRM@googlemail.com>')
        self.assertEqual(john.similar_lead_ids, dotted | tagged_)
        self.assertEqual(john.similar_duplicate_count, 2)

    def test_national_and_international_phones_match(self):
        # No country on the leads: the company's country (France) reads the
        # national number.
        self.company.country_id = self.fr
        national = self._lead("National", phone="06 55 44 33 21")
        international = self._lead(
            "International", phone="+33 6 55 44 33 21", country_id=self.de.id
        )
        self.assertEqual(national.similar_phone_key, "+33655443321")
        self.assertEqual(national.similar_lead_ids, international)
        self.assertEqual(self._reason_codes(national, international), {"phone"})

    def test_phone_read_with_customer_country(self):
        # Valid in France (a landline) and in Belgium (a mobile).
        partner = self.env["res.partner"].create(
            {"name": "Hans", "country_id": self.fr.id}
        )
        lead = self._lead("Hans", partner_id=partner.id, phone="0470 12 34 56")
        self.assertEqual(lead.similar_phone_key, "+33470123456")
        lead.country_id = self.env.ref("base.be")  # the lead's own country comes first
        self.assertEqual(lead.similar_phone_key, "+32470123456")
        lead.phone = (
            "030 12345678"  # Berlin, written nationally: no country here reads it
        )
        self.assertFalse(lead.similar_phone_key)

    def test_names_ignore_case_accents_and_order(self):
        lead = self._lead(
            "A", contact_name="Éloïse Müller", partner_name="Société Générale SA"
        )
        other = self._lead(
            "B", contact_name="MULLER eloise", partner_name="societe generale"
        )
        near = self._lead(
            "C", contact_name="Eloise Mueller", partner_name="Societe Generale"
        )
        stranger = self._lead(
            "D", contact_name="Eloise Muller", partner_name="Acme Corporation"
        )
        self.assertEqual(self._reason_codes(lead, other), {"names"})
        self.assertIn(
            near, lead.similar_lead_ids, "near match through trigram similarity"
        )
        self.assertNotIn(
            stranger, lead.similar_lead_ids, "same person name at another company"
        )
        self.company.similar_name_threshold = 1
        lead.invalidate_recordset(["similar_lead_ids"])
        self.assertNotIn(
            near, lead.similar_lead_ids, "threshold 1 asks for identical names"
        )
        self.assertIn(other, lead.similar_lead_ids)

    def test_short_names_ignored(self):
        lead = self._lead("A", contact_name="Al", partner_name="Bo")
        self._lead("B", contact_name="al", partner_name="bo")
        self.assertFalse(lead.similar_lead_ids)

    def test_title_matching_off_by_default(self):
        lead = self._lead("Dupont - Insert à granulés - Estimation")
        other = self._lead("DUPONT insert a granules estimation")
        self.assertFalse(lead.similar_lead_ids)
        self.company.similar_match_title = True
        lead.invalidate_recordset(["similar_lead_ids", "similar_duplicate_count"])
        self.assertEqual(lead.similar_lead_ids, other)
        self.assertEqual(self._reason_codes(lead, other), {"title"})

    def test_criteria_can_be_switched_off(self):
        lead = self._lead("A", email_from="robin@x-corp.com")
        self._lead("B", email_from="robin@x-corp.com")
        self.company.similar_match_email = False
        self.assertEqual(lead.similar_duplicate_count, 0)

    def test_same_contact_partner_and_customer_company(self):
        company = self.env["res.partner"].create({"name": "Acme", "is_company": True})
        alice, bob = self.env["res.partner"].create(
            [
                {"name": "Alice", "parent_id": company.id},
                {"name": "Bob", "parent_id": company.id},
            ]
        )
        lead = self._lead("A", partner_id=alice.id)
        same_contact = self._lead("B", partner_id=alice.id)
        colleague = self._lead("C", partner_id=bob.id)
        self.assertIn("partner", self._reason_codes(lead, same_contact))
        self.assertEqual(self._reason_codes(lead, colleague), {"company"})
        self.assertEqual(lead.similar_duplicate_count, 1)

    def test_big_account_no_silent_cutoff(self):
        # Core Odoo returns nothing once a criterion finds 21 leads.
        leads = self._leads_sharing("Switchboard", 40, phone="+33 1 23 45 67 89")
        self.assertEqual(leads[0].similar_duplicate_count, 39)
        self.assertEqual(len(leads[0].similar_lead_ids), 39)

    def test_many_contacts_of_one_company_are_not_duplicates(self):
        company = self.env["res.partner"].create({"name": "BigCo", "is_company": True})
        first = [
            "Anna",
            "Bruno",
            "Chloé",
            "David",
            "Emma",
            "Felix",
            "Gina",
            "Hugo",
            "Ines",
            "Jonas",
        ]
        last = ["Keller", "Lambert", "Moreau", "Novak", "Olsen", "Petit"]
        contacts = self.env["res.partner"].create(
            [
                {"name": f"{f} {name}", "parent_id": company.id}
                for f in first
                for name in last
            ]
        )
        leads = self.env["crm.lead"].create(
            [
                {"name": f"Lead {i}", "partner_id": contact.id, "team_id": self.team.id}
                for i, contact in enumerate(contacts)
            ]
        )
        self.assertEqual(leads[0].similar_duplicate_count, 0, "core counts 59 here")
        self.assertTrue(leads[0].similar_lead_ids, "still shown as related")

    def test_lost_included_won_and_merged_excluded(self):
        lead = self._lead("Active", email_from="dup@acme-dup.com")
        lost = self._lead("Lost", email_from="dup@acme-dup.com")
        lost.action_set_lost()
        won = self._lead("Won", email_from="dup@acme-dup.com", type="opportunity")
        won.action_set_won()
        merged = self._lead(
            "Merged",
            email_from="dup@acme-dup.com",
            merged_into_id=lead.id,
            active=False,
        )
        self.assertFalse(lost.active)
        self.assertEqual(won.won_status, "won")
        self.assertTrue(merged)
        self.assertEqual(lead.similar_lead_ids, lost)

    def test_leads_and_opportunities_match_each_other(self):
        lead = self._lead("Lead", email_from="x@acme-type.com")
        opportunity = self._lead(
            "Opp", email_from="x@acme-type.com", type="opportunity"
        )
        self.assertEqual(lead.similar_lead_ids, opportunity)
        self.assertEqual(opportunity.similar_lead_ids, lead)

    def test_empty_and_bad_input_never_match(self):
        values = [
            {},
            {"email_from": "not an email", "phone": "garbage ☎", "contact_name": "x"},
            {"email_from": "@", "phone": "+", "partner_name": " "},
            {
                "email_from": "a" * 10_000,
                "phone": "9" * 10_000,
                "contact_name": "é" * 10_000,
            },
            {"email_from": "😀@😀", "contact_name": "😀😀😀", "partner_name": "ℌ𝔢𝔩𝔩𝔬"},
        ]
        leads = self.env["crm.lead"].create(
            [
                {"name": f"Bad {i}", "team_id": self.team.id, **v}
                for i, v in enumerate(values)
            ]
        )
        twins = self.env["crm.lead"].create(
            [
                {"name": f"Twin {i}", "team_id": self.team.id, **v}
                for i, v in enumerate(values)
            ]
        )
        for lead in leads[:4]:
            self.assertFalse(lead.similar_lead_ids, lead.name)
            self.assertEqual(lead.similar_duplicate_count, 0)
        self.assertFalse(twins[0].similar_email_key)

    def test_new_record_has_no_matches(self):
        self._lead("Existing", email_from="new@acme-new.com")
        form = Form(self.env["crm.lead"])
        form.name = "New"
        form.email_from = "new@acme-new.com"
        self.assertEqual(form.similar_duplicate_count, 0)
        lead = form.save()
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)

    def test_keys_follow_writes(self):
        lead = self._lead("A", email_from="one@acme-w.com")
        other = self._lead("B", email_from="two@acme-w.com")
        self.assertEqual(lead.similar_duplicate_count, 0)
        other.email_from = "ONE@acme-w.com"
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)

    def test_search_similar_and_has_similar_filter(self):
        lead = self._lead("A", email_from="s@acme-s.com")
        other = self._lead("B", phone="+33 6 99 88 77 66", email_from="s@acme-s.com")
        alone = self._lead("C", email_from="alone@acme-s2.com")
        Lead = self.env["crm.lead"]
        self.assertEqual(Lead.search([("similar_lead_ids", "in", lead.id)]), other)
        has_similar = Lead.search(
            [("similar_duplicate_count", ">", 0), ("team_id", "=", self.team.id)]
        )
        self.assertEqual(has_similar, lead | other)
        no_similar = Lead.search(
            [("similar_duplicate_count", "=", 0), ("team_id", "=", self.team.id)]
        )
        self.assertEqual(no_similar, alone)

    def test_not_a_duplicate(self):
        lead = self._lead("A", email_from="nd@acme-nd.com")
        other = self._lead("B", email_from="nd@acme-nd.com")
        with self.assertRaises(UserError):
            other.action_similar_not_duplicate()
        other.with_user(self.manager).with_context(
            similar_origin_lead_id=lead.id
        ).action_similar_not_duplicate()
        lead.invalidate_recordset()
        other.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 0)
        self.assertEqual(other.similar_duplicate_count, 0, "the pair is symmetric")
        pair = self.env["crm.lead.not.duplicate"].search([("lead_id", "=", lead.id)])
        self.assertEqual(pair.other_lead_id, other)
        # Marking again does not fail, and a lead is never its own duplicate.
        other.with_context(
            similar_origin_lead_id=lead.id
        ).action_similar_not_duplicate()
        with self.assertRaises(ValidationError):
            self.env["crm.lead.not.duplicate"]._mark_pair(lead, lead)
        pair.with_user(self.manager).unlink()  # managers undo it
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)

    def test_open_similar_leads_action(self):
        lead = self._lead("A", email_from="act@acme-act.com")
        other = self._lead("B", email_from="act@acme-act.com")
        colleague = self._lead("C", email_from="colleague@acme-act.com")
        action = lead.action_open_similar_leads()
        self.assertEqual(action["context"]["similar_origin_lead_id"], lead.id)
        Lead = self.env["crm.lead"].with_context(**action["context"])
        self.assertEqual(Lead.search(action["domain"]), lead | other | colleague)
        opened = Lead.search(action["domain"] + [("similar_is_duplicate", "=", True)])
        self.assertEqual(
            opened, lead | other, "default filter: the lead and its duplicates"
        )
        self.assertEqual(len(opened - lead), lead.similar_duplicate_count)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestSimilarLeadsAccess(SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._lead(
            "Own", email_from="acl@acme-acl.com", user_id=cls.salesman.id
        )
        cls.others = cls._lead(
            "Someone else's", email_from="acl@acme-acl.com", user_id=cls.manager.id
        )
        cls.unassigned = cls._lead(
            "Unassigned", email_from="acl@acme-acl.com", user_id=False
        )
        cls.in_b = cls._lead(
            "In B",
            email_from="acl@acme-acl.com",
            company_id=cls.company_b.id,
            user_id=False,
        )

    def _opened(self, lead):
        action = lead.action_open_similar_leads()
        Lead = lead.env["crm.lead"].with_context(**action["context"])
        return (
            Lead.search(action["domain"] + [("similar_is_duplicate", "=", True)]) - lead
        )

    @users("sl_salesman")
    def test_salesman_counts_only_what_he_can_open(self):
        own = self.own.with_user(self.env.user)
        self.assertEqual(own.similar_lead_ids, self.unassigned)
        self.assertEqual(own.similar_duplicate_count, 1)
        self.assertEqual(len(self._opened(own)), own.similar_duplicate_count)

    @users("sl_salesman_all")
    def test_user_of_company_a_does_not_see_company_b(self):
        own = self.own.with_user(self.env.user)
        self.assertEqual(own.similar_lead_ids, self.others | self.unassigned)
        self.assertEqual(own.similar_duplicate_count, 2)
        self.assertEqual(len(self._opened(own)), 2)

    def test_leads_of_two_companies_never_match(self):
        # Even for a user who sees both companies: they cannot be merged.
        self.assertNotIn(self.in_b, self.own.similar_lead_ids)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestSimilarLeadsPerformance(SimilarLeadsCase):
    def test_page_of_80_leads_takes_a_constant_number_of_queries(self):
        self.company.similar_match_title = True  # every criterion on
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Perf lead {i}",
                    "email_from": f"p{i % 20}@perf-{i % 7}.com",
                    "phone": f"+33 6 12 34 {i % 10:02d} 00",
                    "contact_name": f"Contact {i % 15}",
                    "partner_name": f"Company {i % 9}",
                    "team_id": self.team.id,
                }
                for i in range(200)
            ]
        )
        # As a user with record rules, as in the pipeline list.
        leads = leads.with_user(self.salesman_all)
        leads[:10].mapped(
            "similar_duplicate_count"
        )  # warm the rule and settings caches
        for page in (leads[:80], leads[120:200]):
            page.env.invalidate_all()
            before = self.env.cr.sql_log_count
            counts = page.mapped("similar_duplicate_count")
            queries = self.env.cr.sql_log_count - before
            self.assertLessEqual(
                queries, 5, f"{queries} queries for a page of 80 leads"
            )
            self.assertTrue(all(counts))
