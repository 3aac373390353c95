/**
 * The merge proposal when a lead is created: from crm's lead form (js_class
 * crm_form) and from the quick create of crm's lead kanban (crm_kanban), and
 * from nowhere else.
 */
import {
  contains,
  defineModels,
  fields,
  mockService,
  models,
  mountView,
  onRpc,
} from "@web/../tests/web_test_helpers";
import {expect, test} from "@odoo/hoot";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";

const PROPOSAL = {
  type: "ir.actions.act_window",
  res_model: "crm.lead.similar.proposal",
  views: [[false, "form"]],
  target: "new",
};

class CrmStage extends models.Model {
  _name = "crm.stage";

  name = fields.Char();

  _records = [
    {id: 1, name: "New"},
    {id: 2, name: "Won"},
  ];
}

class CrmLead extends models.Model {
  _name = "crm.lead";

  name = fields.Char();
  stage_id = fields.Many2one({relation: "crm.stage"});

  _records = [{id: 1, name: "Original quote", stage_id: 1}];
}

class Note extends models.Model {
  name = fields.Char();
  stage_id = fields.Many2one({relation: "crm.stage"});

  _records = [{id: 1, name: "A note", stage_id: 1}];
}

defineModels([CrmStage, CrmLead, Note]);
defineMailModels();

/**
 * Records each proposal asked for and each action done.
 *
 * @param {Object} proposal what the server answers
 */
function watchProposals(proposal) {
  onRpc("crm.lead", "action_similar_proposal", ({args}) => {
    expect.step(`proposal asked for ${args[0]}`);
    return proposal;
  });
  mockService("action", {
    doAction(action) {
      expect.step(`open ${action.res_model}`);
    },
  });
}

const KANBAN_CARD = `
    <templates>
        <t t-name="card"><field name="name"/></t>
    </templates>`;

test("lead form: a new lead saved opens the proposal", async () => {
  watchProposals(PROPOSAL);
  await mountView({
    type: "form",
    resModel: "crm.lead",
    arch: `<form js_class="crm_form"><field name="name"/></form>`,
  });
  await contains(".o_field_widget[name=name] input").edit("Duplicate quote");
  await contains(".o_form_button_save").click();
  expect.verifySteps(["proposal asked for 2", "open crm.lead.similar.proposal"]);
  // Saving the lead again is no creation: no proposal.
  await contains(".o_field_widget[name=name] input").edit("Duplicate quote 2");
  await contains(".o_form_button_save").click();
  expect.verifySteps([]);
});

test("lead form: no proposal when the server has none", async () => {
  watchProposals(false);
  await mountView({
    type: "form",
    resModel: "crm.lead",
    arch: `<form js_class="crm_form"><field name="name"/></form>`,
  });
  await contains(".o_field_widget[name=name] input").edit("Another quote");
  await contains(".o_form_button_save").click();
  expect.verifySteps(["proposal asked for 2"]);
});

test("lead form: an existing lead saved asks for nothing", async () => {
  watchProposals(PROPOSAL);
  await mountView({
    type: "form",
    resModel: "crm.lead",
    resId: 1,
    arch: `<form js_class="crm_form"><field name="name"/></form>`,
  });
  await contains(".o_field_widget[name=name] input").edit("Original quote 2");
  await contains(".o_form_button_save").click();
  expect.verifySteps([]);
});

test("pipeline: a lead quickly created opens the proposal", async () => {
  watchProposals(PROPOSAL);
  await mountView({
    type: "kanban",
    resModel: "crm.lead",
    groupBy: ["stage_id"],
    arch: `<kanban js_class="crm_kanban" on_create="quick_create">${KANBAN_CARD}</kanban>`,
  });
  await contains(".o_kanban_group:first-child .o_kanban_quick_add").click();
  await contains(".o_kanban_quick_create .o_input").edit("Duplicate quote");
  await contains(".o_kanban_quick_create .o_kanban_add").click();
  expect(".o_kanban_record:contains(Duplicate quote)").toHaveCount(1);
  expect.verifySteps(["proposal asked for 2", "open crm.lead.similar.proposal"]);
});

test("another model's kanban: a record quickly created asks for nothing", async () => {
  watchProposals(PROPOSAL);
  await mountView({
    type: "kanban",
    resModel: "note",
    groupBy: ["stage_id"],
    arch: `<kanban on_create="quick_create">${KANBAN_CARD}</kanban>`,
  });
  await contains(".o_kanban_group:first-child .o_kanban_quick_add").click();
  await contains(".o_kanban_quick_create .o_input").edit("Another note");
  await contains(".o_kanban_quick_create .o_kanban_add").click();
  expect(".o_kanban_record:contains(Another note)").toHaveCount(1);
  expect.verifySteps([]);
});

test("another model's form: a new record saved asks for nothing", async () => {
  watchProposals(PROPOSAL);
  await mountView({
    type: "form",
    resModel: "note",
    arch: `<form><field name="name"/></form>`,
  });
  await contains(".o_field_widget[name=name] input").edit("Another note");
  await contains(".o_form_button_save").click();
  expect.verifySteps([]);
});
