/**
 * Parameters in the database. The pack's values stay the code defaults (reviewed with the rules); the city
 * administrator adds dated values — a new 低保标准 from 1 July, or a corrected, now verified figure — without
 * a release. Effective table = code defaults overlaid by the latest administrator row per (name, from).
 * The pack's own values are copied into policy.parameter_values (origin 'pack') so that one listing shows
 * every value with its date and verified flag.
 */
import { sql } from 'kysely';
import { authorize, hasPermission, type Actor } from '../access/index.js';
import { invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { checkParameterTable, type DatedValue, type ParameterDef, type ParameterTable, type ParamValue } from './params.js';
import type { PolicyPack, PolicyWarning } from './programme.js';
import { accessOf, type PolicyDb } from './store-model.js';

export interface StoredParameterValue {
  readonly from: IsoDate;
  readonly value: number | number[];
  readonly verified: boolean;
  readonly note: string;
  readonly origin: 'pack' | 'admin';
  readonly enteredBy: string | null;
  readonly enteredAt: string | null;
  readonly warnings: PolicyWarning[];
  /** False when a later administrator row for the same date replaced it. */
  readonly inForce: boolean;
}

export interface ParameterListing {
  readonly name: string;
  readonly label: string;
  readonly unit: ParameterDef['unit'];
  readonly description: string;
  readonly values: StoredParameterValue[];
}

export interface NewParameterValue {
  readonly from: string;
  readonly value: unknown;
  readonly verified?: boolean;
  readonly note: string;
}

/** Copies the pack's values into the table; rows already equal are left alone (no write). */
export async function syncPackParameters(db: PolicyDb, pack: PolicyPack): Promise<void> {
  const rows = Object.entries(pack.parameters).flatMap(([name, def]) =>
    def.values.map((v) => ({ pack: pack.id, name, valid_from: v.from, value: JSON.stringify(v.value), verified: v.verified, note: v.note ?? '', origin: 'pack' as const })),
  );
  await db
    .insertInto('policy.parameter_values')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['pack', 'name', 'valid_from'])
        .where('origin', '=', 'pack')
        .doUpdateSet({ value: sql`excluded.value`, verified: sql`excluded.verified`, note: sql`excluded.note` })
        .where(sql<boolean>`(policy.parameter_values.value, policy.parameter_values.verified, policy.parameter_values.note) is distinct from (excluded.value, excluded.verified, excluded.note)`),
    )
    .execute();
}

interface AdminRow {
  name: string;
  valid_from: string;
  value: unknown;
  verified: boolean;
  note: string;
}

const adminRows = (db: PolicyDb, pack: PolicyPack): Promise<AdminRow[]> =>
  db.selectFrom('policy.parameter_values').select(['name', 'valid_from', 'value', 'verified', 'note']).where('pack', '=', pack.id).where('origin', '=', 'admin').orderBy('id').execute();

function overlay(base: ParameterTable, rows: readonly AdminRow[]): ParameterTable {
  const table: Record<string, ParameterDef> = { ...base };
  for (const r of rows) {
    const def = table[r.name];
    if (!def || !shapeFits(def, r.value)) continue; // a parameter the pack no longer has, or a value of another shape
    const entry: DatedValue = { from: r.valid_from, value: r.value, verified: r.verified, note: r.note };
    const values = def.values.filter((v) => v.from !== r.valid_from);
    values.push(entry);
    values.sort((a, b) => (a.from < b.from ? -1 : 1));
    table[r.name] = { ...def, values };
  }
  return table;
}

function shapeFits(def: ParameterDef, value: unknown): value is ParamValue {
  if (def.unit === 'fenBySize') return Array.isArray(value) && value.length > 0 && value.every((n) => Number.isSafeInteger(n) && n >= 0);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The table every decision, screen and simulation of this installation uses. */
export async function effectiveParameters(db: PolicyDb, pack: PolicyPack): Promise<ParameterTable> {
  return overlay(pack.parameters, await adminRows(db, pack));
}

const warningsOf = (pack: PolicyPack, table: ParameterTable): PolicyWarning[] => (pack.checks ?? []).flatMap((check) => check(table));
const warningKey = (w: PolicyWarning) => `${w.code}|${w.parameter}|${w.from}`;

export async function listParameters(db: PolicyDb, pack: PolicyPack): Promise<{ parameters: ParameterListing[]; warnings: PolicyWarning[] }> {
  await syncPackParameters(db, pack);
  const rows = await db
    .selectFrom('policy.parameter_values')
    .select(['id', 'name', 'valid_from', 'value', 'verified', 'note', 'origin', 'entered_by_username', 'entered_at', 'warnings'])
    .where('pack', '=', pack.id)
    .orderBy('name')
    .orderBy('valid_from')
    .orderBy('id')
    .execute();
  const latestAdmin = new Map<string, number>();
  for (const r of rows) if (r.origin === 'admin') latestAdmin.set(`${r.name}|${r.valid_from}`, r.id);
  const parameters = Object.entries(pack.parameters).map(
    ([name, def]): ParameterListing => ({
      name,
      label: def.label,
      unit: def.unit,
      description: def.description ?? '',
      values: rows
        .filter((r) => r.name === name)
        .map((r) => {
          const replacedBy = latestAdmin.get(`${r.name}|${r.valid_from}`);
          return {
            from: r.valid_from,
            value: r.value as number | number[],
            verified: r.verified,
            note: r.note,
            origin: r.origin,
            enteredBy: r.entered_by_username,
            enteredAt: r.origin === 'admin' ? new Date(r.entered_at).toISOString() : null,
            warnings: (r.warnings ?? []) as PolicyWarning[],
            inForce: replacedBy === undefined || replacedBy === r.id,
          };
        }),
    }),
  );
  return { parameters, warnings: warningsOf(pack, await effectiveParameters(db, pack)) };
}

const bad = (message: string) => invalid('POLICY_INVALID_PARAMETER_VALUE', message);

function validateValue(def: ParameterDef, input: NewParameterValue): { from: IsoDate; value: ParamValue; verified: boolean; note: string } {
  if (typeof input.from !== 'string' || !isValidDate(input.from)) throw bad(`生效日期须为 YYYY-MM-DD 格式的有效日期：${String(input.from)}`);
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (!note || note.length > 500) throw bad('请填写说明（数值来源或文件依据），不超过 500 字');
  if (input.verified !== undefined && typeof input.verified !== 'boolean') throw bad('是否已核实须为 true 或 false');
  const limit = def.unit === 'permille' ? 100_000 : 1_000_000_000;
  const one = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(`${what}须为整数（${def.unit === 'permille' ? '千分比，如 1.3 倍填 1300' : '单位：分'}）`);
    if (v < 0 || v > limit) throw bad(`${what}超出合理范围（0 至 ${limit}）`);
    return v;
  };
  let value: ParamValue;
  if (def.unit === 'fenBySize') {
    if (!Array.isArray(input.value) || input.value.length === 0 || input.value.length > 20) throw bad(`参数「${def.label}」须为按家庭人数排列的金额数组（单位：分）`);
    value = input.value.map((v, i) => one(v, `第 ${i + 1} 项`));
  } else {
    value = one(input.value, `参数「${def.label}」的数值`);
  }
  return { from: input.from, value, verified: input.verified ?? false, note };
}

/**
 * 市局管理员 adds a dated value. Pack checks run on the resulting table: a warning (e.g. the new 低保标准 is
 * below 33 % of last year's consumption) does not refuse the value — the standard is set politically — but
 * is returned, stored with the value and written into the audit entry.
 */
export async function addParameterValue(db: PolicyDb, actor: Actor, pack: PolicyPack, name: string, input: NewParameterValue) {
  const request = { permission: 'policy.params.write' as const, action: 'policy.parameter.add', entityType: 'parameter', entityId: name };
  if (!hasPermission(actor.role, request.permission)) await authorize(accessOf(db), actor, request); // audits the refusal, throws 403
  const def = pack.parameters[name];
  if (!def) throw notFound('POLICY_UNKNOWN_PARAMETER', `未知参数：${name}`);
  const value = validateValue(def, input);
  return db.transaction().execute(async (trx) => {
    await syncPackParameters(trx, pack);
    // One administrator at a time per pack: the warnings are computed against the table this entry extends.
    await sql`select pg_advisory_xact_lock(7231101, hashtext(${pack.id}))`.execute(trx);
    const before = await effectiveParameters(trx, pack);
    const after = overlay(before, [{ name, valid_from: value.from, value: value.value, verified: value.verified, note: value.note }]);
    try {
      checkParameterTable(after);
    } catch (error) {
      throw bad(`参数表校验未通过：${error instanceof Error ? error.message : String(error)}`);
    }
    const known = new Set(warningsOf(pack, before).map(warningKey));
    const warnings = warningsOf(pack, after).filter((w) => !known.has(warningKey(w)));
    await authorize(accessOf(trx), actor, { ...request, detail: { from: value.from, value: value.value, verified: value.verified, note: value.note, warnings: warnings.map((w) => w.message) } });
    await trx
      .insertInto('policy.parameter_values')
      .values({
        pack: pack.id,
        name,
        valid_from: value.from,
        value: JSON.stringify(value.value),
        verified: value.verified,
        note: value.note,
        origin: 'admin',
        warnings: JSON.stringify(warnings),
        entered_by: actor.userId,
        entered_by_username: actor.username,
      })
      .execute();
    return { name, label: def.label, unit: def.unit, ...value, value: typeof value.value === 'number' ? value.value : [...value.value], warnings };
  });
}
