"""Odoo's import of leads (``base_import``) with the duplicate check of
``engine/import_check.py``: the user's choice comes in the import's options,
the report goes back with the import's result."""

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.base_import.models.base_import import ImportValidationError

from ..engine import context_keys, import_check


# Core's import model (a transient one), extended where core defines it.
class BaseImportImport(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        """Core's import; for leads, each batch of rows is checked for
        duplicates once created (``crm.lead.load``), and the result carries
        the report (``similar_duplicates``). A choice the user may not make
        is refused as the import refuses a bad file: an error line."""
        if self.res_model != "crm.lead":
            return super().execute_import(fields, columns, options, dryrun=dryrun)
        try:
            choice = import_check.checked_choice(
                self.env, options.get(import_check.OPTION)
            )
        except UserError as error:
            return {"messages": [ImportValidationError(str(error.args[0])).__dict__]}
        check = import_check.ImportCheck(
            choice,
            dryrun,
            key=f"{self._name},{self.id}",
            name=self.file_name,
            skip=options.get("skip") or 0,
        )
        result = super(
            BaseImportImport, self.with_context(**{context_keys.IMPORT_CHECK: check})
        ).execute_import(fields, columns, options, dryrun=dryrun)
        if check.report is not None and result.get("ids"):
            result[import_check.OPTION] = check.report
        return result
