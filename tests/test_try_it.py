from odoo.tests import HttpCase, tagged

from .common import run_scoring_job


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestTryIt(HttpCase):
    """The README's "Try it" table is true: each row followed from its menu
    on the demo data (``static/tests/tours/try_it_tour.esm.js``)."""

    def test_readme_try_it(self):
        if not self.env.ref("crm_similar_leads.lead_martin_duplicate", False):
            self.skipTest("needs the demo data (dev/test installs it)")
        # As the table says first: Leads enabled in Settings.
        self.env.ref("base.group_user").implied_ids |= self.env.ref(
            "crm.group_use_lead"
        )
        run_scoring_job(self.env)
        self.start_tour("/odoo/crm", "crm_similar_leads_try_it", login="admin")
        goldman = self.env.ref("crm_similar_leads.lead_goldman_lost")
        self.assertTrue(goldman.active, "back in the pipeline")
        self.assertEqual(goldman.won_status, "pending")
        self.assertEqual(
            self.env.ref("crm_similar_leads.opportunity_goldman").merged_into_id,
            goldman,
        )
