/** The registrar's reads: the desk's list, one organisation's file, the decision clocks that ran out. */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { divisionPrefix, invalid, recordNotFound, type IsoDate } from '../kernel/index.js';
import { annualReportsOf, type ReportView } from './annual.js';
import { entryViews, type EntryView } from './credit-lists.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { allowRead } from './guard.js';
import { PAGE_DEFAULT, pageOf, parseCursor } from './keyset.js';
import { actionNames, type ActionKind, type OrgType, type Status } from './model.js';
import { toView, type OrganisationView } from './views.js';

export interface OrganisationFilter {
  q?: string;
  orgType?: OrgType;
  status?: Status;
  districtCode?: string;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export async function listOrganisations(deps: SocialorgDeps, actor: Actor, filter: OrganisationFilter = {}): Promise<{ total: number; items: OrganisationView[] }> {
  requirePermission(actor, 'socialorg.read');
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('SOCIALORG_INVALID_LIMIT', '每页条数须为1–500');
  let q = tables(deps)
    .selectFrom('socialorg.organisations')
    .where('registrar_division', 'like', `${divisionPrefix(actor.jurisdiction)}%`);
  if (filter.q?.trim()) q = q.where(sql<boolean>`strpos(name, ${filter.q.trim()}) > 0 or credit_code = ${filter.q.trim().toUpperCase()}`);
  if (filter.orgType) q = q.where('org_type', '=', filter.orgType);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.districtCode) q = q.where('district_code', '=', filter.districtCode);
  if (filter.overdue) q = q.where('pending_due', '<', today(deps));
  const [{ n }] = await q.select(sql<number>`count(*)::int`.as('n')).execute();
  const rows = await q
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(filter.offset ?? 0)
    .execute();
  return { total: Number(n), items: rows.map(toView) };
}

export interface ActionView {
  seq: number;
  action: ActionKind;
  actionName: string;
  onDate: IsoDate;
  reason: string | null;
  actorName: string | null;
  payload: Record<string, unknown>;
}

export interface OrganisationDetail {
  organisation: OrganisationView;
  actions: ActionView[];
  reports: ReportView[];
  entries: EntryView[];
}

/** One file; reading another registrar's file is refused and audited like any record outside the jurisdiction. */
export async function getOrganisationDetail(deps: SocialorgDeps, actor: Actor, id: number): Promise<OrganisationDetail> {
  const db = tables(deps);
  const row = await db.selectFrom('socialorg.organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) {
    requirePermission(actor, 'socialorg.read');
    throw recordNotFound();
  }
  await allowRead(db, actor, { permission: 'socialorg.read', action: 'socialorg.organisation.read', entityType: 'socialorg', entityId: id, divisionCodes: [row.registrar_division] });
  const actions = await db.selectFrom('socialorg.actions').selectAll().where('organisation_id', '=', id).orderBy('seq').execute();
  return {
    organisation: toView(row),
    actions: actions.map((a) => ({ seq: Number(a.seq), action: a.action, actionName: actionNames[a.action], onDate: a.on_date, reason: a.reason, actorName: a.actor_username, payload: a.payload })),
    reports: await annualReportsOf(db, id, today(deps)),
    entries: await entryViews(db, { organisationId: id }),
  };
}

/** The registrar's list entries, newest listing first, a keyset page at a time (`keyset.ts`). */
export async function listEntries(deps: SocialorgDeps, actor: Actor, filter: { list?: 'abnormal' | 'serious'; open?: boolean; limit?: number; cursor?: string }): Promise<{ items: EntryView[]; nextCursor: string | null }> {
  requirePermission(actor, 'socialorg.read');
  const limit = filter.limit ?? PAGE_DEFAULT;
  const rows = await entryViews(tables(deps), { list: filter.list, open: filter.open, registrarPrefix: divisionPrefix(actor.jurisdiction), limit: limit + 1, after: parseCursor(filter.cursor) });
  return pageOf(rows, limit, (e) => ({ date: e.listedOn, id: e.id }));
}
