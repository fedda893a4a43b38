/**
 * Who may touch a case: the permission, the case's division in the jurisdiction, and for abuse cases only the
 * assigned 儿童主任 / 督导员 and district (or city) staff — anyone else gets the same 404 as for a missing case.
 */
import type { AccessRequest, Actor } from '../access/index.js';
import { recordNotFound } from '../kernel/index.js';
import type { ChildrenDb, ChildrenTables } from './model.js';

export type CaseRow = ChildrenTables['children.cases'] extends infer T ? { [K in keyof T]: T[K] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : T[K] } : never;

export function mayOpenAbuse(actor: Actor, row: { director_id: number | null; supervisor_id: number | null }): boolean {
  return actor.role === 'district_staff' || actor.role === 'city_admin' || actor.userId === row.director_id || actor.userId === row.supervisor_id;
}

/** Loads the case (for update when `lock`) and authorises the request on it; refused → audited 403/404. */
export async function caseFor(trx: ChildrenDb, actor: Actor, caseId: number, allow: (r: AccessRequest) => Promise<void>, request: Omit<AccessRequest, 'entityType' | 'entityId' | 'divisionCodes'>, lock = false): Promise<CaseRow> {
  let q = trx.selectFrom('children.cases').selectAll().where('id', '=', caseId);
  if (lock) q = q.forUpdate();
  const row = (await q.executeTakeFirst()) as CaseRow | undefined;
  const base = { ...request, entityType: 'child_case', entityId: caseId };
  if (!row) {
    await allow(base);
    throw recordNotFound();
  }
  await allow({ ...base, divisionCodes: [row.division_code] });
  if (row.abuse && !mayOpenAbuse(actor, row)) throw recordNotFound();
  return row;
}
