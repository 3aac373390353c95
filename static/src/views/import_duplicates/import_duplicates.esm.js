/**
 * Odoo's import screen, for leads: the choice of what to do with the rows that
 * are exact duplicates (side panel), the report of the rows that are duplicates
 * of existing leads or of each other at the Test step (with the explanation of
 * each on demand), and what was skipped or merged once imported. The server
 * checks each batch of rows (engine/import_check.py): the choice goes in the
 * import's options, the report comes back with each batch's result.
 */
import {Component, markup, useState} from "@odoo/owl";
import {BaseImportModel} from "@base_import/import_model";
import {ImportAction} from "@base_import/import_action/import_action";
import {ImportDataContent} from "@base_import/import_data_content/import_data_content";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

/** The import option of the choice (import_check.OPTION). */
export const OPTION = "similar_duplicates";
/** Whether the user may choose to merge (sales managers: the server checks). */
const MAY_MERGE = "similar_may_merge";
/** Lines shown in the report (all are counted). */
const MAX_SHOWN = 200;

/**
 * The reports of the batches of one import, as one.
 *
 * @param {Object|null} total the reports so far
 * @param {Object} report one batch's report
 * @returns {Object} both
 */
export function addReport(total, report) {
  if (!total) {
    return {...report, lines: [...report.lines]};
  }
  const counts = ["count", "exact", "skipped", "merged", "not_merged"];
  const sum = Object.fromEntries(counts.map((key) => [key, total[key] + report[key]]));
  return {
    ...total,
    ...sum,
    batch_id: report.batch_id || total.batch_id,
    lines: [...total.lines, ...report.lines],
  };
}

/**
 * What the Test step found, in one or two sentences.
 *
 * @param {Object} report the report of every batch
 * @returns {String[]} the lines of the message
 */
export function testSummary(report) {
  const lines = [
    report.count === 1
      ? _t("One row is a duplicate or a possible duplicate (see below).")
      : _t("%s rows are duplicates or possible duplicates (see below).", report.count),
  ];
  const planned = {
    skip: [
      _t("One exact duplicate will be skipped."),
      _t("%s exact duplicates will be skipped.", report.skipped),
      report.skipped,
    ],
    merge: [
      _t("One exact duplicate will be merged into the lead it duplicates."),
      _t(
        "%s exact duplicates will be merged into the leads they duplicate.",
        report.merged
      ),
      report.merged,
    ],
  }[report.choice];
  if (planned && planned[2]) {
    lines.push(planned[2] === 1 ? planned[0] : planned[1]);
  }
  if (report.not_merged) {
    lines.push(
      report.not_merged === 1
        ? _t("One exact duplicate cannot be merged: it will be a new lead.")
        : _t(
            "%s exact duplicates cannot be merged: they will be new leads.",
            report.not_merged
          )
    );
  }
  return lines;
}

/**
 * What the import did with the exact duplicates.
 *
 * @param {Object} report the report of every batch
 * @returns {String[]} the lines of the notification
 */
export function importSummary(report) {
  const lines = [];
  if (report.skipped) {
    lines.push(
      report.skipped === 1
        ? _t("One row was an exact duplicate: skipped.")
        : _t("%s rows were exact duplicates: skipped.", report.skipped)
    );
  }
  if (report.merged) {
    lines.push(
      report.merged === 1
        ? _t("One row was an exact duplicate: merged into the lead it duplicates.")
        : _t(
            "%s rows were exact duplicates: merged into the leads they duplicate.",
            report.merged
          )
    );
  }
  if (report.not_merged) {
    lines.push(
      report.not_merged === 1
        ? _t("One exact duplicate could not be merged: imported as a new lead.")
        : _t(
            "%s exact duplicates could not be merged: imported as new leads.",
            report.not_merged
          )
    );
  }
  return lines;
}

/** The rows found at the Test step, each with why on demand. */
export class SimilarImportReport extends Component {
  static template = "crm_similar_leads.SimilarImportReport";
  static props = {report: Object};

  setup() {
    this.orm = useService("orm");
    this.state = useState({why: {}});
  }

  get lines() {
    return this.props.report.lines.slice(0, MAX_SHOWN);
  }

  get hidden() {
    return this.props.report.count - this.lines.length;
  }

  get hiddenText() {
    return this.hidden === 1
      ? _t("… and one more row.")
      : _t("… and %s more rows.", this.hidden);
  }

  otherRow(line) {
    return _t("Row %s of this file", line.other_row);
  }

  badgeClass(line) {
    return line.klass === "duplicate" ? "text-bg-danger" : "text-bg-warning";
  }

  async toggleWhy(line) {
    if (this.state.why[line.row]) {
      delete this.state.why[line.row];
      return;
    }
    const html = await this.orm.call("crm.lead", "similar_import_explanation", [
      line.score,
      line.klass,
      line.contributions,
    ]);
    this.state.why[line.row] = markup(html);
  }
}

patch(ImportDataContent, {
  components: {...ImportDataContent.components, SimilarImportReport},
});

patch(BaseImportModel.prototype, {
  setResModel(resModel) {
    super.setResModel(resModel);
    if (resModel === "crm.lead") {
      this.importOptionsValues[OPTION] = {value: "import"};
      this.importOptionsValues[MAY_MERGE] = {value: false};
    }
  },

  async init() {
    await super.init(...arguments);
    if (this.resModel === "crm.lead") {
      this.importOptionsValues[MAY_MERGE].value = await user.hasGroup(
        "sales_team.group_sale_manager"
      );
    }
  },

  async executeImport(isTest) {
    this.similarReport = null;
    const result = await super.executeImport(...arguments);
    const report = this.similarReport;
    if (isTest && report && report.count && !result.res.hasError) {
      this.importMessages.unshift({
        type: "warning",
        lines: testSummary(report),
        similarReport: report,
      });
    }
    return result;
  },

  async _callImport() {
    const result = await super._callImport(...arguments);
    if (result && result[OPTION]) {
      this.similarReport = addReport(this.similarReport, result[OPTION]);
    }
    return result;
  },
});

patch(ImportAction.prototype, {
  async handleImport(isTest = true) {
    await super.handleImport(...arguments);
    const report = this.model.similarReport;
    const lines = !isTest && report ? importSummary(report) : [];
    if (lines.length) {
      const {action, notification} = this.env.services;
      notification.add(lines.join("\n"), {
        title: _t("Duplicates"),
        type: report.not_merged ? "warning" : "info",
        sticky: Boolean(report.merged),
        buttons: report.batch_id
          ? [
              {
                name: _t("Open these merges (to undo them)"),
                onClick: () =>
                  action.doAction({
                    type: "ir.actions.act_window",
                    res_model: "crm.lead.merge.batch",
                    res_id: report.batch_id,
                    views: [[false, "form"]],
                    target: "current",
                  }),
              },
            ]
          : [],
      });
    }
  },
});
