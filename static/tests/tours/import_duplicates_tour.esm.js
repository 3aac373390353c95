import {registry} from "@web/core/registry";

/** The sample file shipped with the addon, as the user would upload it. */
const SAMPLE = "/crm_similar_leads/static/samples/trade_fair_leads.csv";

/**
 * Importing the trade fair's list of leads: the Test step reports the rows that
 * are duplicates, each with why on demand; the exact ones are merged into the
 * leads they duplicate, which can be undone as a whole.
 */
registry.category("web_tour.tours").add("crm_similar_leads_import_duplicates", {
  steps: () => [
    {trigger: ".o_cp_action_menus button:has(.fa-cog)", run: "click"},
    {trigger: ".o-dropdown--menu .o_import_menu", run: "click"},
    {
      trigger: `.o_import_action a[href='${SAMPLE}']:contains(Trade fair leads)`,
      content: "the sample file is offered with the demo data",
    },
    {
      trigger: ".o_control_panel_main_buttons .o_import_file",
      content: "upload the sample file (as the hidden file input gets it)",
      async run() {
        const response = await fetch(SAMPLE);
        const file = new File([await response.blob()], "trade_fair_leads.csv", {
          type: "text/csv",
        });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        const input = this.anchor
          .closest(".o_file_input")
          .querySelector("input[type=file]");
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", {bubbles: true}));
      },
    },
    {
      trigger: ".o_import_similar_duplicates #o_import_similar_merge",
      run: "click",
    },
    {trigger: ".o_control_panel_main_buttons button:contains(Test)", run: "click"},
    {
      trigger:
        ".o_similar_import_line[data-row='1']:contains(Robin: timber frame extension quote):contains(Will be merged)",
      content: "Robin, known already: merged at the import",
    },
    {
      trigger:
        ".o_similar_import_line[data-row='2']:contains(MARTIN - PAB + PAG):contains(Will be merged)",
      content: "Pierre Martin, known already (another title): merged at the import",
    },
    {
      trigger:
        ".o_similar_import_line[data-row='3']:contains(Goldman - pag - Piazzetta):contains(Duplicate):contains(Will be imported as a new lead)",
      content: "Goldman: a duplicate, not exact (his phone is not in the file)",
    },
    {
      trigger:
        ".o_similar_import_line[data-row='5']:contains(Fleet tracking for 40 trucks):contains(Duplicate):contains(Will be imported as a new lead)",
      content: "Anne Keller: a duplicate, not exact (another mailbox)",
    },
    {
      trigger:
        ".o_similar_import_line[data-row='8']:contains(Row 7 of this file):contains(Will be merged into row 7)",
      content: "Sofia's second visit: a duplicate of another row",
    },
    {
      trigger: ".o_similar_import_line[data-row='4']:contains(Possible duplicate)",
      content: "Lena: a possible duplicate, imported as a new lead",
    },
    {
      trigger: ".o_similar_import_line[data-row='1'] .o_similar_import_why",
      run: "click",
    },
    {trigger: ".o_similar_import_explanation:contains(Same email)"},
    {
      trigger: ".o_control_panel_main_buttons button.btn-primary:contains(Import)",
      run: "click",
    },
    {trigger: ".o_notification:contains(merged into the leads they duplicate)"},
    {
      trigger: ".o_notification button:contains(Open these merges)",
      run: "click",
    },
    {trigger: ".o_form_view:contains(Import of trade_fair_leads.csv)"},
    {trigger: ".o_form_view button[name=action_undo]"},
  ],
});
