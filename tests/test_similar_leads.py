from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from ..engine import explanation, pairs
from .common import SimilarLeadsCase, merge


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestSimilarLeads(SimilarLeadsCase):
    def _seen_from(self, origin, lead):
        """``lead`` as the similar-leads view opened from ``origin`` shows it."""
        return lead.with_context(similar_origin_lead_id=origin.id)

    def _levels(self, origin, lead):
        """``{field: level}`` of the parts of ``lead``'s score against ``origin``."""
        pairs.up_to_date(self.env)
        pair = self.env["crm.lead.similar.pair"].search(
            [("lead_id", "=", origin.id), ("other_id", "=", lead.id)]
        )
        return {field: level for field, level, _weight in pair.contributions or []}

    def test_identical_emails_are_duplicates_a_colleague_is_related(self):
        robin_1 = self._lead(
            "Robin 1",
            contact_name="Robin Zimmermann",
            email_from="robin@zimmerei-test.example",
            user_id=self.salesman.id,
        )
        robin_2 = self._lead(
            "Robin 2",
            contact_name="Robin Zimmermann",
            email_from="robin@zimmerei-test.example",
            user_id=self.manager.id,
        )
        colleague = self._lead(
            "Other",
            contact_name="Lena Fischer",
            email_from="lena@zimmerei-test.example",
        )
        self.assertEqual(robin_1.similar_duplicate_count, 1)
        self.assertEqual(robin_1.similar_lead_ids, robin_2 | colleague)
        self.assertEqual(robin_1.similar_lead_ids[0], robin_2, "strongest first")
        self.assertEqual(self._seen_from(robin_1, robin_2).similar_class, "duplicate")
        self.assertEqual(self._seen_from(robin_1, colleague).similar_class, "related")
        self.assertEqual(colleague.similar_duplicate_count, 0)

    def test_explanation_adds_up_to_the_score(self):
        lead = self._lead(
            "Quote", contact_name="Éloïse Müller", email_from="eloise@mueller.example"
        )
        other = self._lead(
            "Quote again",
            contact_name="MULLER Eloise",
            email_from="Eloise <ELOISE@mueller.example>",
            phone="+33 6 11 22 33 44",
        )
        seen = self._seen_from(lead, other)
        pairs.up_to_date(self.env)
        pair = self.env["crm.lead.similar.pair"].search(
            [("lead_id", "=", lead.id), ("other_id", "=", other.id)]
        )
        weights = [weight for _field, _level, weight in pair.contributions]
        self.assertAlmostEqual(sum(weights), seen.similar_score, places=1)
        self.assertEqual(self._levels(lead, other)["email"], "same")
        self.assertEqual(self._levels(lead, other)["person"], "same")
        self.assertIn("Same email", seen.similar_explanation)
        self.assertIn("Same contact name", seen.similar_explanation)

    def test_a_shared_value_says_how_many_share_it(self):
        """One "same email" weighs +9, +8 or +6.7 by how many leads share the
        mailbox: the explanation says it."""
        leads = self._leads_sharing(
            "Shared", 4, contact_name="Sam Shared", email_from="sam@shared-box.example"
        )
        seen = self._seen_from(leads[0], leads[1])
        self.assertIn("+7.4", seen.similar_reasons)
        self.assertIn("Same email, shared by 4 leads", seen.similar_reasons)
        two = self._leads_sharing("Pair", 2, email_from="pat@shared-pair.example")
        seen = self._seen_from(two[0], two[1])
        self.assertIn("+9.0", seen.similar_reasons)
        self.assertNotIn("shared by", seen.similar_reasons)

    def test_parts_stored_with_their_count_or_without(self):
        """Pairs store ``[field, level, weight]``; a fourth element, how many
        leads share the value, is read when there; at the level's floor the
        count is a lowest bound."""
        env = self.env
        self.assertEqual(
            explanation.part_label(env, "email", "same", 8.0),
            "Same email, shared by 3 leads",
        )
        self.assertEqual(
            explanation.part_label(env, "email", "same", 8.0, 7),
            "Same email, shared by 7 leads",
        )
        self.assertEqual(
            explanation.part_label(env, "email", "same", 0.5),
            "Same email, shared by 363 leads or more",
        )
        self.assertEqual(
            explanation.part_label(env, "phone", "shared", 4.0),
            "Same phone, shared by 9 leads",
        )
        self.assertEqual(
            explanation.part_label(env, "person", "same", 5.0), "Same contact name"
        )
        values = explanation.explain(
            env, 12.0, "duplicate", [["email", "same", 8.0, 3], ["person", "same", 4.0]]
        )
        self.assertEqual(
            [part["label"] for part in values["parts"]],
            ["Same email, shared by 3 leads", "Same contact name"],
        )

    def test_every_class_reachable_from_the_lead(self):
        """Without duplicates, the Similar Leads button still shows when a lead
        has related leads, and opens on every class; a related lead says why."""
        lead = self._lead(
            "Roof", contact_name="Lena Fischer", email_from="lena@dach-test.example"
        )
        colleague = self._lead(
            "Garage",
            contact_name="Tom Berger",
            email_from="tom@dach-test.example",
        )
        self.assertEqual(lead.similar_duplicate_count, 0)
        self.assertEqual(lead.similar_lead_count, 1)
        action = lead.action_open_similar_leads()
        self.assertEqual(action["context"]["search_default_similar_duplicates"], 0)
        self.assertEqual(
            self.env["crm.lead"].search(action["domain"]),
            lead | colleague,
            "the view's search finds what the count counts, colleagues too",
        )
        seen = self._seen_from(lead, colleague)
        self.assertEqual(seen.similar_class, "related")
        self.assertIn(
            "Same organisation: mail domain dach-test.example", seen.similar_reasons
        )
        self.assertNotIn("badge", seen.similar_reasons, "the class is shown beside")
        alone = self._lead("Alone", contact_name="Nobody", email_from="no@one.example")
        self.assertEqual(alone.similar_lead_count, 0)
        duplicate = self._lead(
            "Roof again",
            contact_name="Lena Fischer",
            email_from="lena@dach-test.example",
        )
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)
        self.assertEqual(
            lead.action_open_similar_leads()["context"][
                "search_default_similar_duplicates"
            ],
            1,
        )
        self.assertEqual(self._seen_from(lead, lead).similar_is_scored, False)
        self.assertTrue(self._seen_from(lead, duplicate).similar_is_scored)

    def test_public_domain_never_relates(self):
        lead = self._lead("A", contact_name="Alice Roux", email_from="alice@gmail.com")
        other = self._lead("B", contact_name="Bob Marin", email_from="bob@gmail.com")
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
        # No country on the leads: the main company's country reads the
        # national number.
        self.env.ref("base.main_company").country_id = self.fr
        national = self._lead(
            "National", contact_name="Paul Roy", phone="06 55 44 33 21"
        )
        international = self._lead(
            "International",
            contact_name="Paul Roy",
            phone="+33 6 55 44 33 21",
            country_id=self.de.id,
        )
        self.assertEqual(national.similar_phone_key, "+33655443321")
        self.assertEqual(national.similar_lead_ids, international)
        self.assertEqual(self._levels(national, international)["phone"], "same")

    def test_phone_read_with_customer_country(self):
        # Valid in France (a landline) and in Belgium (a mobile).
        partner = self.env["res.partner"].create(
            {"name": "Hans", "country_id": self.fr.id}
        )
        lead = self._lead("Hans", partner_id=partner.id, phone="0470 12 34 56")
        self.assertEqual(lead.similar_phone_key, "+33470123456")
        lead.country_id = self.env.ref("base.be")  # the lead's own country comes first
        self.assertEqual(lead.similar_phone_key, "+32470123456")

    def test_a_customer_moving_country_finds_the_pairs_again(self):
        """The customer's country decides how a national number reads: when
        it changes, the keys are computed again and the pairs found again,
        in the same transaction."""
        self.env.company.country_id = False
        self.env.ref("base.main_company").country_id = False
        partner = self.env["res.partner"].create({"name": "Nour"})
        national = self._lead(
            "National",
            partner_id=partner.id,
            contact_name="Nour Haddad",
            phone="0470 12 34 56",
        )
        belgian = self._lead(
            "Belgian", contact_name="Nour Haddad", phone="+32 470 12 34 56"
        )
        self.assertEqual(national.similar_duplicate_count, 0, "read with no country")
        partner.country_id = self.env.ref("base.be")
        self.env.invalidate_all()
        self.assertEqual(national.similar_phone_key, "+32470123456")
        self.assertEqual(national.similar_duplicate_count, 1)
        self.assertEqual(belgian.similar_lead_ids[:1], national)

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
        self.assertEqual(
            self._levels(lead, other), {"person": "same", "company": "same"}
        )
        self.assertIn(near, lead.similar_lead_ids, "a near name: possible duplicate")
        self.assertNotIn(stranger, lead.similar_lead_ids, "namesake elsewhere")

    def test_lost_included_won_related_merged_excluded(self):
        """A lost duplicate counts; a won deal of the same mailbox is shown as
        related (the customer bought already), never counted; a merged lead
        is gone."""
        lead = self._lead("Active", email_from="dup@acme-dup.com")
        lost = self._lead("Lost", email_from="dup@acme-dup.com")
        lost.action_set_lost()
        won = self._lead("Won", email_from="dup@acme-dup.com", type="opportunity")
        won.action_set_won()
        merged = self._lead("Merged", email_from="dup@acme-dup.com")
        self.assertEqual(merge(lead | merged), lead)
        self.assertEqual(lead.similar_lead_ids, lost | won)
        self.assertEqual(lead.similar_duplicate_count, 1, "the won deal not counted")
        self.assertEqual(lead.similar_lead_count, 2)
        self.assertEqual(lead._similar_duplicates(), lost, "never proposed")
        seen = won.with_context(similar_origin_lead_id=lead.id)
        self.assertEqual(seen.similar_class, "related")
        self.assertIn("A won deal of this customer", seen.similar_reasons)
        self.assertFalse(seen.similar_is_scored)

    def test_leads_and_opportunities_match_each_other(self):
        lead = self._lead("Request", email_from="x@acme-type.com")
        opportunity = self._lead(
            "Request", email_from="x@acme-type.com", type="opportunity"
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
        self.env["crm.lead"].create(
            [
                {"name": f"Twin {i}", "team_id": self.team.id, **v}
                for i, v in enumerate(values)
            ]
        )
        for lead in leads[:4]:
            self.assertFalse(lead.similar_lead_ids, lead.name)
            self.assertEqual(lead.similar_duplicate_count, 0)

    def test_new_record_has_no_matches(self):
        self._lead("Existing", email_from="new@acme-new.com")
        form = Form(self.env["crm.lead"])
        form.name = "New"
        form.email_from = "new@acme-new.com"
        self.assertEqual(form.similar_duplicate_count, 0)
        lead = form.save()
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)

    def test_pairs_follow_writes(self):
        lead = self._lead("A", email_from="one@acme-w.com")
        other = self._lead("B", email_from="two@acme-w.com")
        self.assertEqual(lead.similar_duplicate_count, 0)
        other.email_from = "ONE@acme-w.com"
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)
        other.unlink()
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 0)

    def test_lead_gone_before_the_commit(self):
        """A lead saved in a savepoint rolled back (as Odoo's tests and
        batch jobs do) has nothing to compare or log at commit."""
        with self.env.cr.savepoint(flush=False) as savepoint:
            gone = self._lead("Rolled back", email_from="gone@acme-g.com")
            savepoint.rollback()
        self.env.invalidate_all()
        self.env.cr.flush()  # what the commit runs first
        self.env.cr.execute(
            "SELECT count(*) FROM crm_lead_similar_pending WHERE lead_id = %s",
            [gone.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_count_of_one_is_not_has_duplicates(self):
        trio = self._leads_sharing("Trio", 3, email_from="trio@acme-three.com")
        Lead = self.env["crm.lead"]
        for domain, expected in (
            ([("similar_duplicate_count", "=", 1)], Lead),
            ([("similar_duplicate_count", "in", [1])], Lead),
            ([("similar_duplicate_count", "=", 2)], trio),
            ([("similar_duplicate_count", ">", 0)], trio),
            ([("similar_duplicate_count", "!=", 0)], trio),
        ):
            with self.subTest(domain=domain):
                self.assertEqual(
                    Lead.search([*domain, ("id", "in", trio.ids)]), expected
                )

    def test_has_duplicates_follows_every_change(self):
        """The filter reads the leads' best stored scores: a lead that gains a
        duplicate is found at once, one that loses it is left out (its score
        may stay too high, after a deletion, never too low)."""
        Lead = self.env["crm.lead"]
        team = [("team_id", "=", self.team.id)]

        def has_duplicates():
            return Lead.search([("similar_duplicate_count", ">", 0), *team])

        old = self._lead("Old", email_from="hd@acme-hd.com")
        self.assertFalse(has_duplicates())
        new = self._lead("New", email_from="hd@acme-hd.com")
        self.assertEqual(has_duplicates(), old | new, "the old lead too")
        new.email_from = "other@acme-hd2.com"
        self.assertFalse(has_duplicates())
        self.assertFalse(old.sudo().similar_top_score, "the pair went")
        new.email_from = "hd@acme-hd.com"
        third = self._lead("Third", email_from="hd@acme-hd.com")
        self.assertEqual(has_duplicates(), old | new | third)
        new.with_context(similar_origin_lead_id=old.id).with_user(
            self.manager
        ).action_similar_not_duplicate()
        self.assertEqual(has_duplicates(), old | new | third, "each has the third")
        third.unlink()
        self.assertTrue(old.sudo().similar_top_score, "too high: harmless")
        self.assertFalse(has_duplicates(), "the pair old/new is dismissed")
        self.env.company.similar_duplicate_score = 50
        self.assertFalse(Lead.search([("similar_duplicate_count", ">", 0)]))

    def test_a_stage_move_keeps_the_pairs_a_win_drops_them(self):
        lead, other = self._leads_sharing(
            "Stage", 2, email_from="st@acme-stage.com", type="opportunity"
        )
        Pair = self.env["crm.lead.similar.pair"]
        stages = self.env["crm.stage"].search([("is_won", "=", False)], limit=3)
        self.assertEqual(lead.stage_id, stages[0], "a new opportunity")
        lead.stage_id = stages[1]
        pairs.up_to_date(self.env)
        pair = Pair.search([("lead_id", "=", lead.id), ("other_id", "=", other.id)])
        self.assertTrue(pair, "scored again: it left its first stage (worked)")
        lead.stage_id = stages[2]
        pairs.up_to_date(self.env)
        self.assertTrue(pair.exists(), "not scored again: the same row")
        lead.action_set_won()
        pairs.up_to_date(self.env)
        self.assertFalse(pair.exists(), "a won lead has no pairs")

    def test_search_similar_and_every_count_comparison(self):
        lead = self._lead("A", email_from="s@acme-s.com")
        other = self._lead("B", email_from="s@acme-s.com")
        third = self._lead("C", email_from="s@acme-s.com")
        alone = self._lead("D", email_from="alone@acme-s2.com")
        Lead = self.env["crm.lead"]
        team = [("team_id", "=", self.team.id)]
        self.assertEqual(
            Lead.search([("similar_lead_ids", "in", lead.id)]), other | third
        )
        self.assertEqual(
            Lead.search([("similar_duplicate_count", ">", 0), *team]),
            lead | other | third,
        )
        self.assertEqual(
            Lead.search([("similar_duplicate_count", "=", 0), *team]), alone
        )
        self.assertEqual(
            Lead.search([("similar_duplicate_count", "=", 2), *team]),
            lead | other | third,
        )
        self.assertEqual(
            Lead.search([("similar_duplicate_count", "<", 2), *team]), alone
        )
        self.assertEqual(
            Lead.search([("similar_duplicate_count", "in", [0, 2]), *team]),
            lead | other | third | alone,
        )

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
        other.with_context(
            similar_origin_lead_id=lead.id
        ).action_similar_not_duplicate()
        with self.assertRaises(ValidationError):
            self.env["crm.lead.not.duplicate"]._mark_pairs([(lead, lead)])
        pair.with_user(self.manager).unlink()  # managers undo it
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 1)

    def test_count_is_what_opens(self):
        lead = self._lead(
            "A",
            email_from="act@acme-act.com",
            contact_name="Act One",
            partner_name="Acme Act",
            phone="+33 6 10 00 00 01",
        )
        other = self._lead("B", email_from="act@acme-act.com")
        # Same name, nearly the same company, another phone: 5 + 1 - 2.
        possible = self._lead(
            "C",
            contact_name="Act One",
            partner_name="Acme Acts",
            phone="+33 6 10 00 00 02",
        )
        colleague = self._lead("D", email_from="colleague@acme-act.com")
        action = lead.action_open_similar_leads()
        self.assertEqual(action["context"]["similar_origin_lead_id"], lead.id)
        Lead = self.env["crm.lead"].with_context(**action["context"])
        self.assertEqual(
            Lead.search(action["domain"]), lead | other | possible | colleague
        )
        self.assertEqual(self._seen_from(lead, possible).similar_class, "possible")
        opened = Lead.search(action["domain"] + [("similar_is_duplicate", "=", True)])
        self.assertEqual(opened, lead | other, "default filter: the duplicates")
        self.assertEqual(len(opened - lead), lead.similar_duplicate_count)

    def test_count_is_what_opens_at_any_size(self):
        leads = self._leads_sharing(
            "Many", 45, contact_name="Max Many", email_from="many@many-count.example"
        )
        first = leads[0]
        self.assertEqual(first.similar_duplicate_count, 44)
        action = first.action_open_similar_leads()
        Lead = self.env["crm.lead"].with_context(**action["context"])
        opened = Lead.search(action["domain"] + [("similar_is_duplicate", "=", True)])
        self.assertEqual(opened, leads, "the lead and its 44 duplicates")
        self.assertEqual(
            Lead.search([("similar_duplicate_count", "=", 44)]) & leads, leads
        )

    def test_thresholds_per_company(self):
        lead = self._lead("A", contact_name="Rémi Caron", partner_name="Caron Bois")
        other = self._lead("B", contact_name="Remi Caron", partner_name="Caron Bois")
        self.assertEqual(lead.similar_duplicate_count, 1, "same names: 9 bits")
        self.company.write({"similar_duplicate_score": 10, "similar_possible_score": 4})
        lead.invalidate_recordset()
        self.assertEqual(lead.similar_duplicate_count, 0)
        self.assertEqual(self._seen_from(lead, other).similar_class, "possible")
        with self.assertRaises(ValidationError):
            self.company.similar_possible_score = 12

    def test_company_without_thresholds_uses_the_defaults(self):
        """A company row written by SQL before the addon came has no
        thresholds: its duplicates are still found, with the defaults."""
        lead = self._lead("A", contact_name="Rémi Caron", partner_name="Caron Bois")
        self._lead("B", contact_name="Remi Caron", partner_name="Caron Bois")
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE res_company SET similar_duplicate_score = NULL,
                                      similar_possible_score = NULL
                WHERE id = %s""",
            [self.company.id],
        )
        self.env.invalidate_all()
        self.assertEqual(lead.similar_duplicate_count, 1)
        self.assertEqual(len(lead.similar_lead_ids), 1)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestTraps(SimilarLeadsCase):
    """The cases that look alike and are not the same person's same request."""

    def test_switchboard_colleagues(self):
        people = [("Anna Keller", "a.keller"), ("Bruno Lang", "b.lang")] + [
            (f"Person {chr(65 + i)}{chr(66 + i)} Nummer", f"p{i}") for i in range(40)
        ]
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Anfrage {index}",
                    "contact_name": name,
                    "email_from": f"{mailbox}@holz-switch.example",
                    "phone": "+49 30 1234567",
                    "team_id": self.team.id,
                }
                for index, (name, mailbox) in enumerate(people)
            ]
        )
        self.assertEqual(leads[0].similar_duplicate_count, 0, "core counts 41")
        self.assertIn(leads[1], leads[0].similar_lead_ids, "shown as related")

    def test_shared_role_mailbox(self):
        first, second = (
            self._lead(
                f"Info {name}", contact_name=name, email_from="info@bureau-role.example"
            )
            for name in ("Claire Petit", "Marc Durand")
        )
        self.assertEqual(first.similar_duplicate_count, 0)
        self.assertEqual(second.similar_duplicate_count, 0)

    def test_namesakes_at_branches(self):
        for index, (branch_a, branch_b) in enumerate(
            (
                ("Atelier Fournier 12", "Atelier Fournier 47"),
                ("Agence Lyon", "Agence Nice"),
            )
        ):
            a = self._lead(
                "Devis",
                contact_name="Jean Fournier",
                partner_name=branch_a,
                email_from=f"jean@{branch_a.split()[-1].lower()}-branch.example",
                phone=f"+33 4 72 00 00 1{index}",
            )
            b = self._lead(
                "Devis",
                contact_name="Jean Fournier",
                partner_name=branch_b,
                email_from=f"jean@{branch_b.split()[-1].lower()}-branch.example",
                phone=f"+33 4 93 00 00 2{index}",
            )
            self.assertEqual(a.similar_duplicate_count, 0, branch_b)
            self.assertNotIn(b, a.similar_lead_ids, branch_b)

    def test_several_deals_of_one_customer(self):
        customer = self.env["res.partner"].create(
            {"name": "Acme Buyer", "email": "buyer@acme-deals.example"}
        )
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": title,
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "email_from": "buyer@acme-deals.example",
                    "phone": "+33 1 40 00 00 00",
                    "expected_revenue": revenue,
                    "team_id": self.team.id,
                }
                for title, revenue in (
                    ("Roof renovation", 48000),
                    ("Garage door", 2500),
                    ("Solar panels", 6000),
                )
            ]
        )
        for deal in deals:
            self.assertEqual(deal.similar_duplicate_count, 0, deal.name)
            self.assertEqual(len(deal.similar_lead_ids), 2, "related: same customer")
        pair = self.env["crm.lead.similar.pair"].search(
            [("lead_id", "=", deals[0].id), ("other_id", "=", deals[1].id)]
        )
        self.assertLess(pair.score, 0, "more evidence against than for")
        self.assertTrue(pair.is_related, "stored all the same: one customer's")
        seen = deals[1].with_context(similar_origin_lead_id=deals[0].id)
        self.assertEqual(seen.similar_class, "related")

    def test_similar_emails_of_different_people(self):
        anna = self._lead(
            "Schulung",
            contact_name="Anna Mueller",
            email_from="anna.mueller@firm.example",
        )
        anne = self._lead(
            "Schulung",
            contact_name="Anne Mueller",
            email_from="anne.mueller@firm.example",
        )
        self.assertEqual(anna.similar_duplicate_count, 0)
        self.assertNotEqual(
            anna.with_context(similar_origin_lead_id=anna.id)
            .browse(anne.id)
            .similar_class,
            "duplicate",
        )


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
        self.assertNotIn(self.in_b, self.own.similar_lead_ids)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestSimilarLeadsPerformance(SimilarLeadsCase):
    def test_page_of_80_leads_takes_a_constant_number_of_queries(self):
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Perf lead {i}",
                    "email_from": f"p{i % 20}@perf-{i % 7}.com",
                    "phone": f"+33 6 12 34 {i % 10:02d} 00",
                    "contact_name": f"Contact {i % 15}",
                    "partner_name": f"Company {i % 9}",
                    "team_id": self.team.id,
                    "user_id": self.salesman.id,
                }
                for i in range(200)
            ]
        )
        # As salespeople with record rules (their own leads, or all), as in
        # the pipeline list.
        for user in (self.salesman, self.salesman_all):
            user_leads = leads.with_user(user)
            user_leads[:10].mapped("similar_duplicate_count")  # warm the caches
            for page in (user_leads[:80], user_leads[120:200]):
                page.env.invalidate_all()
                before = self.env.cr.sql_log_count
                counts = page.mapped("similar_duplicate_count")
                queries = self.env.cr.sql_log_count - before
                self.assertLessEqual(queries, 3, f"{queries} queries, {user.login}")
                self.assertTrue(any(counts))
