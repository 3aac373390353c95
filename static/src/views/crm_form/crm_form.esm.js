/**
 * The lead form of crm (js_class "crm_form"), extended in place: saving a new lead
 * proposes to merge it with its strong duplicates. The view keeps its name,
 * so the lead form's arch is unchanged and whatever else extends crm's form
 * still applies; no other model's form is touched.
 */
import "@crm/views/crm_form/crm_form";
import {proposeMerge} from "@crm_similar_leads/views/propose_merge.esm";
import {registry} from "@web/core/registry";

const viewRegistry = registry.category("views");
const crmFormView = viewRegistry.get("crm_form");

export class SimilarLeadsFormRecord extends crmFormView.Model.Record {
  /**
   * Once a new lead is saved (and reloaded), asks for the merge proposal.
   *
   * @override
   */
  async _save() {
    const wasNew = this.isNew;
    const saved = await super._save(...arguments);
    if (saved && wasNew && this.resModel === "crm.lead" && this.resId) {
      await proposeMerge(this.model.orm, this.model.action, this.resId);
    }
    return saved;
  }
}

export class SimilarLeadsFormModel extends crmFormView.Model {
  static Record = SimilarLeadsFormRecord;
  static services = [...crmFormView.Model.services, "action"];

  setup(params, services) {
    super.setup(...arguments);
    this.action = services.action;
  }
}

export const similarLeadsFormView = {
  ...crmFormView,
  Model: SimilarLeadsFormModel,
};

viewRegistry.add("crm_form", similarLeadsFormView, {force: true});
