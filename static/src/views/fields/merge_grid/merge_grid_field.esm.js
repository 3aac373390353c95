/**
 * The merge window's values side by side: one column per record (the record
 * to keep chosen at the column head), one row per field whose values differ,
 * one choice per row. More records than fit side by side: one row per field
 * with a choice list. The choices are the lines of the wizard
 * (crm.lead.merge.wizard.line); the server decides what they mean.
 */
import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/** Beyond this many records, columns would not fit a 1366 px screen. */
const MAX_COLUMNS = 5;

export class MergeGrid extends Component {
  static template = "crm_similar_leads.MergeGrid";
  static props = {...standardFieldProps};

  get columns() {
    return this.props.record.data.merge_columns || [];
  }

  get sideBySide() {
    return this.columns.length <= MAX_COLUMNS;
  }

  get lines() {
    return this.props.record.data[this.props.name].records;
  }

  get masterId() {
    return this.props.record.data.master_lead_id?.id;
  }

  chosenId(line) {
    return line.data.chosen_lead_id?.id;
  }

  value(line, column) {
    return (line.data.values_by_lead || {})[String(column.id)];
  }

  options(line) {
    return this.columns.filter((column) => this.value(line, column) !== undefined);
  }

  async keep(column) {
    await this.props.record.update({
      master_lead_id: {id: column.id, display_name: column.name},
    });
  }

  async choose(line, column) {
    await line.update({
      chosen_lead_id: {id: column.id, display_name: column.name},
    });
  }

  async chooseFromList(line, event) {
    const column = this.columns.find((c) => String(c.id) === event.target.value);
    if (column) {
      await this.choose(line, column);
    }
  }

  get keepLabel() {
    return _t("Keep this record");
  }
}

export const mergeGrid = {
  component: MergeGrid,
  supportedTypes: ["one2many"],
  relatedFields: [
    // Sent back when the window is saved (the lines are new records).
    {name: "sequence", type: "integer", readonly: false},
    {name: "key", type: "char", readonly: false},
    {name: "label", type: "char"},
    {name: "values_by_lead", type: "json"},
    {name: "chosen_lead_id", type: "many2one", relation: "crm.lead", readonly: false},
  ],
};

registry.category("fields").add("crm_similar_merge_grid", mergeGrid);
