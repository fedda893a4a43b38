import { notFound } from '../kernel/index.js';
import type { Actor } from '../access/index.js';
import { requirePermission } from '../access/index.js';
import { tables, type SocialorgDeps } from './deps.js';
import { annualReportsOf } from './annual.js';
import { entryViews } from './credit-lists.js';
import { today } from './deps.js';
import { actionNames } from './model.js';
import type { OrganisationDetail } from './queries.js';
import { toView } from './views.js';

/** An organisation's own staff see their file: the link is the registry organisation on their account. */
export async function myOrganisation(deps: SocialorgDeps, actor: Actor): Promise<OrganisationDetail> {
  requirePermission(actor, 'socialorg.report');
  const db = tables(deps);
  const row = actor.organisationId ? await db.selectFrom('socialorg.organisations').selectAll().where('registry_id', '=', actor.organisationId).executeTakeFirst() : undefined;
  if (!row) throw notFound('SOCIALORG_NOT_YOUR_ORGANISATION', '您的账号关联的机构不是在册的社会组织');
  const id = Number(row.id);
  const actions = await db.selectFrom('socialorg.actions').selectAll().where('organisation_id', '=', id).orderBy('seq').execute();
  return {
    organisation: toView(row),
    actions: actions.map((a) => ({ seq: Number(a.seq), action: a.action, actionName: actionNames[a.action], onDate: a.on_date, reason: a.reason, actorName: null, payload: {} })),
    reports: await annualReportsOf(db, id, today(deps)),
    entries: await entryViews(db, { organisationId: id }),
  };
}
