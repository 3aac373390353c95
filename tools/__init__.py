"""Pure, Odoo-independent matching logic: normalisation and scoring."""

from . import matching, normalize
