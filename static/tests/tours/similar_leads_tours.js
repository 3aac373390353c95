import { registry } from "@web/core/registry";

/** Saving a new lead that duplicates an existing one proposes the merge. */
registry.category("web_tour.tours").add("crm_similar_leads_proposal", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=name] textarea",
            run: "edit Duplicate tour quote",
        },
        {
            trigger: ".o_field_widget[name=email_from] input",
            run: "edit Tour.Original@tour-dup.example",
        },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".modal .o_data_row:contains(Original tour quote) .o_crm_similar_explanation:contains(Same email)" },
        { trigger: ".modal button[name=action_merge]", run: "click" },
        {
            trigger: ".modal .o_field_widget[name=master_lead_id] input:value(Original tour quote)",
            content: "the record created first is kept",
        },
        { trigger: ".modal footer button[name=action_merge]", run: "click" },
        { trigger: ".o_breadcrumb:contains(Original tour quote)" },
        { trigger: ".o-mail-Message:contains(merged Duplicate tour quote into this one)" },
    ],
});

/** Similar Leads button, reasons, list, Action > Merge, salesperson, add a
 * line, pick a value, merge, land on the merged opportunity. */
registry.category("web_tour.tours").add("crm_similar_leads_merge_flow", {
    steps: () => [
        { trigger: "button[name=action_open_similar_leads]", run: "click" },
        { trigger: ".o_kanban_record:contains(Duplicate flow quote) .o_crm_similar_explanation:contains(Same email)" },
        { trigger: ".o_kanban_record:contains(Original flow quote) .badge:contains(This lead)" },
        { trigger: "button.o_switch_view.o_list", run: "click" },
        { trigger: ".o_list_view .o_data_row:contains(Duplicate flow quote)" },
        { trigger: ".o_list_view thead .o_list_record_selector input", run: "click" },
        { trigger: ".o_cp_action_menus button:has(.fa-cog)", run: "click" },
        { trigger: ".o-dropdown--menu .o-dropdown-item:contains(Merge)", run: "click" },
        { trigger: ".modal .o_field_widget[name=user_id] input", run: "edit Flow Seller" },
        { trigger: ".o-autocomplete--dropdown-item:contains(Flow Seller)", run: "click" },
        {
            trigger: ".modal .o_field_widget[name=lead_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: ".modal .o_searchview_input", run: "edit Extra flow quote" },
        { trigger: ".modal .o_searchview_input", run: "press Enter" },
        { trigger: ".modal .o_list_view .o_data_row:contains(Extra flow quote) td.o_data_cell", run: "click" },
        { trigger: ".modal .o_field_widget[name=lead_ids] .o_data_row:contains(Extra flow quote)" },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Email) td[name=chosen_lead_id]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(Email) .o_field_widget[name=chosen_lead_id] input",
            run: "edit Extra flow quote",
        },
        { trigger: ".o-autocomplete--dropdown-item:contains(Extra flow quote)", run: "click" },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:contains(flow.extra@flow-dup.example)",
            content: "the chosen email is shown",
        },
        { trigger: ".modal footer button[name=action_merge]", run: "click" },
        { trigger: ".o_breadcrumb:contains(Original flow quote)" },
        { trigger: ".o-mail-Message:contains(merged 2 records into this one)" },
    ],
});

/** The same proposal from the pipeline's kanban quick create. */
registry.category("web_tour.tours").add("crm_similar_leads_quick_create", {
    steps: () => [
        { trigger: ".o_kanban_group:first-child .o_kanban_quick_add", run: "click" },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
            run: "edit Duplicate quick quote",
        },
        {
            trigger: ".o_kanban_quick_create .o_field_widget[name=email_from] input",
            run: "edit quick.original@quick-dup.example",
        },
        { trigger: ".o_kanban_quick_create .o_kanban_add", run: "click" },
        { trigger: ".modal .o_data_row:contains(Original quick quote) .o_crm_similar_explanation:contains(Same email)" },
        { trigger: ".modal button[name=action_keep_separate]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ],
});
