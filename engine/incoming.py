"""Leads that come in by themselves: a website form, the mail gateway, another
application over Odoo's API. When the company says so (``res.company.
similar_incoming``: "add to the open lead"), an incoming lead that is an
exact duplicate of an open lead of the same person is added to that lead:
merged into it by the one merge engine (origin ``incoming``), so that its
message and attachments go to the open lead's chatter, the new record stays
archived and linked, and the merge can be undone; the open lead's
salesperson is notified. Replies to the new lead's messages thread on the
open lead (the merge moved them; a reply routed to the merged record is a
late arrival, redirected: ``models/crm_lead/late_arrivals.py``).

When: at the end of the transaction that created the lead (a pre-commit
hook), once what the entry point adds to it is there (the mail gateway
posts the message after creating the lead, the website form attaches its
files after it). The lead is scored then, in that transaction
(``pairs.catch_up``), rather than by the scheduled job after the commit: the
job would leave a few seconds in which a salesperson may take the new lead,
and a later transaction would have to lock and merge what this one
committed. Here the lead is never seen alone, the merge is part of its
creation, and a conflict (someone merging the open lead at that moment)
leaves it a new lead, flagged as any duplicate. A savepoint taken before the
end runs pre-commit hooks too: the lead is then merged there, and what
reaches it afterwards goes to the open lead as a late arrival.

Only exact duplicates (the stored pair ``is_exact``: the same mailbox or
number of a person, names agreeing, nothing against; and a score of the
duplicate class of the lead's company) of open leads (active, neither won
nor lost, not merged, created before: not another incoming lead of the
same transaction) are added; possible duplicates and related leads never.
"""

import logging

from markupsafe import Markup
from psycopg2 import OperationalError

from odoo import SUPERUSER_ID
from odoo.exceptions import UserError
from odoo.http import request
from odoo.service.server import thread_local
from odoo.tools import SQL

from . import pairs
from .lead_merge import LeadMerge
from .pair_sql import DUPLICATE_FROM, NOT_DISMISSED

_logger = logging.getLogger(__name__)

#: The company's choice (``res.company.similar_incoming``).
KEEP, ADD = "keep", "add"
#: Where a lead came from.
MAIL, WEBSITE, API = "mail", "website", "api"
#: Pre-commit data: ``{lead id: source}`` of the incoming leads of the
#: transaction not handled yet.
MARKED = "crm_similar_leads.incoming"
#: The path of the website's forms (``website``'s controller, which
#: ``website_crm`` opens to leads).
FORM_PATH = "/website/form/"
#: The path of Odoo's JSON-2 API (XML-RPC and JSON-RPC: see ``source_of``).
JSON2_PATH = "/json/2/"


def source_of(leads):
    """Where leads just created come from: a website form, Odoo's external
    API (XML-RPC, JSON-RPC, JSON-2), or None (not incoming: a user's screen
    and the web client's calls, an import, a module's code, a scheduled
    job; the mail gateway says so itself: ``message_new``)."""
    if leads.env.context.get("import_file"):
        return None
    try:
        path = request.httprequest.path
    except (AttributeError, RuntimeError):
        # No request: XML-RPC and JSON-RPC set it aside while they run the
        # call (odoo.http.borrow_request), having named the method called
        # (reset by each request; never set in a scheduled job's thread).
        return API if getattr(thread_local, "rpc_model_method", "") else None
    if path.startswith(FORM_PATH):
        return WEBSITE
    if path.startswith(JSON2_PATH):
        return API
    return None


def mark(leads, source):
    """``leads`` came in from ``source``: handled at the end of the
    transaction."""
    if not leads or not source:
        return
    cr = leads.env.cr
    if MARKED not in cr.precommit.data:
        cr.precommit.data[MARKED] = {}
        env = leads.env
        cr.precommit.add(lambda: at_commit(env))
    cr.precommit.data[MARKED].update(dict.fromkeys(leads.ids, source))


def at_commit(env):
    """Adds the incoming leads of the transaction to their open lead, where
    their company wants it."""
    marked = env.cr.precommit.data.pop(MARKED, None)
    if not marked:
        return
    env = env(user=SUPERUSER_ID, su=True, context={})
    leads = env["crm.lead"].browse(sorted(marked)).exists()
    leads = leads.filtered(
        lambda lead: (
            lead.active
            and not lead.merged_into_id
            and lead.won_status == "pending"
            and (lead.company_id or env.company).similar_incoming == ADD
        )
    )
    if not leads:
        return
    pairs.up_to_date(env)
    pairs.catch_up(env, leads.ids)
    targets = open_duplicates(env, leads.ids, exclude=marked.keys())
    for lead in leads:
        target = targets.get(lead.id)
        if target:
            add_to(lead, env["crm.lead"].browse(target), marked[lead.id])
    env.flush_all()


def open_duplicates(env, ids, exclude=()):
    """``{lead id: id of its open lead}``: for each of ``ids``, its strongest
    exact duplicate that is open (created first on a tie), other than the
    leads ``exclude``."""
    rows = env.execute_query(
        SQL(
            """SELECT DISTINCT ON (pair.lead_id) pair.lead_id, pair.other_id
                 FROM crm_lead_similar_pair pair
                 JOIN crm_lead origin ON origin.id = pair.lead_id
                 JOIN crm_lead other ON other.id = pair.other_id
                 JOIN res_company company
                   ON company.id = COALESCE(origin.company_id, %(company)s)
                WHERE pair.lead_id = ANY(%(ids)s)
                  AND pair.other_id <> ALL(%(exclude)s)
                  AND pair.is_exact
                  AND pair.score >= %(duplicate_from)s
                  AND other.active AND other.merged_into_id IS NULL
                  AND other.won_status = 'pending'
                  AND %(not_dismissed)s
                ORDER BY pair.lead_id, pair.score DESC, other.create_date, other.id""",
            company=env.company.id,
            ids=list(ids),
            exclude=sorted({*ids, *exclude}),
            duplicate_from=DUPLICATE_FROM,
            not_dismissed=NOT_DISMISSED,
        )
    )
    return dict(rows)


def add_to(lead, target, source):
    """Merges ``lead`` into ``target``, keeping ``target``; notifies its
    salesperson. A merge refused (someone else is merging these leads)
    leaves ``lead`` a new lead."""
    env = lead.env
    try:
        with env.cr.savepoint():
            LeadMerge(lead | target, target, origin="incoming").run()
    except (UserError, OperationalError) as error:
        _logger.info(
            "Incoming lead %s not added to lead %s: %s", lead.id, target.id, error
        )
        return False
    notify(target, lead, source)
    return True


def notify(target, lead, source):
    """Tells the open lead's salesperson that a new request of the same
    person was added to it."""
    user = target.user_id
    if not user or not user.partner_id:
        return
    env = target.env(context={"lang": user.lang or target.env.lang})
    came = {
        MAIL: env._("by email"),
        WEBSITE: env._("through the website form"),
        API: env._("from another application"),
    }.get(source, "")
    body = Markup("<p>%s</p>") % env._(
        "%(person)s asked again %(channel)s (“%(request)s”): added to this lead.",
        person=lead.contact_name or lead.partner_name or lead.email_from or "",
        channel=came,
        request=lead.name or "",
    )
    target.with_env(env).message_notify(
        partner_ids=user.partner_id.ids,
        body=body,
        subject=env._("New request on %(lead)s", lead=target.display_name),
        model_description=env._("Lead"),
    )
