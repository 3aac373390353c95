/**
 * Every screen of the addon, checked for what a user cannot read (an area
 * scrolling sideways, a text cut): the similar leads in kanban and list, the
 * merge window, the merged leads and the undo preview, the proposal, the
 * review queue, the merge history and Settings. tests/test_screens.py runs it
 * at 1366 x 768 and 1920 x 1080, in English, French and German: the steps
 * only name elements, never words.
 */
import {readableStep} from "@crm_similar_leads/../tests/tours/screen_checks.esm";
import {registry} from "@web/core/registry";

/** Steps opening a menu of the navigation bar by its xml id. */
function openMenu(section, item) {
  return [
    {trigger: `.o_main_navbar [data-menu-xmlid='${section}']`, run: "click"},
    {trigger: `.o-dropdown--menu [data-menu-xmlid='${item}']`, run: "click"},
  ];
}

/**
 * Steps: the record kept's form is shown where the tour opened it, after the
 * pipeline's breadcrumb only (not opened once more on top of the views
 * that led to the merge or the undo).
 */
function backOnTheRecordKept() {
  return [
    {trigger: "body:not(:has(.modal)) .o_form_view .o_form_sheet"},
    {
      trigger:
        ".o_breadcrumb:not(:has(ol.breadcrumb li:nth-child(2))) .o_last_breadcrumb_item",
      content: "no breadcrumb piled up",
    },
  ];
}

registry.category("web_tour.tours").add("crm_similar_leads_screens", {
  steps: () => [
    // The lead: the banner and the Similar Leads button.
    {trigger: ".o_form_view .o_crm_similar_leads_banner"},
    readableStep(".o_form_view .o_form_sheet_bg", "the lead"),
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    // Similar leads: the duplicates, then every class.
    {trigger: ".o_kanban_record .o_crm_similar_explanation"},
    readableStep(".o_action_manager .o_content", "similar leads (kanban)"),
    {trigger: ".o_searchview_facet .o_facet_remove", run: "click"},
    {trigger: ".o_kanban_record .o_crm_similar_reason"},
    readableStep(".o_action_manager .o_content", "every similar lead (kanban)"),
    {trigger: "button.o_switch_view.o_list", run: "click"},
    {trigger: ".o_list_view .o_data_row .o_crm_similar_reason"},
    readableStep(".o_action_manager .o_content", "similar leads (list)"),
    // The merge window, with a related lead that is no duplicate.
    {trigger: ".o_list_view thead .o_list_record_selector input", run: "click"},
    {trigger: ".o_control_panel button[name=action_merge_selected]", run: "click"},
    {trigger: ".modal .o_crm_similar_merge_grid .o_crm_similar_likeness"},
    {trigger: ".modal .o_crm_similar_unlike"},
    readableStep(".modal .modal-content", "the merge window"),
    {
      trigger: ".modal .o_field_widget[name=lead_ids] .o_field_x2many_list_row_add a",
      run: "click",
    },
    {trigger: ".o_dialog:has(.o_searchview) .o_list_view .o_data_row"},
    readableStep(".o_dialog:has(.o_searchview) .modal-content", "Add a line"),
    {trigger: ".o_dialog:has(.o_searchview) .modal-header .btn-close", run: "click"},
    {trigger: "body:not(:has(.o_dialog .o_searchview))"},
    {
      trigger:
        ".modal .o_field_widget[name=lead_ids] .o_data_row:contains(Screen colleague) .o_list_record_remove",
      run: "click",
    },
    {trigger: ".modal:not(:has(.o_crm_similar_unlike))"},
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    // Back on the record kept's form, no breadcrumb more, with the merged
    // lead's note in its chatter.
    ...backOnTheRecordKept(),
    {trigger: ".o-mail-Chatter .o-mail-Message:contains(Screen note of the fair)"},
    // The record kept, its merged leads and the undo preview.
    {trigger: ".o_form_view button[name=action_open_merged_leads]", run: "click"},
    {trigger: ".o_list_view .o_data_row button[name=action_undo_merge]"},
    readableStep(".o_action_manager .o_content", "merged leads"),
    {trigger: ".o_list_view .o_data_row td[name=name]", run: "click"},
    {
      trigger: ".o_form_view .ribbon:visible .text-bg-secondary",
      content: "a merged lead shows the Merged ribbon...",
    },
    {
      trigger: ".o_form_view:not(:has(.ribbon:visible .text-bg-danger))",
      content: "...not core's Archived one over it",
    },
    {trigger: ".o_breadcrumb .o_back_button", run: "click"},
    {trigger: ".o_list_view .o_data_row button[name=action_undo_merge]", run: "click"},
    {trigger: ".modal .o_field_widget[name=preview] table"},
    readableStep(".modal .modal-content", "the undo preview"),
    {trigger: ".modal footer button[name=action_undo]", run: "click"},
    {
      trigger:
        "body:not(:has(.modal)) .o_form_view:not(:has(button[name=action_open_merged_leads]))",
      content: "undone: the record kept has no merged lead any more",
    },
    // Back on its form again, without the note that went back.
    ...backOnTheRecordKept(),
    {
      trigger:
        ".o-mail-Chatter:has(.o-mail-Message):not(:has(.o-mail-Message:contains(Screen note of the fair)))",
    },
    // The proposal, for a new lead of the same person.
    {
      trigger: "body",
      run() {
        window.location.href = "/odoo/crm/new";
      },
      expectUnloadPage: true,
    },
    {
      trigger: ".o_form_view .o_field_widget[name=name] textarea",
      run: "edit Screen quote, by phone",
    },
    {
      trigger: ".o_form_view .o_field_widget[name=email_from] input",
      run: "edit alexandra.beaumont-villeneuve@ateliers-beaumont.example",
    },
    {trigger: ".o_form_button_save", run: "click"},
    {trigger: ".modal .o_field_widget[name=duplicate_ids] .o_data_row"},
    {
      trigger:
        ".modal .o_field_widget[name=duplicate_ids]:not(:has(tbody tr:not(.o_data_row):visible))",
      content: "no empty filler rows under the duplicates",
    },
    readableStep(".modal .modal-content", "the proposal"),
    {trigger: ".modal button[name=action_keep_separate]", run: "click"},
    {
      trigger:
        "body:not(:has(.modal)) .o_form_view:not(:has(.o_crm_similar_leads_banner)):not(:has(button[name=action_open_similar_leads] .o_stat_value))",
      content: "kept separate: no banner, no count of duplicates, without a reload",
    },
    // The review queue and the merge history.
    ...openMenu(
      "crm.crm_menu_report",
      "crm_similar_leads.crm_lead_duplicate_group_menu"
    ),
    {trigger: ".o_list_view .o_data_row:contains(Screen)"},
    readableStep(".o_action_manager .o_content", "the review queue"),
    ...openMenu("crm.crm_menu_report", "crm_similar_leads.crm_lead_merge_journal_menu"),
    {trigger: ".o_list_view .o_data_row:contains(Screen)"},
    readableStep(".o_action_manager .o_content", "the merge history"),
    {trigger: ".o_list_view .o_data_row:contains(Screen) td.o_data_cell", run: "click"},
    {trigger: ".o_form_view .o_field_widget[name=tail_ids] .o_tag"},
    readableStep(".o_action_manager .o_content", "a merge"),
    // Settings.
    {
      trigger: "body",
      run() {
        window.location.href = "/odoo/settings#crm";
      },
      expectUnloadPage: true,
    },
    {
      trigger: "#similar_leads_scores",
      run() {
        document.querySelector("#similar_leads_scores").scrollIntoView();
      },
    },
    readableStep(".o_settings_container:has(#similar_leads_scores)", "Settings"),
    {trigger: "#similar_leads_scores details summary", run: "click"},
    {
      trigger: "#similar_leads_scores details[open] table.o_crm_similar_evidence",
      content: "the weights read in lines, not a word a line",
      run() {
        const width = this.anchor.getBoundingClientRect().width;
        if (width < 500) {
          throw new Error(`the weights table is ${width} px wide`);
        }
      },
    },
  ],
});
