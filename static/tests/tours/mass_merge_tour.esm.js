import {registry} from "@web/core/registry";

/** The review queue: every group selected, Merge exact duplicates, the dry
 * run lists each selected group once, then the groups it shows as merged
 * are merged (tests/test_mass_merge_ui.py checks which). */
registry.category("web_tour.tours").add("crm_similar_leads_mass_merge", {
  steps: () => {
    let selected = 0;
    return [
      {trigger: ".o_list_view .o_data_row"},
      {
        trigger: ".o_list_view thead .o_list_record_selector input",
        run(helpers) {
          selected = document.querySelectorAll(".o_list_view .o_data_row").length;
          return helpers.click();
        },
      },
      {trigger: "button[name=action_merge_exact]", run: "click"},
      {
        trigger: ".modal .o_crm_similar_mass_merge_group",
        content: "each selected group is listed once, with one reason if left",
        run() {
          const groups = [
            ...document.querySelectorAll(".modal .o_crm_similar_mass_merge_group"),
          ];
          const ids = new Set(groups.map((group) => group.dataset.keptId));
          if (groups.length !== selected || ids.size !== selected) {
            throw new Error(
              `${groups.length} groups listed (${ids.size} distinct) for ${selected} selected`
            );
          }
          for (const group of groups) {
            const reasons = group.querySelectorAll("h5 small").length;
            const merged = group.dataset.merged === "1";
            if (merged ? reasons !== 0 : reasons !== 1) {
              throw new Error(`group ${group.dataset.keptId}: ${reasons} reasons`);
            }
          }
        },
      },
      {trigger: ".modal footer button[name=action_merge]", run: "click"},
      {trigger: ".o_form_view .o_field_widget[name=journal_ids] .o_data_row"},
    ];
  },
});
