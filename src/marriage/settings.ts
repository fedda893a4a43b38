/**
 * Effective-dated parameters of marriage registration: defaults with their source in setting-defs.ts, corrections
 * by a city admin from a date on (audited). The value for a day is the latest one in force on it.
 */
import type { Actor } from '../access/index.js';
import { invalid, isValidDate, type IsoDate, type PeriodRules } from '../kernel/index.js';
import { guardedTransaction } from './deps.js';
import type { MarriageDb } from './model.js';
import { SETTING_NAMES, SETTINGS, type SettingName, type SettingValue } from './setting-defs.js';

export { SETTINGS, SETTING_NAMES, type SettingName, type SettingValue } from './setting-defs.js';

export interface MarriageSettings {
  ageMen: number;
  ageWomen: number;
  ageDayAfter: boolean;
  coolingOffDays: number;
  certificateDays: number;
  period: PeriodRules;
  minDaysAhead: number;
  horizonDays: number;
  walkInPercent: number;
  certificateFormat: string;
}

type Stored = SettingValue & { name: string };

async function stored(db: MarriageDb): Promise<Stored[]> {
  const rows = await db.selectFrom('marriage.settings').select(['name', 'valid_from', 'value', 'verified', 'source']).execute();
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

export async function loadSettings(db: MarriageDb, on: IsoDate): Promise<MarriageSettings> {
  const rows = await stored(db);
  const v = <T>(name: SettingName) => inForce(history(name, rows), on).value as T;
  return {
    ageMen: v<number>('age.men'),
    ageWomen: v<number>('age.women'),
    ageDayAfter: v<boolean>('age.reachedDayAfterBirthday'),
    coolingOffDays: v<number>('divorce.coolingOffDays'),
    certificateDays: v<number>('divorce.certificateDays'),
    period: { startDayCounts: v<boolean>('divorce.receiptDayCounts'), holidayExtends: v<boolean>('divorce.holidayExtends'), weekendsAreHolidays: v<boolean>('divorce.weekendsAreHolidays') },
    minDaysAhead: v<number>('booking.minDaysAhead'),
    horizonDays: v<number>('booking.horizonDays'),
    walkInPercent: v<number>('booking.walkInPercent'),
    certificateFormat: v<string>('certificate.format'),
  };
}

export interface SettingView {
  name: string;
  label: string;
  description: string;
  current: SettingValue;
  history: SettingValue[];
}

export async function listSettings(db: MarriageDb, on: IsoDate): Promise<SettingView[]> {
  const rows = await stored(db);
  return SETTING_NAMES.map((name) => {
    const all = history(name, rows);
    return { name, label: SETTINGS[name].label, description: SETTINGS[name].description, current: inForce(all, on), history: all };
  });
}

const sameType = (a: unknown, b: unknown) => typeof a === typeof b;

/** A city admin sets a new value from a date on (the earlier values stay for the days they covered). */
export async function setSetting(db: MarriageDb, actor: Actor, name: string, input: SettingValue, on: IsoDate): Promise<SettingView> {
  if (!(SETTING_NAMES as string[]).includes(name)) throw invalid('MARRIAGE_UNKNOWN_SETTING', `没有名为 ${name} 的婚姻登记参数`);
  const key = name as SettingName;
  if (!isValidDate(input.from)) throw invalid('MARRIAGE_INVALID_DATE', '生效日期无效');
  if (!sameType(input.value, SETTINGS[key].values[0].value)) throw invalid('MARRIAGE_SETTING_TYPE', '参数值的类型与该参数不符');
  await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.configure', action: 'marriage.setting.set', entityType: 'marriage_setting', entityId: name, detail: { from: input.from, value: input.value as never } });
    await trx
      .insertInto('marriage.settings')
      .values({ name, valid_from: input.from, value: JSON.stringify(input.value), verified: input.verified, source: input.source, set_by: actor.userId })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ value: JSON.stringify(input.value), verified: input.verified, source: input.source, set_by: actor.userId }))
      .execute();
  });
  return (await listSettings(db, on)).find((s) => s.name === name) as SettingView;
}
