/**
 * The import screen's duplicates: the reports of an import's batches added up,
 * and the sentences that tell what the Test step found and what the import did
 * (one message for one row, another for several).
 */
import {
  addReport,
  importSummary,
  testSummary,
} from "@crm_similar_leads/views/import_duplicates/import_duplicates.esm";
import {beforeEach, expect, test} from "@odoo/hoot";
import {allowTranslations} from "@web/../tests/web_test_helpers";

// The sentences are translated terms: read as the screen reads them.
beforeEach(allowTranslations);

function report(values) {
  return {
    choice: "merge",
    count: 0,
    exact: 0,
    skipped: 0,
    merged: 0,
    not_merged: 0,
    batch_id: false,
    lines: [],
    ...values,
  };
}

/** The sentences as the screen shows them (``_t`` may give lazy strings). */
function texts(sentences) {
  return sentences.map(String);
}

test("the batches of one import make one report", () => {
  const first = report({count: 2, exact: 1, merged: 1, batch_id: 7, lines: [{row: 3}]});
  const second = report({count: 1, exact: 1, merged: 1, lines: [{row: 2005}]});
  const total = addReport(addReport(null, first), second);
  expect(total.count).toBe(3);
  expect(total.merged).toBe(2);
  expect(total.batch_id).toBe(7);
  expect(total.lines.map((line) => line.row)).toEqual([3, 2005]);
  expect(first.lines.length).toBe(1);
});

test("the Test step's message: one row, several rows", () => {
  expect(texts(testSummary(report({count: 1, exact: 1, merged: 1})))).toEqual([
    "One row is a duplicate or a possible duplicate (see below).",
    "One exact duplicate will be merged into the lead it duplicates.",
  ]);
  expect(
    texts(testSummary(report({choice: "skip", count: 4, exact: 3, skipped: 3})))
  ).toEqual([
    "4 rows are duplicates or possible duplicates (see below).",
    "3 exact duplicates will be skipped.",
  ]);
  expect(texts(testSummary(report({choice: "import", count: 2, exact: 2})))).toEqual([
    "2 rows are duplicates or possible duplicates (see below).",
  ]);
});

test("what the import did: skipped, merged, not merged", () => {
  expect(texts(importSummary(report({choice: "import", count: 3})))).toEqual([]);
  expect(texts(importSummary(report({merged: 2, not_merged: 1})))).toEqual([
    "2 rows were exact duplicates: merged into the leads they duplicate.",
    "One exact duplicate could not be merged: imported as a new lead.",
  ]);
  expect(texts(importSummary(report({choice: "skip", skipped: 1})))).toEqual([
    "One row was an exact duplicate: skipped.",
  ]);
});
