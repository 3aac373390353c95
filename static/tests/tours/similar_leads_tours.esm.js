import {registry} from "@web/core/registry";

/** Steps: search a list for ``name``, select every row found (the last one,
 * ``last``, shown), then Action > Merge. */
function mergeFromTheList(name, last) {
  return [
    {trigger: ".o_searchview_input", run: `edit ${name}`},
    {trigger: ".o_searchview_input", run: "press Enter"},
    {trigger: `.o_list_view .o_data_row:contains(${last})`},
    {trigger: `.o_list_view:not(:has(.o_data_row:not(:contains(${name}))))`},
    {trigger: `.o_searchview_facet:contains(${name})`},
    {trigger: ".o_list_view thead .o_list_record_selector input", run: "click"},
    {trigger: ".o_selection_container .o_selection_box"},
    {trigger: ".o_selection_container .o_cp_action_menus button", run: "click"},
    {trigger: ".o-dropdown--menu .o-dropdown-item:contains(Merge)", run: "click"},
  ];
}

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
    {trigger: ".o_form_button_save", run: "click"},
    {
      trigger:
        ".modal .o_data_row:contains(Original tour quote) .o_crm_similar_explanation:contains(Same email)",
    },
    {trigger: ".modal button[name=action_merge]", run: "click"},
    {
      trigger:
        ".modal .o_field_widget[name=master_lead_id]:contains(Original tour quote)",
      content: "the record created first is kept",
    },
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {trigger: ".o_breadcrumb:contains(Original tour quote)"},
    {
      trigger:
        ".o_breadcrumb:not(:has(.breadcrumb-item:contains(Duplicate tour quote))) .o_last_breadcrumb_item:contains(Original tour quote)",
      content:
        "the lead merged away leaves the breadcrumbs: the record kept takes its place",
    },
    {trigger: ".o-mail-Message:contains(merged Duplicate tour quote into this one)"},
  ],
});

/** Similar Leads button, reasons, list, Action > Merge, salesperson, add a
 * line, pick a value, merge, land on the merged opportunity. */
registry.category("web_tour.tours").add("crm_similar_leads_merge_flow", {
  steps: () => [
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    {
      trigger:
        ".o_kanban_record:contains(Duplicate flow quote) .o_crm_similar_explanation:contains(Same email)",
    },
    {
      trigger:
        ".o_kanban_record:contains(Original flow quote) .badge:contains(This lead)",
    },
    {trigger: "button.o_switch_view.o_list", run: "click"},
    {trigger: ".o_list_view .o_data_row:contains(Duplicate flow quote)"},
    {trigger: `.o_searchview_facet:contains(${name})`},
    {trigger: ".o_list_view thead .o_list_record_selector input", run: "click"},
    {trigger: ".o_selection_container .o_selection_box"},
    {trigger: ".o_selection_container .o_cp_action_menus button", run: "click"},
    {trigger: ".o-dropdown--menu .o-dropdown-item:contains(Merge)", run: "click"},
    {trigger: ".modal .o_field_widget[name=user_id] input", run: "edit Flow Seller"},
    {trigger: ".o-autocomplete--dropdown-item:contains(Flow Seller)", run: "click"},
    {
      trigger: ".modal .o_field_widget[name=lead_ids] .o_field_x2many_list_row_add a",
      run: "click",
    },
    {trigger: ".modal .o_searchview_input", run: "edit Extra flow quote"},
    {trigger: ".modal .o_searchview_input", run: "press Enter"},
    {
      trigger:
        ".modal .o_list_view .o_data_row:contains(Extra flow quote) td.o_data_cell",
      run: "click",
    },
    {
      trigger:
        ".modal .o_field_widget[name=lead_ids] .o_data_row:contains(Extra flow quote)",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid tr[data-key=email_from] td:contains(flow.extra@flow-dup.example) input.o_crm_similar_choose",
      run: "click",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid tr[data-key=email_from] td.table-success:contains(flow.extra@flow-dup.example)",
      content: "the chosen email is shown",
    },
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {trigger: ".o_breadcrumb:contains(Original flow quote)"},
    {trigger: ".o-mail-Message:contains(merged 2 records into this one)"},
  ],
});

/** The same proposal from the pipeline's kanban quick create. */
registry.category("web_tour.tours").add("crm_similar_leads_quick_create", {
  steps: () => [
    {trigger: ".o_kanban_group:first-child .o_kanban_quick_add", run: "click"},
    {
      trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
      run: "edit Duplicate quick quote",
    },
    {
      trigger: ".o_kanban_quick_create .o_field_widget[name=email_from] input",
      run: "edit quick.original@quick-dup.example",
    },
    {trigger: ".o_kanban_quick_create .o_kanban_add", run: "click"},
    {
      trigger:
        ".modal .o_data_row:contains(Original quick quote) .o_crm_similar_explanation:contains(Same email)",
    },
    {trigger: ".modal button[name=action_keep_separate]", run: "click"},
    {trigger: "body:not(:has(.modal))"},
  ],
});

/** The Goldman case: a live opportunity and an older lost lead of the same
 * person. The window keeps the lead created first, and the pipeline state
 * (stage, salesperson, team) of the live opportunity. */
registry.category("web_tour.tours").add("crm_similar_leads_goldman", {
  steps: () => [
    {trigger: "button[name=action_merge_with_similar]", run: "click"},
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Old Goldman request) input.o_crm_similar_keep:checked",
      content: "the record created first is kept",
    },
    {
      trigger: ".modal .o_field_widget[name=user_id] input:value(Goldman Seller)",
      content: "the live opportunity's salesperson, shown before the merge",
    },
    {
      trigger: ".modal .o_field_widget[name=team_id] input:value(Goldman Sales)",
      content: "and its team (the salesperson is in no team: the team stays)",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid tr[data-key=stage_id] td.table-success:contains(Proposition)",
      content: "the live opportunity's stage is the default",
    },
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {trigger: ".o_breadcrumb:contains(Pellet stove Goldman)"},
    {
      trigger:
        ".o_statusbar_status button.o_arrow_button_current:contains(Proposition)",
    },
  ],
});

/** Three records side by side, the record to keep picked at a column head,
 * and how many linked records move, before the merge. */
registry.category("web_tour.tours").add("crm_similar_leads_three_records", {
  steps: () => [
    ...mergeFromTheList("Trio quote", "Trio quote 3"),
    {
      trigger:
        ".modal .o_crm_similar_merge_grid thead th:nth-child(4):contains(Trio quote 3)",
    },
    {
      trigger: ".modal .modal-body",
      content: "no horizontal scrolling (the test browser is 1366 px wide)",
      run() {
        const body = document.querySelector(".modal .modal-body");
        const grid = document.querySelector(".modal .o_crm_similar_merge_grid");
        for (const element of [body, grid]) {
          if (element.scrollWidth > element.clientWidth + 1) {
            throw new Error(
              `scrolls: ${element.scrollWidth} > ${element.clientWidth} px`
            );
          }
        }
      },
    },
    {
      trigger:
        ".modal .o_crm_similar_moved tr:contains(Activities) td.text-end:contains(2)",
      content: "two activities move to the record kept",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Trio quote 2) input.o_crm_similar_keep",
      run: "click",
    },
    {
      trigger: ".modal .o_field_widget[name=master_lead_id]:contains(Trio quote 2)",
      content: "the column head chose the record kept",
    },
    {
      trigger:
        ".modal .o_crm_similar_moved tr:contains(Activities) td.text-end:contains(1)",
      content: "counted again for the new record kept: its own activity stays",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid tr[data-key=name] td:contains(Trio quote 3) input.o_crm_similar_choose",
      run: "click",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid tr[data-key=name] td.table-success:contains(Trio quote 3)",
    },
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {trigger: ".o_breadcrumb:contains(Trio quote 3)"},
  ],
});

/** The window in French. */
registry.category("web_tour.tours").add("crm_similar_leads_french_window", {
  steps: () => [
    {trigger: "button[name=action_merge_with_similar]", run: "click"},
    {trigger: ".modal .modal-title:contains(Fusionner)"},
    {
      trigger:
        ".modal .o_crm_similar_merge_grid label:contains(Conserver cet enregistrement)",
    },
    {trigger: ".modal .o_crm_similar_moved th:contains(Enregistrements liés)"},
    {trigger: ".modal footer button.btn-secondary", run: "click"},
  ],
});

/** Six records: more than fit side by side, one choice list per field. */
registry.category("web_tour.tours").add("crm_similar_leads_six_records", {
  steps: () => [
    ...mergeFromTheList("Sextet quote", "Sextet quote 6"),
    {
      trigger:
        ".modal .o_crm_similar_merge_grid_list tr[data-key=name] select.o_crm_similar_choose_list",
      run: "selectByLabel Sextet quote 4",
    },
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {trigger: ".o_form_view:not(.modal .o_form_view) .o_field_widget[name=name]"},
  ],
});

/** The merge window compares each record with the record kept, wherever it
 * was opened from (here the banner), again when the record kept changes;
 * warns about a record added that is not similar; a won opportunity added is
 * merged once its confirmation, plainly shown, is ticked. */
registry.category("web_tour.tours").add("crm_similar_leads_record_kept", {
  steps: () => [
    {
      trigger: ".o_crm_similar_leads_banner button[name=action_merge_with_similar]",
      run: "click",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Veranda quote Kim) .o_crm_similar_likeness .badge:contains(Record kept)",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Kim veranda quote) .o_crm_similar_likeness:contains(Duplicate):contains(Same email)",
      content: "opened from the banner, the duplicate is compared with the record kept",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Kim veranda quote) input.o_crm_similar_keep",
      run: "click",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Kim veranda quote) .o_crm_similar_likeness .badge:contains(Record kept)",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Veranda quote Kim) .o_crm_similar_likeness:contains(Duplicate):contains(Same email)",
      content: "compared again with the new record kept",
    },
    // A lead that is not similar at all, added by hand: a warning, with why.
    {
      trigger: ".modal .o_field_widget[name=lead_ids] .o_field_x2many_list_row_add a",
      run: "click",
    },
    {
      trigger: ".modal:has(.o_list_view) .o_searchview_input",
      run: "edit Stan alarm system",
    },
    {trigger: ".modal:has(.o_list_view) .o_searchview_input", run: "press Enter"},
    {
      trigger:
        ".modal .o_list_view .o_data_row:contains(Stan alarm system) td.o_data_cell",
      run: "click",
    },
    {
      trigger:
        ".modal .o_crm_similar_unlike:contains(Stan alarm system):contains(Another contact name)",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Stan alarm system) .o_crm_similar_unlike_record",
    },
    {
      trigger:
        ".modal .o_field_widget[name=lead_ids] .o_data_row:contains(Stan alarm system) .o_list_record_remove",
      run: "click",
    },
    {trigger: ".modal:not(:has(.o_crm_similar_unlike))"},
    // A won opportunity of the same person: confirmed, then merged.
    {
      trigger: ".modal .o_field_widget[name=lead_ids] .o_field_x2many_list_row_add a",
      run: "click",
    },
    {
      trigger: ".modal:has(.o_list_view) .o_searchview_input",
      run: "edit Won veranda quote",
    },
    {trigger: ".modal:has(.o_list_view) .o_searchview_input", run: "press Enter"},
    {
      trigger:
        ".modal .o_list_view .o_data_row:contains(Won veranda quote) td.o_data_cell",
      run: "click",
    },
    {trigger: ".modal .o_crm_similar_won .o_crm_similar_confirm input:visible"},
    {
      trigger: ".modal footer:not(:has(button[name=action_merge]))",
      content: "no Merge before the confirmation",
    },
    {trigger: ".modal .o_crm_similar_confirm input", run: "click"},
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {trigger: ".o_breadcrumb:contains(Won veranda quote)"},
    {
      trigger:
        ".o_breadcrumb:not(:has(.breadcrumb-item:contains(Veranda quote Kim))) .o_last_breadcrumb_item:contains(Won veranda quote)",
      content:
        "the lead merged away leaves the breadcrumbs: the record kept takes its place",
    },
  ],
});

/** Core's Convert to Opportunity: a won opportunity added to its merge is
 * confirmed in the window, then merged (no dead end). */
registry.category("web_tour.tours").add("crm_similar_leads_convert_won", {
  steps: () => [
    {
      trigger:
        ".o_form_view .o_statusbar_buttons button:contains(Convert to Opportunity)",
      run: "click",
    },
    {
      trigger:
        ".modal .o_field_widget[name=duplicated_lead_ids] .o_data_row:contains(Convert duplicate)",
    },
    {
      trigger:
        ".modal .o_field_widget[name=duplicated_lead_ids] .o_field_x2many_list_row_add a",
      run: "click",
    },
    {
      trigger: ".modal:has(.o_list_view) .o_searchview_facet .o_facet_remove",
      run: "click",
    },
    {
      trigger: ".modal:has(.o_list_view) .o_searchview_input",
      run: "edit Convert won deal",
    },
    {trigger: ".modal:has(.o_list_view) .o_searchview_input", run: "press Enter"},
    {
      trigger:
        ".modal .o_list_view .o_data_row:contains(Convert won deal) td.o_data_cell",
      run: "click",
    },
    {trigger: ".modal .o_crm_similar_won .o_crm_similar_confirm input:visible"},
    {
      trigger: ".modal footer:not(:has(button[name=action_apply]))",
      content: "no conversion before the confirmation",
    },
    {trigger: ".modal .o_crm_similar_confirm input", run: "click"},
    {trigger: ".modal footer button[name=action_apply]", run: "click"},
    {trigger: ".o_breadcrumb:contains(Convert won deal)"},
  ],
});
