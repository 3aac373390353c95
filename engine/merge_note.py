"""The notes a merge leaves in the chatter, rendered from QWeb templates.

The record kept gets a short note: who merged which records, where from, the
values that changed, and a collapsed section with core's summary of each
merged record (with what modules add to it: sale orders, events, visitors).
Each merged record gets one line saying where it went.
"""

import re

from markupsafe import Markup

from odoo.tools import is_html_empty

from ..tools import merge_rules
from . import context_keys, display, merge_origins

#: Longer descriptions are shortened in the note: the archived record keeps
#: its own, and the record kept has them all.
DESCRIPTION_LIMIT = 2000
#: Core's summary marks each record's values as a quote, which the chatter
#: folds behind "•••": the note folds the whole summary once, itself.
_QUOTE_MARK = re.compile(r'\sdata-o-mail-quote="[^"]*"')
#: The merge note's undo link, as the template writes it (no nested <p>).
_UNDO_LINE = re.compile(r'<p class="o_crm_similar_undo_line">.*?</p>', re.DOTALL)


def render_details(tails):
    """Core's merge summary of the records merged away, read before anything
    moves (so each lists its own sale orders...), with the rights the merge
    needs: the merging user may write the leads, not read every model."""
    tails = tails.sudo()
    for tail in tails:
        if tail.description and len(tail.description) > DESCRIPTION_LIMIT:
            text = Markup(tail.description).striptags()
            short = merge_rules.shortened(text, DESCRIPTION_LIMIT)
            tail._update_cache({"description": Markup("<p>%s</p>") % short})
    try:
        summary = tails.env["ir.qweb"]._render(
            "crm.crm_lead_merge_summary",
            {
                "opportunities": tails,
                "merged_followers": {},
                "is_html_empty": is_html_empty,
            },
        )
        return Markup(_QUOTE_MARK.sub("", summary))
    finally:
        tails.invalidate_recordset(["description"], flush=False)


def _summary(master, tails):
    env = master.env
    links = Markup(", ").join(tail._get_html_link() for tail in tails)
    if len(tails) == 1:
        return env._(
            "%(user)s merged %(lead)s into this one.",
            user=env.user.name,
            lead=links,
        )
    return env._(
        "%(user)s merged %(count)s records into this one: %(leads)s.",
        user=env.user.name,
        count=len(tails),
        leads=links,
    )


def _transition(before, after):
    """A value's change as the note reads it ("∅": emptied)."""
    return f"{before} → {after or '∅'}" if before else after or "∅"


def post_on_master(master, tails, changed, details, origin, journal):
    """Posts the note on the record kept and keeps it on ``journal``, whose
    undo rewrites its link (see :func:`mark_undone`)."""
    env = master.env
    poster = master.with_context(**{context_keys.NOT_REDIRECTED: True})
    journal.sudo().note_id = poster.message_post_with_source(
        "crm_similar_leads.merge_note",
        render_values={
            "summary": _summary(master, tails),
            "origin_line": merge_origins.note_line(env, origin),
            "changes": [
                {
                    "label": display.label_colon(env, change["label"]),
                    "value": _transition(change["before"], change["after"]),
                }
                for change in changed
            ],
            "details": details,
            "undo_link": journal.sudo(False)._get_html_link(
                title=env._("Undo this merge")
            ),
        },
        subtype_xmlid="mail.mt_note",
    )


def mark_undone(journal):
    """Replaces the undo link of the journal's merge note by who undid it and
    when: the note no longer offers an undo that is done."""
    note = journal.sudo().note_id
    if not note:  # deleted, or a merge recorded before notes were kept
        return
    env = journal.env
    line = Markup('<p class="o_crm_similar_undo_line">%s</p>') % env._(
        "%(user)s undid this merge on %(date)s.",
        user=env.user.name,
        date=display.display_value(journal, "undone_date"),
    )
    body, count = _UNDO_LINE.subn(lambda _match: line, str(note.body or ""))
    if count:
        note.body = Markup(body)


def log_on_tails(tails, master):
    """One line on each merged record, logged in one batch: a merge of 40
    records writes 40 notes in a few queries."""
    body = tails.env["ir.qweb"]._render(
        "crm_similar_leads.merge_note_tail", {"master_link": master._get_html_link()}
    )
    tails._message_log_batch({tail.id: body for tail in tails})
