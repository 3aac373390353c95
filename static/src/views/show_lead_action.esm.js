/**
 * After a merge or an undo (``tools/actions.py``, ``show_lead``): the record
 * kept is shown where the user came from. Its form in the breadcrumbs is
 * restored and reloaded, instead of being opened once more on top of them (a
 * breadcrumb more at each merge); else it is opened in place of the first
 * view of a lead merged away (a merged lead's form, and the views opened
 * from it, leave the breadcrumbs), else on top; without a record kept, the
 * view behind the window is reloaded. The chatters of the leads whose messages
 * moved are read again: the mail store only fetches messages newer than the
 * ones it holds, so moved messages would stay on screen.
 */
import {registry} from "@web/core/registry";

function forgetThreads(store, ids) {
  for (const id of ids) {
    const thread = store.Thread.get({model: "crm.lead", id});
    if (thread) {
      thread.messages = [];
      thread.isLoaded = false;
    }
  }
}

function isFormOf(crumb, leadId, names) {
  return (
    crumb &&
    crumb.isFormView &&
    names.includes(crumb.name) &&
    new RegExp(`/${leadId}(?:[?#]|$)`).test(crumb.url)
  );
}

export async function showLead(env, action) {
  const params = action.params;
  forgetThreads(env.services["mail.store"], params.moved_ids || []);
  if (params.message) {
    env.services.notification.add(params.message, {type: "success"});
  }
  const actionService = env.services.action;
  const controller = actionService.currentController;
  const crumbs = controller?.config?.breadcrumbs || [];
  const shown = params.on_screen
    ? crumbs.at(-1)
    : [...crumbs]
        .reverse()
        .find((crumb) => isFormOf(crumb, params.lead_id, params.names));
  if (shown) {
    await actionService.restore(shown.jsId);
    return;
  }
  // The views of a lead merged away (its form, its similar leads above it)
  // leave the breadcrumbs: the record kept takes the place of the first.
  const merged = params.merged || [];
  const gone = crumbs.findIndex((crumb) =>
    merged.some((lead) => isFormOf(crumb, lead.id, [lead.name]))
  );
  if (gone > 0 && params.fallback) {
    await actionService.restore(crumbs[gone - 1].jsId);
  }
  if (params.fallback) {
    await actionService.doAction(params.fallback, {clearBreadcrumbs: gone === 0});
    return;
  }
  if (controller) {
    await actionService.restore(controller.jsId);
  }
}

registry.category("actions").add("crm_similar_leads.show_lead", showLead);
