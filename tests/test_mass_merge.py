"""The mass merge of the review queue under hostile use: each group by its
own company's settings, chained groups, leads changed after the dry run,
concurrent updates, forged arguments; what is merged is what the dry run
showed. Through the web client's calls, as a sales manager who is not an
administrator."""

from datetime import datetime, timedelta
from unittest.mock import patch

from psycopg2 import errors

from odoo.tests import HttpCase, new_test_user, tagged

from ..engine.lead_merge import LeadMerge
from .common import MergeInvariantsMixin, RpcMixin


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestMassMerge(MergeInvariantsMixin, RpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Mass Company B"})
        cls.manager = new_test_user(
            cls.env,
            login="mm_manager",
            groups="sales_team.group_sale_manager",
            company_ids=[cls.env.company.id, cls.company_b.id],
        )
        cls.env.company.similar_max_group_size = 10

    def _group(self, prefix, count, **values):
        """``count`` exact duplicates of one person, one minute apart (the
        first one oldest)."""
        slug = prefix.lower().replace(" ", ".")
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "type": "lead",
                    "contact_name": f"{prefix} Person",
                    "email_from": f"{slug}@mass.example",
                    **values,
                }
                for index in range(count)
            ]
        )
        for index, lead in enumerate(leads):
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                (datetime.now() - timedelta(minutes=60 - index), lead.id),
            )
        leads.invalidate_recordset(["create_date"])
        return leads

    def _call(self, model, method, args, button=False):
        """As the manager, both companies checked in the switcher (the
        current one: the main company)."""
        companies = [self.env.company.id, self.company_b.id]
        return self.rpc(
            "mm_manager",
            model,
            method,
            args,
            button=button,
            context={"allowed_company_ids": companies},
        )

    def _dry_run(self, *kept_leads):
        """The dry run the queue's button opens, created as the web client
        saves it; returns its id and what it shows."""
        ids = [lead.id for lead in kept_leads]
        action = self._call(
            "crm.lead.duplicate.group", "action_merge_exact", [ids], button=True
        )
        wizard_id = self._call(
            action["res_model"], "create", [{"kept_lead_ids": [(6, 0, ids)]}]
        )
        [shown] = self._call(
            action["res_model"], "read", [[wizard_id], ["preview", "planned"]]
        )
        return wizard_id, shown

    def _confirm(self, wizard_id):
        return self._call(
            "crm.lead.duplicate.mass.merge", "action_merge", [[wizard_id]], button=True
        )

    def test_every_group_listed_once_each_with_one_reason(self):
        exact = self._group("Mass Exact", 2)
        lost = self._group("Mass Lost", 2)
        lost[0].action_set_lost()
        loose = self._group("Mass Loose", 2)
        loose[1].write({"contact_name": "Someone Else", "phone": "+33 6 12 00 00 01"})
        wizard_id, shown = self._dry_run(exact[0], lost[0], loose[0])
        preview = shown["preview"]
        self.assertEqual(preview.count("o_crm_similar_mass_merge_group"), 3)
        for kept in (exact[0], lost[0]):
            self.assertEqual(
                preview.count(f'data-kept-id="{kept.id}" data-merged="1"'), 1
            )
        self.assertEqual(
            preview.count(f'data-kept-id="{loose[0].id}" data-merged="0"'), 1
        )
        self.assertEqual(preview.count("left for review"), 1)
        self.assertIn(
            "Groups to merge: 2 of 3. Leads to archive into their record kept: 2. "
            "Groups to review yourself: 1.",
            preview,
            "the dry run summed up above its groups",
        )
        self.assertEqual(set(shown["planned"]), {str(exact[0].id), str(lost[0].id)})
        self._confirm(wizard_id)
        self.assertEqual(exact[1].merged_into_id, exact[0])
        self.assertEqual(lost[1].merged_into_id, lost[0])
        self.assertTrue(lost[0].active, "a lost lead kept comes back")
        self.assertEqual(lost[0].won_status, "pending")
        self.assertFalse(loose.merged_into_id)

    def test_each_group_follows_its_own_company(self):
        self.company_b.similar_max_group_size = 2
        in_b = self._group("Mass Bee", 3, company_id=self.company_b.id)
        in_a = self._group("Mass Ay", 3)
        wizard_id, shown = self._dry_run(in_b[0], in_a[0])
        self.assertIn("3 leads: more than 2", shown["preview"])
        self._confirm(wizard_id)
        self.assertFalse(in_b.merged_into_id)
        self.assertEqual(in_a[1:].merged_into_id, in_a[0])

    def test_chained_leads_are_in_one_group_at_a_time(self):
        first, second, third = self._group("Mass Chain", 3)
        # The first and the third are not duplicates: the second joins the
        # first's group, the third waits (it would share the second).
        self.env["crm.lead.not.duplicate"]._mark_pairs([(first, third)])
        Group = self.env["crm.lead.duplicate.group"]
        self.assertEqual(
            Group.search([("lead_ids", "in", (first | second | third).ids)]).ids,
            first.ids,
        )
        wizard_id, _shown = self._dry_run(first)
        result = self._confirm(wizard_id)
        self.assertEqual(second.merged_into_id, first)
        self.assertFalse(third.merged_into_id, "not a duplicate of the first")
        self.assertIn("One group merged", result["params"]["message"])
        self.assertFalse(Group.search([("lead_ids", "in", third.ids)]))

    def test_what_is_merged_is_what_the_dry_run_showed(self):
        leads = self._group("Mass Shown", 2, description="<p>As shown</p>")
        wizard_id, _shown = self._dry_run(leads[0])
        leads[0].description = False  # the merged lead's note would now show
        result = self._confirm(wizard_id)
        self.assertFalse(leads.merged_into_id)
        self.assertIn("Changed since the dry run", result["params"]["message"])

    def test_a_changed_group_is_left_to_a_manager_who_is_no_administrator(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        leads = self._group("Mass Gone", 2)
        wizard_id, _shown = self._dry_run(leads[0])
        leads[1].email_from = "someone.else@mass.example"
        result = self._confirm(wizard_id)
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("Left for review", result["params"]["message"])
        self.assertFalse(leads.merged_into_id)
        self.assertFalse(
            self.env["crm.lead.merge.batch"]
            .search([])
            .filtered(
                lambda batch: "Mass Gone" in str(batch.journal_ids.master_id.name)
            )
        )

    def test_a_concurrent_update_is_said_in_words(self):
        leads = self._group("Mass Race", 2)
        wizard_id, _shown = self._dry_run(leads[0])
        with patch.object(
            LeadMerge,
            "run",
            side_effect=errors.SerializationFailure("could not serialize"),
        ):
            result = self._confirm(wizard_id)
        message = result["params"]["message"]
        self.assertIn("Someone else was changing these leads", message)
        self.assertNotIn("serialize", message)
        self.assertFalse(leads.merged_into_id)

    def test_a_forged_plan_is_refused_clearly(self):
        leads = self._group("Mass Forged", 2)
        for planned in ("x", [1, 2], {"1": 5}, {"x": {"leads": [1], "shown": "y"}}):
            wizard_id = self.rpc(
                "mm_manager",
                "crm.lead.duplicate.mass.merge",
                "create",
                [{"kept_lead_ids": [(6, 0, leads[:1].ids)], "planned": planned}],
            )
            error = self.rpc_error(
                "mm_manager",
                "crm.lead.duplicate.mass.merge",
                "action_merge",
                [[wizard_id]],
                button=True,
            )
            self.assertIn("UserError: This dry run cannot be read", error, planned)
        self.assertFalse(leads.merged_into_id)
