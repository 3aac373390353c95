/**
 * Scores in lists (field widget crm_similar_signed_float): a negative score
 * reads with the minus sign of the explanations beside it.
 */
import {defineModels, fields, models, mountView} from "@web/../tests/web_test_helpers";
import {expect, test} from "@odoo/hoot";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {queryAllTexts} from "@odoo/hoot-dom";

class CrmLead extends models.Model {
  _name = "crm.lead";

  name = fields.Char();
  similar_score = fields.Float();

  _records = [
    {id: 1, name: "Unlike", similar_score: -6.5},
    {id: 2, name: "Alike", similar_score: 16},
  ];
}

defineMailModels();
defineModels([CrmLead]);

test("a negative score reads with a minus sign, a positive one unchanged", async () => {
  await mountView({
    type: "list",
    resModel: "crm.lead",
    arch: `<list>
      <field name="name"/>
      <field name="similar_score" widget="crm_similar_signed_float" digits="[16, 1]"/>
    </list>`,
  });
  expect(queryAllTexts(".o_data_cell[name=similar_score]")).toEqual([
    "\u22126.5",
    "16.0",
  ]);
});
