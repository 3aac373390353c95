/**
 * The merge window's values side by side: one column per record (the record
 * to keep chosen at the column head), one row per field whose values differ,
 * one choice per row, and under each record's name how alike it is to the
 * record kept. More records than fit side by side: one row per record, then
 * one row per field with a choice list. The choices are the lines of the
 * wizard (crm.lead.merge.wizard.line); the server decides what they mean.
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

  /**
   * A choice of the list of a field: its value, and the record's name when
   * the value is not the name itself.
   *
   * @param {Object} line a line of the wizard
   * @param {Object} column a record
   * @returns {String} the option's text
   */
  optionLabel(line, column) {
    const shown = this.value(line, column);
    return shown === column.name ? shown : `${shown} (${column.name})`;
  }

  badgeClass(likeness) {
    return (
      {
        duplicate: "text-bg-danger",
        possible: "text-bg-warning",
      }[likeness.klass] || "text-bg-secondary"
    );
  }

  signClass(part) {
    return part.sign > 0
      ? "text-success"
      : part.sign < 0
        ? "text-danger"
        : "text-muted";
  }

  get keepLabel() {
    return _t("Keep this record");
  }

  get keptLabel() {
    return _t("Record kept");
  }

  get unlikeLabel() {
    return _t("Not a duplicate of the record kept");
  }

  get sameLabel() {
    return _t("Every value is the same in these records: nothing to choose.");
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
