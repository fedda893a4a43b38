/** The 16 district registries and the office a registrar works for (the office of their district). */
import type { Actor } from '../access/index.js';
import { forbidden, notFound } from '../kernel/index.js';
import type { MarriageDb } from './model.js';

export interface OfficeView {
  id: number;
  districtCode: string;
  code6: string;
  name: string;
  foreignFrom: string | null;
}

export async function listOffices(db: MarriageDb): Promise<OfficeView[]> {
  const rows = await db.selectFrom('marriage.offices').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, districtCode: r.district_code, code6: r.code6, name: r.name, foreignFrom: r.foreign_from }));
}

/** For residents choosing where to register: names and addresses, nothing else. */
export async function listOfficesWithAddress(deps: { db: import('../db/index.js').Database }): Promise<(OfficeView & { address: string })[]> {
  const rows = await deps.db.kysely.withTables<import('./model.js').MarriageTables>().selectFrom('marriage.offices').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, districtCode: r.district_code, code6: r.code6, name: r.name, foreignFrom: r.foreign_from, address: r.address }));
}

export async function officeById(db: MarriageDb, id: number): Promise<OfficeView> {
  const row = await db.selectFrom('marriage.offices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('MARRIAGE_UNKNOWN_OFFICE', '婚姻登记机关不存在');
  return { id: row.id, districtCode: row.district_code, code6: row.code6, name: row.name, foreignFrom: row.foreign_from };
}

/**
 * A registrar's office is the registry of the district their account is scoped to (one registry per district):
 * the user model's jurisdiction carries the scope, with no second field to keep in step.
 */
export async function officeOfActor(db: MarriageDb, actor: Actor): Promise<OfficeView> {
  const row = await db.selectFrom('marriage.offices').selectAll().where('district_code', '=', actor.jurisdiction).executeTakeFirst();
  if (!row) throw forbidden('MARRIAGE_NOT_AN_OFFICE', '您的账号未配置到某一婚姻登记机关（须为区级辖区）');
  return { id: row.id, districtCode: row.district_code, code6: row.code6, name: row.name, foreignFrom: row.foreign_from };
}
