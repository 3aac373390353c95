/**
 * The README's "Try it" table, row by row, on the demo data: each record
 * opened from the menu (and filter) the table names, and what the table says
 * is seen there. tests/test_try_it.py runs it; change both together.
 */
import {registry} from "@web/core/registry";

/** Steps: a menu of the navigation bar, by its xml id (and its section's),
 * until the action it opens, titled ``title``, is on screen. */
function menu(item, title, section) {
  const steps = [];
  if (section) {
    steps.push({
      trigger: `.o_main_navbar [data-menu-xmlid='${section}']`,
      run: "click",
    });
  }
  steps.push({trigger: `[data-menu-xmlid='${item}']`, run: "click"});
  // Loaded: the search typed next goes to this view, not the one it replaces.
  steps.push({
    trigger: `.o_breadcrumb:not(:has(ol.breadcrumb)) .o_last_breadcrumb_item:contains(${title})`,
  });
  return steps;
}

/** Steps: search ``text`` in the view shown, then open the record ``name``. */
function open(text, name, card = ".o_data_row") {
  const target = card === ".o_data_row" ? "td.o_data_cell" : "";
  return [
    {trigger: ".o_searchview_input", run: `edit ${text}`},
    {trigger: ".o_searchview_input", run: "press Enter"},
    {trigger: `.o_searchview_facet:contains(${text})`},
    {trigger: `${card}:contains(${name}) ${target}`.trim(), run: "click"},
    {trigger: `.o_breadcrumb:contains(${name})`},
  ];
}

const LEADS = "crm.crm_menu_leads";
/** A card of the similar leads, of class ``klass``, showing ``words``. */
function similar(name, klass, ...words) {
  return words.map((word) => ({
    trigger: `.o_kanban_record:contains(${name}):has(.badge:contains(${klass})) .o_crm_similar_explanation:contains(${word})`,
  }));
}

registry.category("web_tour.tours").add("crm_similar_leads_try_it", {
  steps: () => [
    // 1. A duplicate written differently.
    ...menu(LEADS, "Leads"),
    ...open("Demande de devis poêle à granulés", "Demande de devis poêle à granulés"),
    {trigger: ".o_crm_similar_leads_banner"},
    {trigger: "button[name=action_open_similar_leads] .o_stat_value:contains(1)"},
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    ...similar(
      "MARTIN - PAB + PAG",
      "Duplicate",
      "20.0",
      "+9.0 Same email",
      "+7.0 Same phone",
      "+5.0 Same contact name",
      "−1.0 Another request (title)"
    ),
    // 2. A duplicate, and a colleague: related.
    ...menu(LEADS, "Leads"),
    ...open("Robin", "Robin: timber frame extension quote"),
    {trigger: "button[name=action_open_similar_leads] .o_stat_value:contains(1)"},
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    ...similar("Extension project (trade fair contact)", "Duplicate", "Same email"),
    {trigger: ".o_searchview_facet .o_facet_remove", run: "click"},
    ...similar(
      "Workshop roof renovation",
      "Related",
      "Same organisation: mail domain holzbau-weber.de"
    ),
    // 3. Colleagues on one switchboard: related, no duplicate.
    ...menu(LEADS, "Leads"),
    ...open("Fleet tracking", "Fleet tracking for 40 trucks"),
    {
      trigger:
        ".o_form_view:not(:has(.o_crm_similar_leads_banner)) button[name=action_open_similar_leads]:not(:has(.o_stat_value))",
      content: "no duplicate: no banner, no number, the button still there",
    },
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    ...similar(
      "Warehouse scanners",
      "Related",
      "Same organisation",
      "+7.0 Same phone",
      "+4.0 Same company name",
      "−6.0 Another mailbox of the same company",
      "−5.0 Another contact name"
    ),
    // 4. Namesakes: not similar at all.
    ...menu(LEADS, "Leads"),
    ...open("Agence Lyon", "Devis poêle à bois"),
    {
      trigger: ".o_form_view:not(:has(button[name=action_open_similar_leads]))",
      content: "nothing similar: no Similar Leads button",
    },
    // 5. Another deal and a won deal of the same customer: related.
    ...menu("crm.menu_crm_opportunities", "Pipeline", "crm.crm_menu_sales"),
    ...open("Kitchen extraction hood", "Kitchen extraction hood", ".o_kanban_record"),
    {
      trigger:
        ".o_form_view:not(:has(.o_crm_similar_leads_banner)) button[name=action_open_similar_leads]:not(:has(.o_stat_value))",
    },
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    ...similar(
      "Terrace heaters, 12 units",
      "Related",
      "Same customer: Brasserie du Port"
    ),
    ...similar(
      "Espresso machine for the bar",
      "Related",
      "A won deal of this customer"
    ),
    // 6. A lost duplicate, archived: the filter Lost; merging brings it back.
    ...menu(LEADS, "Leads"),
    {trigger: ".o_searchview_dropdown_toggler", run: "click"},
    {trigger: ".o-dropdown-item:contains(Lost)", run: "click"},
    ...open("Goldman", "Goldman - poêle Piazzetta (ancien contact)"),
    {trigger: "button[name=action_open_similar_leads] .o_stat_value:contains(1)"},
    {
      trigger: ".o_crm_similar_leads_banner button[name=action_merge_with_similar]",
      run: "click",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(ancien contact) input.o_crm_similar_keep:checked",
      content: "the lead created first is kept",
    },
    {
      trigger:
        ".modal .o_crm_similar_merge_grid th:contains(Goldman - pag - Piazzetta) .o_crm_similar_likeness:contains(Duplicate)",
    },
    {trigger: ".modal footer button[name=action_merge]", run: "click"},
    {
      trigger:
        ".o_statusbar_status button.o_arrow_button_current:contains(Proposition)",
      content: "back in the pipeline, at the opportunity's stage",
    },
    // 7. A duplicate known only by a name and an address written another way.
    ...menu(LEADS, "Leads"),
    ...open("Anfrage Wärmepumpe", "Anfrage Wärmepumpe"),
    {trigger: ".o_crm_similar_leads_banner"},
    {trigger: "button[name=action_open_similar_leads] .o_stat_value:contains(1)"},
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    ...similar(
      "Kostenvoranschlag Heizung",
      "Duplicate",
      "Same contact name",
      "Same address"
    ),
    // 8. Another first name at the same address: a household, related.
    ...menu(LEADS, "Leads"),
    ...open("Angebot Photovoltaik", "Angebot Photovoltaik"),
    {
      trigger:
        ".o_form_view:not(:has(.o_crm_similar_leads_banner)) button[name=action_open_similar_leads]:not(:has(.o_stat_value))",
      content: "no duplicate: no banner, no number",
    },
    {trigger: "button[name=action_open_similar_leads]", run: "click"},
    ...similar("Anfrage Wärmepumpe", "same household", "Same household"),
    ...similar("Kostenvoranschlag Heizung", "same household", "Same household"),
  ],
});
