/**
 * Proposes to merge a lead as soon as it is saved with strong duplicates
 * (form view and kanban quick create). The server decides: it returns the
 * proposal window, or nothing when the company turned it off or the lead
 * has no strong duplicate.
 */
import { patch } from "@web/core/utils/patch";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KanbanRecordQuickCreate } from "@web/views/kanban/kanban_record_quick_create";

async function proposeMerge(orm, action, leadId) {
    const proposal = await orm.call("crm.lead", "action_similar_proposal", [[leadId]]);
    if (proposal) {
        await action.doAction(proposal);
    }
}

const crmFormView = registry.category("views").get("crm_form");

class SimilarLeadsFormRecord extends crmFormView.Model.Record {
    async _save() {
        const wasNew = this.isNew;
        const saved = await super._save(...arguments);
        if (saved && wasNew && this.resModel === "crm.lead" && this.resId) {
            await proposeMerge(this.model.orm, this.model.action, this.resId);
        }
        return saved;
    }
}

class SimilarLeadsFormModel extends crmFormView.Model {
    static Record = SimilarLeadsFormRecord;
    static services = [...crmFormView.Model.services, "action"];

    setup(params, services) {
        super.setup(...arguments);
        this.action = services.action;
    }
}

registry.category("views").add("crm_similar_leads_form", {
    ...crmFormView,
    Model: SimilarLeadsFormModel,
});

patch(KanbanRecordQuickCreate.prototype, {
    setup() {
        super.setup(...arguments);
        this.similarLeadsOrm = useService("orm");
        this.similarLeadsAction = useService("action");
    },
    async getQuickCreateProps(props) {
        await super.getQuickCreateProps(...arguments);
        if (props.group.resModel !== "crm.lead") {
            return;
        }
        const onValidate = this.quickCreateProps.onValidate;
        this.quickCreateProps.onValidate = async (resId, mode) => {
            await onValidate(resId, mode);
            await proposeMerge(this.similarLeadsOrm, this.similarLeadsAction, resId);
        };
    },
});
