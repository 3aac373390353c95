"""Odoo's import of leads catches duplicates at the door: its test step
reports the rows that duplicate existing leads or each other, and the
import imports them all, skips the exact ones or merges them, as the user
chose; through the import's own calls (``base_import.import.execute_import``
with and without ``dryrun``), with its batches and its error lines."""

import csv
import io
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..engine import import_check
from .common import MergeInvariantsMixin, SimilarLeadsCase, run_scoring_job

FIELDS = ["name", "contact_name", "partner_name", "email_from", "phone"]
OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "encoding": "utf-8",
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
}


def csv_file(rows, fields=None):
    """A CSV file of ``rows`` (lists of values) under a header of ``fields``
    (``FIELDS`` by default)."""
    fields = FIELDS if fields is None else fields
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    writer.writerows(rows)
    return out.getvalue().encode()


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestImportDuplicates(MergeInvariantsMixin, SimilarLeadsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.similar_proposal = "off"
        Lead = cls.env["crm.lead"]
        # Existing leads: one of the own-leads salesperson, one of another
        # salesperson (the salesperson may not read it), a lost one.
        cls.anna = Lead.create(
            {
                "name": "Anna: kitchen renovation",
                "type": "lead",
                "contact_name": "Anna Berg",
                "email_from": "anna.berg@berg-kuechen.example",
                "phone": "+1 202 555 0101",
                "user_id": cls.salesman.id,
                "team_id": cls.team.id,
            }
        )
        cls.omar = Lead.create(
            {
                "name": "Omar: office chairs",
                "type": "lead",
                "contact_name": "Omar Haddad",
                "email_from": "omar@haddad-office.example",
                "phone": "+1 202 555 0102",
                "user_id": cls.salesman_all.id,
                "team_id": cls.team.id,
            }
        )
        cls.existing = cls.anna | cls.omar

    def _import(self, rows, user=None, choice=None, dryrun=False, **options):
        """``execute_import`` of a CSV of ``rows`` as ``user`` (the manager
        by default), with the choice for duplicates and the user's language
        in the context, as the web client sends it; returns its result."""
        user = user or self.manager
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .with_context(lang=user.lang)
            .create(
                {
                    "res_model": "crm.lead",
                    "file": csv_file(rows),
                    "file_type": "text/csv",
                    "file_name": "fair.csv",
                }
            )
        )
        options = {**OPTIONS, **options}
        if choice:
            options[import_check.OPTION] = choice
        return wizard.execute_import(FIELDS, FIELDS, options, dryrun=dryrun)

    def _rows(self):
        """A trade fair's list: Anna again (exact), Omar again with another
        mailbox (a duplicate, not exact: his number is all they share),
        Nina twice (exact duplicates of each other), someone new."""
        return [
            ["Fair: kitchen", "Anna Berg", "", "Anna.Berg@berg-kuechen.example", ""],
            ["Fair: chairs", "Omar Haddad", "", "o.haddad@gmail.com", "202-555-0102"],
            ["Fair: new roof", "Nina Roth", "", "nina@roth-dach.example", ""],
            ["Fair: roof again", "Nina Roth", "", "NINA@roth-dach.example", ""],
            ["Fair: garden", "Paul Frei", "", "paul@frei-garten.example", ""],
        ]

    def _imported(self, name):
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("name", "=", name)])
        )

    # ------------------------------------------------------------
    # THE TEST STEP: THE REPORT
    # ------------------------------------------------------------

    def test_test_step_reports_rows_and_leaves_nothing(self):
        before = self.env["crm.lead"].search_count([])
        result = self._import(self._rows(), dryrun=True)
        self.assertFalse(result["messages"])
        report = result[import_check.OPTION]
        self.assertEqual(report["count"], 3)
        self.assertEqual(report["exact"], 2)
        by_row = {line["row"]: line for line in report["lines"]}
        self.assertEqual(sorted(by_row), [1, 2, 4])
        anna = by_row[1]
        self.assertEqual(anna["klass"], "duplicate")
        self.assertTrue(anna["exact"])
        self.assertEqual(anna["lead_id"], self.anna.id)
        self.assertEqual(anna["lead_name"], self.anna.display_name)
        self.assertEqual(anna["salesperson"], "Sam Sales")
        self.assertGreaterEqual(anna["score"], self.env.company.similar_duplicate_score)
        self.assertEqual(anna["action_label"], "Will be imported as a new lead")
        omar = by_row[2]
        self.assertEqual(omar["lead_id"], self.omar.id)
        self.assertFalse(omar["exact"], "his number alone: not sure enough")
        nina = by_row[4]
        self.assertFalse(nina["lead_id"])
        self.assertEqual(nina["other_row"], 3, "a duplicate of row 3 of the file")
        self.assertTrue(nina["exact"])
        # The explanation on demand: each field's part of the score.
        why = self.env["crm.lead"].similar_import_explanation(
            anna["score"], anna["klass"], anna["contributions"]
        )
        self.assertIn("Same email", why)
        # A dry run: nothing stays.
        self.assertEqual(self.env["crm.lead"].search_count([]), before)
        self.assertFalse(self._imported("Fair: kitchen"))

    def test_test_step_as_own_leads_salesperson(self):
        """The salesperson who reads only their own leads is told about
        their own lead, never about another salesperson's."""
        result = self._import(self._rows(), user=self.salesman, dryrun=True)
        lines = result[import_check.OPTION]["lines"]
        self.assertEqual({line["row"] for line in lines}, {1, 4})
        self.assertNotIn(self.omar.id, {line["lead_id"] for line in lines})
        self.assertNotIn("Omar", str(lines))

    def test_test_step_plans_merges_without_merging(self):
        result = self._import(self._rows(), choice="merge", dryrun=True)
        report = result[import_check.OPTION]
        self.assertEqual(report["merged"], 2)
        labels = {line["row"]: line["action_label"] for line in report["lines"]}
        self.assertEqual(labels[1], f"Will be merged into {self.anna.display_name}")
        self.assertEqual(labels[4], "Will be merged into row 3")
        self.assertEqual(labels[2], "Will be imported as a new lead")
        self.assertFalse(self.anna.merged_lead_ids)
        self.assertFalse(self.env["crm.lead.merge.journal"].search([]))

    def test_explanation_refuses_what_it_cannot_read(self):
        Lead = self.env["crm.lead"]
        with self.assertRaisesRegex(UserError, "cannot be read"):
            Lead.similar_import_explanation(1.0, "duplicate", "not a list")
        with self.assertRaisesRegex(UserError, "cannot be read"):
            Lead.similar_import_explanation(1.0, "anything", [])

    # ------------------------------------------------------------
    # THE IMPORT: EVERYTHING, SKIP, MERGE
    # ------------------------------------------------------------

    def test_import_everything_flags_duplicates(self):
        result = self._import(self._rows())
        self.assertEqual(len(result["ids"]), 5)
        anna_again = self._imported("Fair: kitchen")
        self.assertTrue(anna_again.active)
        self.assertIn(self.anna, anna_again.similar_lead_ids)
        self.assertEqual(anna_again.similar_duplicate_count, 1)
        self.assertEqual(result[import_check.OPTION]["skipped"], 0)

    def test_skip_exact_duplicates(self):
        result = self._import(self._rows(), choice="skip")
        report = result[import_check.OPTION]
        self.assertEqual(report["skipped"], 2)
        self.assertFalse(self._imported("Fair: kitchen"), "Anna is known: skipped")
        self.assertFalse(self._imported("Fair: roof again"), "Nina's second row")
        for kept in ("Fair: chairs", "Fair: new roof", "Fair: garden"):
            self.assertTrue(self._imported(kept), kept)
        self.assertEqual(len(result["ids"]), 3)
        self.assertTrue(all(self.env["crm.lead"].browse(result["ids"]).exists()))
        self.assertFalse(self.anna.merged_lead_ids)

    def test_skip_as_own_leads_salesperson(self):
        """Skipping merges nothing: anyone who imports may skip (the leads
        they read)."""
        result = self._import(self._rows(), user=self.salesman, choice="skip")
        self.assertEqual(result[import_check.OPTION]["skipped"], 2)
        self.assertFalse(self._imported("Fair: kitchen"))
        self.assertTrue(self._imported("Fair: chairs"), "Omar's lead is not theirs")

    def test_merge_exact_duplicates_in_one_undoable_batch(self):
        self.omar.message_post(body="Omar called")
        result = self._import(self._rows(), choice="merge")
        report = result[import_check.OPTION]
        self.assertEqual(report["merged"], 2)
        anna_again = self._imported("Fair: kitchen")
        self.assertMerged(self.anna, anna_again)
        self.assertEqual(self.anna.user_id, self.salesman, "the existing lead's")
        nina, nina_again = (
            self._imported("Fair: new roof"),
            self._imported("Fair: roof again"),
        )
        self.assertMerged(nina, nina_again)
        self.assertTrue(self._imported("Fair: chairs").active, "not exact: new lead")
        self.assertFalse(self.omar.merged_lead_ids)
        journals = self.env["crm.lead.merge.journal"].search(
            [("master_id", "in", (self.anna | nina).ids)]
        )
        self.assertEqual(set(journals.mapped("origin")), {"import"})
        batch = journals.batch_id
        self.assertEqual(len(batch), 1, "one batch of merges for the import")
        self.assertEqual(batch.name, "Import of fair.csv")
        self.assertEqual(report["batch_id"], batch.id)
        note = self.anna.message_ids.filtered(
            lambda message: "Merged while importing" in (message.body or "")
        )
        self.assertTrue(note)
        # Undone as a whole: both imported rows back as new leads.
        action = batch.with_user(self.manager).action_undo()
        self.assertEqual(action["name"], "Undo: Import of fair.csv")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.merge_count, 2, "its button: Undo these merges")
        wizard.action_undo()
        self.assertTrue(anna_again.active)
        self.assertFalse(anna_again.merged_into_id)
        self.assertTrue(nina_again.active)
        self.assertEqual(batch.state, "undone")

    def test_a_row_shows_the_exact_duplicate_it_goes_to(self):
        """A row closer to one lead (same mailbox, number, company and
        request, no contact's name) than to its exact duplicate: it shows
        the exact one, which it is merged into, and the counts agree with
        the rows marked."""
        jonas = self.env["crm.lead"].create(
            {
                "name": "Fair: kitchen",
                "type": "lead",
                "partner_name": "Berg Küchen",
                "email_from": "anna.berg@berg-kuechen.example",
                "phone": "+1 202 555 0101",
                "team_id": self.team.id,
            }
        )
        row = [
            "Fair: kitchen",
            "Anna Berg",
            "Berg Küchen",
            "anna.berg@berg-kuechen.example",
            "+1 202 555 0101",
        ]
        for dryrun in (True, False):
            report = self._import([row], choice="merge", dryrun=dryrun)[
                import_check.OPTION
            ]
            [line] = report["lines"]
            self.assertTrue(line["exact"], line)
            self.assertEqual(line["lead_id"], self.anna.id, line)
            self.assertIn(self.anna.name, line["action_label"])
            self.assertEqual(report["exact"], 1)
        self.assertEqual(report["merged"], 1)
        self.assertMerged(self.anna, self._imported("Fair: kitchen") - jonas)

    def test_merge_never_possible_or_related(self):
        """A possible duplicate and a colleague of the same organisation are
        reported (the possible one) and imported, never merged."""
        rows = [
            # Anna's name and company mailbox domain, another mailbox: possible
            ["Fair: showroom", "Anna Berg", "", "info@berg-kuechen.example", ""],
            # A colleague of Anna's company: related, not reported
            ["Fair: kitchen 2", "Jonas Berg", "", "jonas@berg-kuechen.example", ""],
        ]
        result = self._import(rows, choice="merge")
        report = result[import_check.OPTION]
        self.assertEqual(report["merged"], 0)
        self.assertTrue(self._imported("Fair: showroom").active)
        self.assertTrue(self._imported("Fair: kitchen 2").active)
        self.assertFalse(self.anna.merged_lead_ids)
        for line in report["lines"]:
            self.assertNotEqual(line["klass"], "related")
            self.assertFalse(line["exact"])

    def test_merge_refused_to_who_may_not_merge(self):
        """The own-leads salesperson and the all-leads salesperson may not
        merge in bulk: an error line of the import, at the test step and at
        the import, and nothing imported."""
        for user in (self.salesman, self.salesman_all):
            for dryrun in (True, False):
                result = self._import(
                    self._rows(), user=user, choice="merge", dryrun=dryrun
                )
                [message] = result["messages"]
                self.assertEqual(message["type"], "error")
                self.assertIn("Only sales managers can merge", message["message"])
                self.assertNotIn("ids", result)
        self.assertFalse(self._imported("Fair: kitchen"))

    def test_unknown_choice_is_an_error_line(self):
        result = self._import(self._rows(), choice="delete")
        [message] = result["messages"]
        self.assertIn("is not a choice", message["message"])
        self.assertFalse(self._imported("Fair: kitchen"))

    def test_refusal_in_french_and_german(self):
        for lang in ("fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["crm_similar_leads"], ["fr_FR", "de_DE"], overwrite=True
        )
        expected = {
            "fr_FR": "Seuls les responsables commerciaux",
            "de_DE": "Nur Vertriebsleiter",
        }
        for lang, words in expected.items():
            self.salesman.lang = lang
            result = self._import(self._rows(), user=self.salesman, choice="merge")
            self.assertIn(words, result["messages"][0]["message"], lang)

    # ------------------------------------------------------------
    # BATCHES, ERRORS, FAILURES
    # ------------------------------------------------------------

    def test_batches_number_rows_and_share_one_batch_of_merges(self):
        """The import's batches (``limit``/``skip``): rows numbered in the
        file; a row of an earlier batch is an existing lead for the next
        (committed by then); all merges in one batch of merges."""
        rows = [
            ["Fair: garden", "Paul Frei", "", "paul@frei-garten.example", ""],
            ["Fair: kitchen", "Anna Berg", "", "anna.berg@berg-kuechen.example", ""],
            ["Fair: garden 2", "Paul Frei", "", "PAUL@frei-garten.example", ""],
            ["Fair: chairs", "Omar Haddad", "", "omar@haddad-office.example", ""],
        ]
        wizard = self.env["base_import.import"].create(
            {
                "res_model": "crm.lead",
                "file": csv_file(rows),
                "file_type": "text/csv",
                "file_name": "fair.csv",
            }
        )
        options = {**OPTIONS, import_check.OPTION: "merge", "limit": 2, "skip": 0}
        first = wizard.execute_import(FIELDS, FIELDS, dict(options))
        self.assertEqual(first["nextrow"], 2)
        self.assertEqual(
            [line["row"] for line in first[import_check.OPTION]["lines"]], [2]
        )
        second = wizard.execute_import(FIELDS, FIELDS, {**options, "skip": 2})
        report = second[import_check.OPTION]
        self.assertEqual([line["row"] for line in report["lines"]], [3, 4])
        paul = self._imported("Fair: garden")
        self.assertMerged(paul, self._imported("Fair: garden 2"))
        self.assertMerged(self.anna, self._imported("Fair: kitchen"))
        self.assertMerged(self.omar, self._imported("Fair: chairs"))
        journals = self.env["crm.lead.merge.journal"].search(
            [("master_id", "in", (paul | self.existing).ids)]
        )
        self.assertEqual(len(journals), 3)
        self.assertEqual(len(journals.batch_id), 1)
        self.assertEqual(report["batch_id"], journals.batch_id.id)

    def test_malformed_rows_get_the_import_error_lines(self):
        """Values the import cannot read (a number, when the file is parsed;
        a country, when the rows are loaded): core's error lines, no report,
        nothing imported, nothing merged (the batch's good rows included)."""
        for column, bad in (("probability", "lots"), ("country_id", "Atlantis")):
            fields = [*FIELDS, column]
            wizard = self.env["base_import.import"].create(
                {
                    "res_model": "crm.lead",
                    "file": csv_file(
                        [
                            [*self._rows()[0], ""],
                            ["Fair: bad", "Bad Row", "", "bad@row.example", "", bad],
                        ],
                        fields,
                    ),
                    "file_type": "text/csv",
                    "file_name": "bad.csv",
                }
            )
            for dryrun in (True, False):
                result = wizard.execute_import(
                    fields,
                    fields,
                    {**OPTIONS, import_check.OPTION: "merge"},
                    dryrun=dryrun,
                )
                self.assertFalse(result.get("ids"), column)
                [message] = result["messages"]
                self.assertEqual(message["type"], "error")
                self.assertIn(bad, message["message"])
                self.assertNotIn(import_check.OPTION, result)
        self.assertFalse(self._imported("Fair: kitchen"))
        self.assertFalse(self.anna.merged_lead_ids)

    def test_failing_check_rolls_the_batch_back(self):
        """The check fails after some merges: the whole batch is rolled back
        (no row imported, no merge left half done) and told as an import
        error, not a traceback."""
        original = import_check.ImportCheck._act

        def act_then_fail(check, Lead, lines, result):
            original(check, Lead, lines, result)
            raise UserError("The check broke down")  # pylint: disable=translation-required

        with patch.object(import_check.ImportCheck, "_act", act_then_fail):
            result = self._import(self._rows(), choice="merge")
        self.assertFalse(result["ids"])
        self.assertEqual(result["messages"][0]["message"], "The check broke down")
        self.assertFalse(self._imported("Fair: kitchen"))
        self.assertFalse(self.anna.merged_lead_ids)
        self.assertFalse(
            self.env["crm.lead.merge.journal"].search([("origin", "=", "import")])
        )

    def test_a_refused_merge_leaves_a_new_lead(self):
        """A merge the engine refuses (here: the existing lead is being
        changed by someone else) leaves the row a new lead, says why, and
        the other merges happen."""
        original = import_check.LeadMerge.run

        def run(merge):
            if self.anna in merge.leads:
                raise UserError(  # pylint: disable=translation-required
                    "Someone else is changing or merging these leads"
                )
            return original(merge)

        with patch.object(import_check.LeadMerge, "run", run):
            result = self._import(self._rows(), choice="merge")
        report = result[import_check.OPTION]
        self.assertEqual((report["merged"], report["not_merged"]), (1, 1))
        labels = {line["row"]: line["action_label"] for line in report["lines"]}
        self.assertIn("not merged: Someone else is changing", labels[1])
        self.assertTrue(self._imported("Fair: kitchen").active)
        self.assertFalse(self.anna.merged_lead_ids)
        self.assertMerged(
            self._imported("Fair: new roof"), self._imported("Fair: roof again")
        )

    def test_sample_file_offered_with_the_demo_data(self):
        templates = self.env["crm.lead"].get_import_templates()
        urls = [template["template"] for template in templates]
        self.assertIn("/crm/static/xls/crm_lead.xls", urls, "core's template too")
        sample = "/crm_similar_leads/static/samples/trade_fair_leads.csv"
        if self.env.ref("crm_similar_leads.lead_robin_website", False):
            self.assertIn(sample, urls)
        else:
            self.assertNotIn(sample, urls)

    def test_other_models_import_as_before(self):
        wizard = self.env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": b"name,email\nAnna Berg,anna.berg@berg-kuechen.example\n",
                "file_type": "text/csv",
                "file_name": "partners.csv",
            }
        )
        result = wizard.execute_import(
            ["name", "email"],
            ["name", "email"],
            {**OPTIONS, import_check.OPTION: "merge"},
        )
        self.assertEqual(len(result["ids"]), 1)
        self.assertNotIn(import_check.OPTION, result)


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestImportDuplicatesUi(HttpCase):
    """The import screen, with the sample file of the demo data's duplicates."""

    def test_import_screen(self):
        robin = self.env.ref("crm_similar_leads.lead_robin_website", False)
        if not robin:
            self.skipTest("needs the addon's demo data")
        run_scoring_job(self.env)
        self.start_tour(
            "/odoo/crm", "crm_similar_leads_import_duplicates", login="admin"
        )
        Lead = self.env["crm.lead"].with_context(active_test=False)
        robin_again = Lead.search([("name", "=", "Trade fair: timber frame extension")])
        self.assertEqual(robin_again.merged_into_id, robin)
        sofia = Lead.search([("contact_name", "=", "Sofia Rossi")], order="id")
        self.assertEqual(len(sofia), 2)
        self.assertEqual(sofia[1].merged_into_id, sofia[0])
        lena = Lead.search([("name", "=", "Trade fair: roof insulation")])
        self.assertTrue(lena.active, "a possible duplicate: a new lead")
        batch = self.env["crm.lead.merge.batch"].search(
            [("name", "=", "Import of trade_fair_leads.csv")]
        )
        self.assertEqual(len(batch.journal_ids), 3)
        self.assertEqual(set(batch.journal_ids.mapped("origin")), {"import"})
