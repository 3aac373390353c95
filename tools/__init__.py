"""Pure, Odoo-independent rules: normalisation, keys, scoring and merge values."""

from . import evidence, matching, merge_rules, normalize, scoring
