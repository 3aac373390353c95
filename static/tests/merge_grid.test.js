/**
 * The merge window's grid (field widget crm_similar_merge_grid): one column
 * per record, one row per value that differs, choosing a value, keeping a
 * record; a choice list per field when the records are too many to fit.
 */
import {
  contains,
  defineModels,
  fields,
  models,
  mountView,
  onRpc,
} from "@web/../tests/web_test_helpers";
import {expect, test} from "@odoo/hoot";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {queryAllTexts} from "@odoo/hoot-dom";

const LEAD_NAMES = [
  "Original quote",
  "Duplicate quote",
  "Extra quote",
  "Fourth quote",
  "Fifth quote",
  "Sixth quote",
];

class CrmLead extends models.Model {
  _name = "crm.lead";

  name = fields.Char();

  _records = LEAD_NAMES.map((name, index) => ({id: index + 1, name}));
}

class MergeWizardLine extends models.Model {
  _name = "crm.lead.merge.wizard.line";

  wizard_id = fields.Many2one({relation: "crm.lead.merge.wizard"});
  sequence = fields.Integer();
  key = fields.Char();
  label = fields.Char();
  values_by_lead = fields.Json();
  chosen_lead_id = fields.Many2one({relation: "crm.lead"});

  _records = [
    {
      id: 1,
      wizard_id: 1,
      sequence: 0,
      key: "email_from",
      label: "Email",
      values_by_lead: {
        1: "anna@example.com",
        2: "ANNA@example.com",
        3: "anna.b@example.com",
      },
      chosen_lead_id: 1,
    },
    {
      id: 2,
      wizard_id: 1,
      sequence: 1,
      key: "phone",
      label: "Phone",
      values_by_lead: {2: "+33 1 23 45 67 89"},
      chosen_lead_id: 2,
    },
    {
      id: 3,
      wizard_id: 2,
      sequence: 0,
      key: "name",
      label: "Opportunity",
      values_by_lead: Object.fromEntries(
        LEAD_NAMES.map((name, index) => [index + 1, name])
      ),
      chosen_lead_id: 1,
    },
  ];
}

/**
 * @param {Array} leadIds
 * @returns {Array} the wizard's columns, as the server computes them
 */
function columns(leadIds) {
  return leadIds.map((id) => ({
    id,
    name: LEAD_NAMES[id - 1],
    details: `Opportunity · lead ${id}`,
  }));
}

class MergeWizard extends models.Model {
  _name = "crm.lead.merge.wizard";

  master_lead_id = fields.Many2one({relation: "crm.lead"});
  merge_columns = fields.Json();
  line_ids = fields.One2many({
    relation: "crm.lead.merge.wizard.line",
    relation_field: "wizard_id",
  });

  _records = [
    {id: 1, master_lead_id: 1, merge_columns: columns([1, 2, 3]), line_ids: [1, 2]},
    {
      id: 2,
      master_lead_id: 1,
      merge_columns: columns([1, 2, 3, 4, 5, 6]),
      line_ids: [3],
    },
  ];
}

defineModels([CrmLead, MergeWizard, MergeWizardLine]);
defineMailModels();

const ARCH = `
    <form>
        <field name="master_lead_id"/>
        <field name="merge_columns" invisible="1"/>
        <field name="line_ids" widget="crm_similar_merge_grid"/>
    </form>`;

/**
 * @param {Number} resId the wizard shown
 * @returns {Promise} the form view mounted
 */
function mountWizard(resId) {
  return mountView({
    type: "form",
    resModel: "crm.lead.merge.wizard",
    resId,
    arch: ARCH,
  });
}

test("one column per record, the record kept checked", async () => {
  await mountWizard(1);
  expect(".o_crm_similar_merge_grid_table").toHaveCount(1);
  expect(".o_crm_similar_merge_grid_list").toHaveCount(0);
  expect("thead th[data-lead-id]").toHaveCount(3);
  expect(queryAllTexts("thead .o_crm_similar_merge_grid_name")).toEqual([
    "Original quote",
    "Duplicate quote",
    "Extra quote",
  ]);
  expect("thead th[data-lead-id='2'] .text-muted").toHaveText("Opportunity · lead 2");
  expect("input.o_crm_similar_keep").toHaveCount(3);
  expect("thead th[data-lead-id='1']").toHaveClass("table-info");
  expect("thead th[data-lead-id='1'] input.o_crm_similar_keep").toBeChecked();
  expect("thead th[data-lead-id='2'] input.o_crm_similar_keep").not.toBeChecked();
  expect(queryAllTexts("thead label")).toEqual([
    "Keep this record",
    "Keep this record",
    "Keep this record",
  ]);
});

test("one row per value that differs, a choice per record that has one", async () => {
  await mountWizard(1);
  expect("tbody tr").toHaveCount(2);
  expect(queryAllTexts("tbody tr th")).toEqual(["Email", "Phone"]);
  expect("tr[data-key=email_from] input.o_crm_similar_choose").toHaveCount(3);
  expect(queryAllTexts("tr[data-key=email_from] td")).toEqual([
    "anna@example.com",
    "ANNA@example.com",
    "anna.b@example.com",
  ]);
  // A record without a value offers no choice.
  expect("tr[data-key=phone] input.o_crm_similar_choose").toHaveCount(1);
  expect(queryAllTexts("tr[data-key=phone] td")).toEqual([
    "—",
    "+33 1 23 45 67 89",
    "—",
  ]);
  // The value chosen by default (the server's) is marked and checked.
  expect("tr[data-key=email_from] td.table-success").toHaveCount(1);
  expect("tr[data-key=email_from] td[data-lead-id='1']").toHaveClass("table-success");
  expect("tr[data-key=email_from] td[data-lead-id='1'] input").toBeChecked();
  expect("tr[data-key=phone] td[data-lead-id='2'] input").toBeChecked();
});

test("choosing a value marks it and saves it on its line", async () => {
  onRpc("web_save", ({args}) => {
    expect.step("web_save");
    expect(args[1]).toEqual({line_ids: [[1, 1, {chosen_lead_id: 3}]]});
  });
  await mountWizard(1);
  await contains("tr[data-key=email_from] td[data-lead-id='3'] input").click();
  expect("tr[data-key=email_from] td.table-success").toHaveCount(1);
  expect("tr[data-key=email_from] td[data-lead-id='3']").toHaveClass("table-success");
  expect("tr[data-key=email_from] td[data-lead-id='3'] input").toBeChecked();
  expect("tr[data-key=email_from] td[data-lead-id='1'] input").not.toBeChecked();
  // The other lines keep their choice.
  expect("tr[data-key=phone] td[data-lead-id='2']").toHaveClass("table-success");
  await contains(".o_form_button_save").click();
  expect.verifySteps(["web_save"]);
});

test("keeping another record changes the record kept", async () => {
  onRpc("web_save", ({args}) => {
    expect.step("web_save");
    expect(args[1]).toEqual({master_lead_id: 2});
  });
  await mountWizard(1);
  await contains("thead th[data-lead-id='2'] input.o_crm_similar_keep").click();
  expect("thead th[data-lead-id='2']").toHaveClass("table-info");
  expect("thead th[data-lead-id='1']").not.toHaveClass("table-info");
  expect("thead th[data-lead-id='2'] input.o_crm_similar_keep").toBeChecked();
  expect(".o_field_widget[name=master_lead_id] input").toHaveValue("Duplicate quote");
  // The values chosen do not change with the record kept.
  expect("tr[data-key=email_from] td[data-lead-id='1']").toHaveClass("table-success");
  await contains(".o_form_button_save").click();
  expect.verifySteps(["web_save"]);
});

test("more records than fit side by side: a choice list per field", async () => {
  onRpc("web_save", ({args}) => {
    expect.step("web_save");
    expect(args[1]).toEqual({line_ids: [[1, 3, {chosen_lead_id: 4}]]});
  });
  await mountWizard(2);
  expect(".o_crm_similar_merge_grid_table").toHaveCount(0);
  expect(".o_crm_similar_merge_grid_list tr[data-key=name]").toHaveCount(1);
  expect(queryAllTexts("tr[data-key=name] option")).toEqual(
    LEAD_NAMES.map((name) => `${name} (${name})`)
  );
  expect("tr[data-key=name] select").toHaveValue("1");
  await contains("tr[data-key=name] select").select("4");
  expect("tr[data-key=name] select").toHaveValue("4");
  await contains(".o_form_button_save").click();
  expect.verifySteps(["web_save"]);
});
