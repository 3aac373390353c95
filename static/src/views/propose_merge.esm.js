/**
 * Proposes to merge a lead just created with its strong duplicates. The
 * server decides: it returns the proposal window, or nothing when the company
 * turned the proposal off or the lead has no strong duplicate.
 *
 * @param {Object} orm the orm service
 * @param {Object} action the action service
 * @param {Number} leadId the lead just created
 */
export async function proposeMerge(orm, action, leadId) {
  const proposal = await orm.call("crm.lead", "action_similar_proposal", [[leadId]]);
  if (proposal) {
    await action.doAction(proposal);
  }
}
