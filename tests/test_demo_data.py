from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestDemoData(TransactionCase):
    """The scenarios of the demo data, when demo data is installed."""

    def setUp(self):
        super().setUp()
        module = self.env["ir.module.module"].search(
            [("name", "=", "crm_similar_leads")]
        )
        if not module.demo:
            self.skipTest("installed without demo data")

    def _ref(self, name):
        return self.env.ref(f"crm_similar_leads.{name}")

    def test_robin_two_leads_two_salespeople(self):
        robin_1, robin_2, colleague = (
            self._ref("lead_robin_website"),
            self._ref("lead_robin_trade_fair"),
            self._ref("lead_holzbau_colleague"),
        )
        self.assertNotEqual(
            robin_1.user_id, robin_2.user_id, "two salespeople work on Robin"
        )
        self.assertEqual(robin_1.email_from, robin_2.email_from)
        self.assertIn(robin_2, robin_1.similar_lead_ids)
        self.assertEqual(
            robin_2.similar_duplicate_count,
            1,
            "the colleague is related, not a duplicate",
        )
        self.assertIn(
            colleague, robin_2.similar_lead_ids, "same company domain: shown as related"
        )
        self.assertEqual(colleague.similar_duplicate_count, 0)

    def test_stove_dealer_pipeline(self):
        names = {
            "opportunity_martin": ("MARTIN - PAB + PAG", "MARTIN Pierre"),
            "opportunity_richard": (
                "Richard - Remplacement d'un PAB par un PAG",
                "Richard Pierre",
            ),
            "opportunity_thomas": ("Thomas - PAG - Estimation", "THOMAS Jean"),
            "opportunity_goldman": (
                "Goldman - pag - Piazzetta",
                "Goldman Jean-Jacques",
            ),
            "opportunity_test": (
                "Bernard - Ramonage + entretien PAG",
                "BERNARD Sophie",
            ),
        }
        for xmlid, (title, contact) in names.items():
            lead = self._ref(xmlid)
            self.assertEqual(
                (lead.name, lead.contact_name, lead.type),
                (title, contact, "opportunity"),
            )

    def test_duplicate_written_differently(self):
        martin, duplicate = (
            self._ref("opportunity_martin"),
            self._ref("lead_martin_duplicate"),
        )
        self.assertNotEqual(martin.phone, duplicate.phone)
        self.assertNotEqual(martin.email_from, duplicate.email_from)
        self.assertEqual(martin.similar_lead_ids, duplicate)
        self.assertEqual(martin.similar_duplicate_count, 1)
        seen = martin.with_context(similar_origin_lead_id=martin.id).browse(
            duplicate.id
        )
        self.assertEqual(seen.similar_class, "duplicate")
        self.assertIn("Same email", seen.similar_explanation)
        self.assertIn("Same phone", seen.similar_explanation)

    def test_lost_lead_duplicates_active_one(self):
        lost, active = self._ref("lead_goldman_lost"), self._ref("opportunity_goldman")
        self.assertEqual(lost.won_status, "lost")
        self.assertFalse(lost.active)
        self.assertIn(lost, active.similar_lead_ids)
        self.assertEqual(active.similar_duplicate_count, 1)

    def test_each_class_shown(self):
        """A true duplicate, colleagues on a switchboard, namesakes and another
        deal of the same customer: what the README tells newcomers to open."""
        martin, duplicate = (
            self._ref("opportunity_martin"),
            self._ref("lead_martin_duplicate"),
        )
        seen = duplicate.with_context(similar_origin_lead_id=martin.id)
        self.assertEqual(seen.similar_class, "duplicate")
        anne, bruno = (
            self._ref("lead_switchboard_anne"),
            self._ref("lead_switchboard_bruno"),
        )
        self.assertEqual(anne.similar_duplicate_count, 0)
        self.assertEqual(
            bruno.with_context(similar_origin_lead_id=anne.id).similar_class, "related"
        )
        lyon, nice = self._ref("lead_namesake_lyon"), self._ref("lead_namesake_nice")
        self.assertEqual(lyon.similar_duplicate_count, 0)
        self.assertNotIn(nice, lyon.similar_lead_ids)
        kitchen, terrace = (
            self._ref("opportunity_brasserie_kitchen"),
            self._ref("opportunity_brasserie_terrace"),
        )
        self.assertEqual(kitchen.similar_duplicate_count, 0)
        self.assertEqual(
            terrace.with_context(similar_origin_lead_id=kitchen.id).similar_class,
            "related",
        )
        won = self._ref("opportunity_brasserie_won")
        self.assertEqual(won.won_status, "won")
        self.assertIn(won, kitchen.similar_lead_ids, "the customer's won deal")
        seen = won.with_context(similar_origin_lead_id=kitchen.id)
        self.assertEqual(seen.similar_class, "related")
        self.assertIn("A won deal of this customer", seen.similar_reasons)

    def test_no_placeholder_names(self):
        """Demo records read like real ones: no "Test" lead or contact."""
        Lead = self.env["crm.lead"].with_context(active_test=False)
        self.assertFalse(
            Lead.search(
                ["|", ("name", "=ilike", "test"), ("contact_name", "=ilike", "test")]
            )
        )

    def test_address_only_duplicate_and_household(self):
        """Klara's two leads share only her name and her address, each
        written another way; Jonas lives there too: the README's rows."""
        klara, again, jonas = (
            self._ref("lead_weiss_heat_pump"),
            self._ref("lead_weiss_quote"),
            self._ref("lead_weiss_household"),
        )
        self.assertFalse(klara.email_from and klara.email_from == again.email_from)
        self.assertFalse(klara.phone and klara.phone == again.phone)
        self.assertNotEqual(klara.street, again.street)
        self.assertEqual(klara.similar_duplicate_count, 1)
        seen = again.with_context(similar_origin_lead_id=klara.id)
        self.assertEqual(seen.similar_class, "duplicate")
        self.assertIn("Same address", seen.similar_explanation)
        self.assertIn("Same contact name", seen.similar_explanation)
        self.assertEqual(jonas.similar_duplicate_count, 0)
        self.assertEqual(jonas.similar_lead_ids, klara | again)
        for lead in (klara, again):
            seen = lead.with_context(similar_origin_lead_id=jonas.id)
            self.assertEqual(seen.similar_class, "household")
            self.assertIn("Same household", seen.similar_explanation)
