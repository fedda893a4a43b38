/**
 * Effective-dated parameters (setting-defs.ts for defaults and sources). The value for a day is the latest in
 * force on it; a city admin adds a value from a date on (audited), never edits the past.
 */
import { hasPermission, type Actor } from '../access/index.js';
import { invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { allowRead, guardedTransaction } from './guard.js';
import type { Category, ChildrenDb } from './model.js';
import { SETTING_NAMES, SETTINGS, type SettingName, type SettingValue } from './setting-defs.js';

export interface ChildrenSettings {
  startMonthsAfterDecision: number;
  termMonths: number;
  severeGradeMax: number;
  mentalCategories: string[];
  seriousDiseases: string[];
  firstHoursNoCarer: number;
  firstDays: number;
  monthlyCategories: Category[];
  reviewMonths: number;
  livingFen: number;
  livingIncludesLowIncome: boolean;
  careFen: number;
  careExtraCategories: string[];
  rehabCoverageTargetPercent: number;
  used: Record<SettingName, SettingValue>;
}

type Stored = SettingValue & { name: string };

async function stored(db: ChildrenDb): Promise<Stored[]> {
  const rows = await db.selectFrom('children.settings').select(['name', 'valid_from', 'value', 'verified', 'source']).execute();
  return rows.map((r) => ({ name: r.name, from: r.valid_from, value: r.value, verified: r.verified, source: r.source }));
}

function history(name: SettingName, rows: readonly Stored[]): SettingValue[] {
  const own = rows.filter((r) => r.name === name).map(({ name: _n, ...v }) => v);
  const defaults = (SETTINGS[name].values as readonly SettingValue[]).filter((d) => !own.some((o) => o.from === d.from));
  return [...defaults, ...own].sort((a, b) => (a.from < b.from ? -1 : 1));
}

function inForce(values: readonly SettingValue[], on: IsoDate): SettingValue {
  let found = values[0] as SettingValue;
  for (const v of values) if (v.from <= on) found = v;
  return found;
}

export async function loadSettings(db: ChildrenDb, on: IsoDate): Promise<ChildrenSettings> {
  const rows = await stored(db);
  const used = Object.fromEntries(SETTING_NAMES.map((n) => [n, inForce(history(n, rows), on)])) as Record<SettingName, SettingValue>;
  const v = <T>(n: SettingName) => used[n].value as T;
  return {
    startMonthsAfterDecision: v('allowance.startMonthsAfterDecision'),
    termMonths: v('rule.termMonths'),
    severeGradeMax: v('rule.severeGradeMax'),
    mentalCategories: v('rule.mentalCategories'),
    seriousDiseases: v('rule.seriousDiseases'),
    firstHoursNoCarer: v('visit.firstHoursNoCarer'),
    firstDays: v('visit.firstDays'),
    monthlyCategories: v('visit.monthlyCategories'),
    reviewMonths: v('review.intervalMonths'),
    livingFen: v('subsidy.livingAmountFen'),
    livingIncludesLowIncome: v('subsidy.livingIncludesLowIncome'),
    careFen: v('subsidy.careAmountFen'),
    careExtraCategories: v('subsidy.careExtraCategories'),
    rehabCoverageTargetPercent: v('rehab.coverageTargetPercent'),
    used,
  };
}

export interface SettingView {
  name: string;
  label: string;
  unit: string;
  description: string;
  current: SettingValue;
  history: SettingValue[];
}

export async function listSettings(db: ChildrenDb, actor: Actor, on: IsoDate): Promise<SettingView[]> {
  // The city admin who sets them reads them too, without reading any child's case.
  await allowRead(db, actor, { permission: hasPermission(actor.role, 'children.configure') ? 'children.configure' : 'children.read', action: 'children.settings.read' });
  const rows = await stored(db);
  return SETTING_NAMES.map((name) => {
    const h = history(name, rows);
    return { name, label: SETTINGS[name].label, unit: SETTINGS[name].unit, description: SETTINGS[name].description, current: inForce(h, on), history: h };
  });
}

function checkValue(name: SettingName, value: unknown): void {
  const unit = SETTINGS[name].unit;
  const ok = unit === 'categories' ? Array.isArray(value) && value.every((x) => typeof x === 'string') : unit === 'flag' ? typeof value === 'boolean' : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (!ok || (unit === 'percent' && (value as number) > 100)) throw invalid('CHILDREN_INVALID_SETTING', `参数「${SETTINGS[name].label}」的取值格式不正确`);
}

export async function setSetting(db: ChildrenDb, actor: Actor, name: string, input: { from: IsoDate; value: unknown; verified: boolean; source: string }, on: IsoDate): Promise<SettingView> {
  if (!(SETTING_NAMES as string[]).includes(name)) throw invalid('CHILDREN_UNKNOWN_SETTING', `没有名为 ${name} 的参数`);
  const key = name as SettingName;
  if (!isValidDate(input.from)) throw invalid('CHILDREN_INVALID_DATE', '生效日期格式错误');
  checkValue(key, input.value);
  await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'children.configure', action: 'children.settings.set', entityType: 'setting', entityId: key, detail: { from: input.from, value: input.value } });
    await trx
      .insertInto('children.settings')
      .values({ name: key, valid_from: input.from, value: JSON.stringify(input.value), verified: input.verified, source: input.source, set_by: actor.userId })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ value: JSON.stringify(input.value), verified: input.verified, source: input.source, set_by: actor.userId }))
      .execute();
  });
  const all = await listSettings(db, actor, on);
  return all.find((s) => s.name === key) as SettingView;
}
