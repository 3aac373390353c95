"""Odoo's import of leads: each batch of rows checked for duplicates once
created, and the exact ones skipped or merged as the user chose
(``engine/import_check.py``, started by ``models/base_import.py``)."""

from odoo import api, models
from odoo.exceptions import UserError

from ...engine import context_keys, explanation, import_check
from ...tools import scoring

#: The sample file of the README's "Try it": a trade fair's leads, several of
#: them people of the demo data's leads.
SAMPLE = "/crm_similar_leads/static/samples/trade_fair_leads.csv"
#: One of the demo leads it duplicates (the sample is offered with them).
SAMPLE_DUPLICATES = "crm_similar_leads.lead_robin_website"


class CrmLeadImportDuplicates(models.Model):
    """A part of ``crm.lead`` (assembled in ``models/crm_lead/__init__.py``)."""

    _register = False
    _module = "crm_similar_leads"

    def _similar_import_check(self):
        check = self.env.context.get(context_keys.IMPORT_CHECK)
        if isinstance(check, import_check.ImportCheck) and self.env.context.get(
            "import_file"
        ):
            return check
        return None

    @api.model
    def load(self, fields, data):
        check = self._similar_import_check()
        if check is None:
            return super().load(fields, data)
        return check.load(
            self, lambda: super(CrmLeadImportDuplicates, self).load(fields, data)
        )

    def _load_records(self, data_list, update=False):
        records = super()._load_records(data_list, update=update)
        check = self._similar_import_check()
        if check is not None:
            check.loaded(data_list, records)
        return records

    def _load_records_create(self, vals_list):
        records = super()._load_records_create(vals_list)
        check = self._similar_import_check()
        if check is not None:
            check.created_records(records)
        return records

    @api.model
    def get_import_templates(self):
        """With the addon's demo data, the import screen offers the sample
        file that duplicates some of its leads."""
        templates = super().get_import_templates()
        if self.env.ref(SAMPLE_DUPLICATES, raise_if_not_found=False):
            templates.append(
                {
                    "label": self.env._(
                        "Trade fair leads (duplicates of the demo data)"
                    ),
                    "template": SAMPLE,
                }
            )
        return templates

    @api.model
    def similar_import_explanation(self, score, klass, contributions):
        """Why a row of an import is similar to a lead (the import's report
        shows it on demand): the same explanation as the similar leads'."""
        self.browse().check_access("read")
        try:
            score = float(score)
            parts = [
                (str(field), str(level), float(weight))
                for field, level, weight in contributions
            ]
        except (TypeError, ValueError):
            raise UserError(self.env._("This explanation cannot be read.")) from None
        if klass not in (scoring.DUPLICATE, scoring.POSSIBLE, scoring.RELATED):
            raise UserError(self.env._("This explanation cannot be read."))
        return self.env["ir.qweb"]._render(
            "crm_similar_leads.similar_explanation",
            explanation.explain(self.env, score, klass, parts),
        )
