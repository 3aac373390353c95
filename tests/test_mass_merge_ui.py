from odoo.tests import HttpCase, tagged

from .common import MergeInvariantsMixin, run_scoring_job


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMassMergeUi(MergeInvariantsMixin, HttpCase):
    def test_every_demo_group_merged_as_the_dry_run_shows(self):
        if not self.env.ref("crm_similar_leads.lead_martin_duplicate", False):
            self.skipTest("needs the demo data (dev/test installs it)")
        run_scoring_job(self.env)
        groups = self.env["crm.lead.duplicate.group"].search([])
        planned = (
            self.env["crm.lead.duplicate.mass.merge"]
            .create({"kept_lead_ids": [(6, 0, groups.ids)]})
            .planned
        )
        self.assertTrue(planned, "the demo data has exact duplicates")
        self.start_tour(
            "/odoo/action-crm_similar_leads.crm_lead_duplicate_group_action",
            "crm_similar_leads_mass_merge",
            login="admin",
        )
        Lead = self.env["crm.lead"].with_context(active_test=False)
        merged = Lead.search([("merged_into_id", "!=", False)])
        expected = {
            lead_id: int(kept)
            for kept, plan in planned.items()
            for lead_id in plan["leads"]
            if lead_id != int(kept)
        }
        self.assertEqual({lead.id: lead.merged_into_id.id for lead in merged}, expected)
        for kept in Lead.browse([int(kept) for kept in planned]):
            self.assertTrue(kept.active, "lost leads kept come back")
