/**
 * Effective-dated parameters of adoption registration: defaults with their article in setting-defs.ts, corrections by a
 * city admin from a date on (audited). The value for a day is the latest one in force on it (kernel dated-settings).
 */
import type { Actor } from '../access/index.js';
import { datedHistory, datedValueOn, invalid, isValidDate, type DatedValue, type IsoDate } from '../kernel/index.js';
import { guardedTransaction } from './guard.js';
import type { AdoptionDb } from './model.js';
import { SETTING_NAMES, SETTINGS, type SettingName } from './setting-defs.js';

export { SETTINGS, SETTING_NAMES, type SettingName } from './setting-defs.js';

export interface AdoptionSettings {
  minorUnder: number;
  adopterMinAge: number;
  maxChildren: number;
  adoptionsWithoutChildren: number;
  adoptionsWithChildren: number;
  singleOppositeSexGap: number;
  consentAge: number;
  announcementDays: number;
  assessmentRequired: boolean;
  certificateFormat: string;
  /** The article each value quotes, for the check results. */
  source: Record<SettingName, string>;
}

type Stored = DatedValue & { name: string };

async function stored(db: AdoptionDb): Promise<Stored[]> {
  const rows = await db.selectFrom('adoption.settings').select(['name', 'valid_from', 'value', 'verified', 'source']).execute();
  return rows.map((r) => ({ name: r.name, from: r.valid_from, value: r.value, verified: r.verified, source: r.source }));
}

const history = (name: SettingName, rows: readonly Stored[]) =>
  datedHistory(
    SETTINGS[name].values,
    rows.filter((r) => r.name === name).map(({ name: _n, ...v }) => v),
  );

/** The values in force on a day, from the defaults alone (rules tests) or with the stored corrections. */
export function settingsOn(on: IsoDate, rows: readonly Stored[] = []): AdoptionSettings {
  const at = (name: SettingName) => datedValueOn(history(name, rows), on);
  const v = <T>(name: SettingName) => at(name).value as T;
  return {
    minorUnder: v<number>('adoptee.minorUnder'),
    adopterMinAge: v<number>('adopter.minAge'),
    maxChildren: v<number>('adopter.maxChildren'),
    adoptionsWithoutChildren: v<number>('adoptions.withoutChildren'),
    adoptionsWithChildren: v<number>('adoptions.withChildren'),
    singleOppositeSexGap: v<number>('singleOppositeSex.minGap'),
    consentAge: v<number>('consent.childAge'),
    announcementDays: v<number>('announcement.days'),
    assessmentRequired: v<boolean>('assessment.required'),
    certificateFormat: v<string>('certificate.format'),
    source: Object.fromEntries(SETTING_NAMES.map((n) => [n, at(n).source])) as Record<SettingName, string>,
  };
}

export async function loadSettings(db: AdoptionDb, on: IsoDate): Promise<AdoptionSettings> {
  return settingsOn(on, await stored(db));
}

export interface SettingView {
  name: string;
  label: string;
  description: string;
  current: DatedValue;
  history: DatedValue[];
}

export async function listSettings(db: AdoptionDb, on: IsoDate): Promise<SettingView[]> {
  const rows = await stored(db);
  return SETTING_NAMES.map((name) => {
    const all = history(name, rows);
    return { name, label: SETTINGS[name].label, description: SETTINGS[name].description, current: datedValueOn(all, on), history: all };
  });
}

/** A city admin sets a new value from a date on (the earlier values stay for the days they covered). */
export async function setSetting(db: AdoptionDb, actor: Actor, name: string, input: DatedValue, on: IsoDate): Promise<SettingView> {
  if (!(SETTING_NAMES as string[]).includes(name)) throw invalid('ADOPTION_UNKNOWN_SETTING', `没有名为 ${name} 的收养登记参数`);
  const key = name as SettingName;
  if (!isValidDate(input.from)) throw invalid('ADOPTION_INVALID_DATE', '生效日期无效');
  if (typeof input.value !== typeof SETTINGS[key].values[0].value) throw invalid('ADOPTION_SETTING_TYPE', '参数值的类型与该参数不符');
  if (typeof input.value === 'number' && (!Number.isInteger(input.value) || input.value < 0 || input.value > 200)) throw invalid('ADOPTION_SETTING_RANGE', '参数值须为0至200之间的整数');
  await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'adoption.configure', action: 'adoption.setting.set', entityType: 'adoption_setting', entityId: name, detail: { from: input.from, value: input.value as never } });
    await trx
      .insertInto('adoption.settings')
      .values({ name, valid_from: input.from, value: JSON.stringify(input.value), verified: input.verified, source: input.source, set_by: actor.userId })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ value: JSON.stringify(input.value), verified: input.verified, source: input.source, set_by: actor.userId }))
      .execute();
  });
  return (await listSettings(db, on)).find((s) => s.name === name) as SettingView;
}
