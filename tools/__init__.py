"""Pure, Odoo-independent rules: normalisation, matching and merge values."""

from . import matching, merge_rules, normalize
