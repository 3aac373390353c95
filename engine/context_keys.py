"""The context keys the addon reads and sets, in one place: what each says.

(Views set some of them in XML, where they are written out: the same
strings.)"""

#: Where a merge comes from (a key of ``merge_origins.ORIGINS``): core's
#: convert wizards and lead assignment set it before calling core's merge.
MERGE_ORIGIN = "similar_merge_origin"
#: Core's own parts of ``_merge_dependences`` (messages, attachments,
#: meetings) are skipped: the engine moved them already.
REFERENCES_MOVED = "crm_similar_leads_references_moved"
#: A message is posted on the record kept itself, not redirected as a late
#: arrival on a merged lead would be.
NOT_REDIRECTED = "crm_similar_leads_not_merged"
#: In the merge window, a lead shows as the value it would bring for this
#: choice (``merge_plan.choice_groups``).
MERGE_VALUE_FIELD = "merge_value_field"
#: The lead whose form opened the merge window (its banner, its proposal):
#: when that lead is kept, the window closes onto it, reloaded, instead of
#: opening it once more (a breadcrumb more at each merge).
MERGE_OPENED_FROM = "similar_merge_opened_from"
#: The lead the similar leads were opened from (their scores are against it).
ORIGIN_LEAD = "similar_origin_lead_id"
#: The duplicate check of the import under way (``engine/import_check.py``),
#: set by ``base_import.import.execute_import`` for core's ``load``.
IMPORT_CHECK = "crm_similar_leads_import_check"
#: The user confirmed merging a won opportunity in core's convert window
#: (which calls core's merge).
ALLOW_WON = "crm_similar_leads_allow_won"
