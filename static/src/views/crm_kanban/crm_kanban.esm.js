/**
 * The lead kanban views of crm (js_class "crm_kanban", the pipeline, and
 * "forecast_kanban"), extended in place: a lead added with the kanban's quick
 * create proposes to merge it with its strong duplicates. Only these views'
 * renderers change; the quick create of every other kanban is untouched.
 */
import "@crm/views/crm_kanban/crm_kanban_view";
import "@crm/views/forecast_kanban/forecast_kanban_view";
import {proposeMerge} from "@crm_similar_leads/views/propose_merge.esm";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * @param {Function} Renderer a renderer of crm's lead kanban views
 * @returns {Function} the renderer, proposing a merge after a quick create
 */
export function withMergeProposal(Renderer) {
  return class extends Renderer {
    setup() {
      super.setup(...arguments);
      this.similarLeadsOrm = useService("orm");
      this.similarLeadsAction = useService("action");
    }

    /**
     * @override
     */
    async validateQuickCreate(recordId) {
      await super.validateQuickCreate(...arguments);
      if (this.props.list.resModel === "crm.lead") {
        await proposeMerge(this.similarLeadsOrm, this.similarLeadsAction, recordId);
      }
    }
  };
}

const viewRegistry = registry.category("views");
for (const name of ["crm_kanban", "forecast_kanban"]) {
  const view = viewRegistry.get(name);
  viewRegistry.add(
    name,
    {...view, Renderer: withMergeProposal(view.Renderer)},
    {force: true}
  );
}
