/**
 * Reading divisions over time: a division's rows and the orders that touched it, and counts of households and
 * persons "as on" a date for a division and its children in force that day (aggregates, stats.read, not audited).
 */
import { requirePermission, type Actor } from '../access/index.js';
import { divisionLevel, divisionPrefix, invalid, isValidDate, isWithin, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { divisionCountsOn, findDivision, type RegistryDb, type RegistryTables } from '../registry/index.js';
import { checkedCode, orderKindNames } from './divisions.js';
import type { CommunityDeps } from './roster.js';

const registry = (deps: CommunityDeps) => deps.db.kysely.withTables<RegistryTables>() as unknown as RegistryDb;

export interface DivisionCount {
  code: string;
  name: string;
  level: string;
  households: number;
  persons: number;
}

export interface DivisionCounts extends DivisionCount {
  on: IsoDate;
  children: DivisionCount[];
}

/** Households (with a member that day) and living residents of a division and of each child in force on `on`. */
export async function divisionCounts(deps: CommunityDeps, actor: Actor, rawCode: string, rawOn?: string): Promise<DivisionCounts> {
  requirePermission(actor, 'stats.read');
  const code = checkedCode(rawCode);
  const on = rawOn ?? todayInShanghai(deps.now());
  if (!isValidDate(on)) throw invalid('COMMUNITY_INVALID_DATE', `日期无效：${on}`);
  if (on > todayInShanghai(deps.now())) throw invalid('COMMUNITY_FUTURE_DATE', '不能查询未来日期的户数和人数');
  if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code)) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  const db = registry(deps);
  const division = await findDivision(db, code, on);
  if (!division) throw notFound('COMMUNITY_DIVISION_NOT_FOUND', `区划 ${code} 在 ${on} 不存在`);
  const counts = await divisionCountsOn(db, code, on);
  const sum = (prefix: string) => {
    let households = 0;
    let persons = 0;
    for (const [c, n] of counts)
      if (c.startsWith(prefix)) {
        households += n.households;
        persons += n.persons;
      }
    return { households, persons };
  };
  const children = await db
    .selectFrom('registry.divisions')
    .select(['code', 'name', 'level'])
    .where('parent_code', '=', code)
    .where('valid_from', '<=', on)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
    .orderBy('code')
    .execute();
  return {
    on,
    code,
    name: division.name,
    level: division.level,
    ...sum(divisionPrefix(code)),
    children: children.map((c) => ({ code: c.code, name: c.name, level: c.level, ...sum(divisionLevel(c.code) === 'committee' ? c.code : divisionPrefix(c.code)) })),
  };
}

export interface DivisionHistory {
  code: string;
  rows: { name: string; kind: string; parentCode: string | null; validFrom: IsoDate; validTo: IsoDate | null }[];
  orders: { id: number; kind: string; kindName: string; approvalNumber: string; reason: string; effectiveOn: IsoDate; detail: unknown }[];
}

/** Every row the division had and every order that named it, oldest first. */
export async function divisionHistory(deps: CommunityDeps, actor: Actor, rawCode: string): Promise<DivisionHistory> {
  requirePermission(actor, 'stats.read');
  const code = checkedCode(rawCode);
  if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code)) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  const db = registry(deps);
  const rows = await db.selectFrom('registry.divisions').selectAll().where('code', '=', code).orderBy('valid_from').execute();
  if (rows.length === 0) throw notFound('COMMUNITY_DIVISION_NOT_FOUND', `区划 ${code} 不存在`);
  const orders = await db
    .selectFrom('registry.division_orders')
    .selectAll()
    .where((eb) => eb(eb.ref('detail'), '@>', JSON.stringify({ codes: [code] }) as never))
    .orderBy('effective_on')
    .orderBy('id')
    .execute();
  return {
    code,
    rows: rows.map((r) => ({ name: r.name, kind: r.kind, parentCode: r.parent_code, validFrom: r.valid_from, validTo: r.valid_to })),
    orders: orders.map((o) => ({ id: Number(o.id), kind: o.kind, kindName: orderKindNames[o.kind], approvalNumber: o.approval_number, reason: o.reason, effectiveOn: o.effective_on, detail: o.detail })),
  };
}

/** The orders in the caller's jurisdiction, newest first (the committee history page). */
export async function listDivisionOrders(deps: CommunityDeps, actor: Actor): Promise<DivisionHistory['orders']> {
  requirePermission(actor, 'stats.read');
  const orders = await registry(deps).selectFrom('registry.division_orders').selectAll().orderBy('effective_on', 'desc').orderBy('id', 'desc').limit(200).execute();
  return orders
    .filter((o) => ((o.detail as { codes?: string[] })?.codes ?? []).some((c) => isWithin(c, actor.jurisdiction) || isWithin(actor.jurisdiction, c)))
    .map((o) => ({ id: Number(o.id), kind: o.kind, kindName: orderKindNames[o.kind], approvalNumber: o.approval_number, reason: o.reason, effectiveOn: o.effective_on, detail: o.detail }));
}
