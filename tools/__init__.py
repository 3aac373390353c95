"""Pure, Odoo-independent rules: normalisation, keys, scoring and merge values."""

from . import matching, merge_rules, normalize, scoring
