"""The Odoo-aware routines the models use (SQL, the merge engine); the pure,
Odoo-independent rules are in ``tools``."""
