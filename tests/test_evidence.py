"""The table of evidence is the one home of every level: scoring emits only
its levels, at its weights; every level has its words, its reason and its
translations; the README's table is the table's."""

import re
from pathlib import Path

from markupsafe import escape

from odoo.tests import BaseCase, TransactionCase, tagged

from ..engine import explanation
from ..tools import evidence
from .labelled_pairs import PAIRS
from .test_scoring import compare

PROJECT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"<!-- evidence-table -->\n(.*?)<!-- /evidence-table -->", re.DOTALL)


def _normalized(table):
    """The rows of a markdown table as lists of cells, whatever the padding
    (prettier aligns the columns of the documents)."""
    rows = []
    for line in table.splitlines():
        if not line.strip().startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if all(cell and set(cell) <= set("-:") for cell in cells):
            cells = ["---:" if cell.endswith(":") else "---" for cell in cells]
        rows.append(cells)
    return rows


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestEvidenceTable(BaseCase):
    def test_every_level_is_complete_and_once(self):
        keys = [(level.field, level.key) for level in evidence.LEVELS]
        self.assertEqual(len(keys), len(set(keys)))
        fields = {field.key for field in evidence.FIELDS}
        for level in evidence.LEVELS:
            self.assertIn(level.field, fields)
            self.assertTrue(level.when and level.why and level.label, level)
        for field in evidence.FIELDS:
            self.assertTrue(
                [level for level in evidence.LEVELS if level.field == field.key], field
            )

    def test_scoring_emits_the_tables_levels_at_their_weights(self):
        seen = set()
        for pair in PAIRS:
            for part in compare(pair).contributions:
                level = evidence.level(part.field, part.level)  # KeyError if not
                seen.add((part.field, part.level))
                if not level.shared:
                    self.assertEqual(part.weight, level.bits, part)
                else:
                    self.assertLessEqual(part.weight, level.bits, part)
        self.assertGreater(len(seen), len(evidence.LEVELS) // 2)

    def test_a_shared_value_weighs_less(self):
        same = evidence.level("email", "same")
        self.assertEqual(same.weight(2), 9.0)
        self.assertAlmostEqual(same.weight(5), 7.0)
        self.assertEqual(same.weight(10_000), 0.5, "never less than its floor")
        self.assertEqual(evidence.level("deal", "other").weight(50), -32.0)

    def test_the_readme_shows_the_table(self):
        documents = [PROJECT / "README.md", *(PROJECT / "docs").glob("*.md")]
        shown = [
            match[1]
            for path in documents
            if path.exists()
            for match in BLOCK.finditer(path.read_text())
        ]
        self.assertTrue(shown, "a document shows the weight table")
        for table in shown:
            self.assertEqual(
                _normalized(table),
                _normalized(evidence.markdown_table()),
                "stale: run dev/evidence-table",
            )


@tagged("post_install", "-at_install", "crm_similar_leads")
class TestEvidenceWords(TransactionCase):
    def test_every_label_is_translated(self):
        for lang in ("fr_FR", "de_DE"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["crm_similar_leads"], ["fr_FR", "de_DE"], overwrite=True
        )
        for lang in ("fr_FR", "de_DE"):
            env = self.env(context={"lang": lang})
            for level in evidence.LEVELS:
                words = explanation.level_label(env, level.field, level.key)
                self.assertNotEqual(words, level.label, f"{lang}: {level.label}")
            for field in evidence.FIELDS:
                words = explanation.field_agreement(env, field.key)
                self.assertNotEqual(
                    words, field.agreement, f"{lang}: {field.agreement}"
                )

    def test_the_queue_and_settings_read_the_table(self):
        group = self.env["crm.lead.duplicate.group"]
        reasons = dict(group._fields["reason"]._description_selection(self.env))
        self.assertEqual(set(reasons), {field.key for field in evidence.FIELDS})
        settings = self.env["res.config.settings"].create({})
        for level in evidence.LEVELS:
            self.assertIn(str(escape(level.label)), settings.similar_evidence)

    def test_a_neutral_level_reads_without_sign_nor_colour(self):
        """A level that weighs nothing (the same street in another town) is
        neither for nor against: "0.0", muted, not a red "+0.0"."""
        settings = self.env["res.config.settings"].create({})
        table = str(settings.similar_evidence)
        label = str(escape(evidence.level("address", "street_elsewhere").label))
        row = table[table.index(label) :].split("</tr>")[0]
        self.assertIn("text-muted", row)
        self.assertNotIn("+0.0", row)
        self.assertIn("0.0", row)
