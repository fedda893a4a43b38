/**
 * Effective-dated parameters (setting-defs.ts): the value for a day is the latest one in force on it; a city
 * admin sets a new value from a date on (audited), decisions already made keep the value they used.
 */
import { hasPermission, type Actor } from '../access/index.js';
import { forbidden, invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { guardedTransaction } from './guard.js';
import type { OrgType, SocialorgDb } from './model.js';
import { SETTING_NAMES, SETTINGS, type SettingName, type SettingValue, type Unit } from './setting-defs.js';

export { SETTING_NAMES, SETTINGS, type SettingName, type SettingValue } from './setting-defs.js';

type Stored = SettingValue & { name: string };

export interface SocialorgSettings {
  get<N extends SettingName>(name: N): (typeof SETTINGS)[N]['values'][number]['value'];
  num(name: SettingName): number;
  formWords: Record<OrgType, string[]>;
  /** The value and its source for each setting, so a decision can quote what it used. */
  used: Record<SettingName, SettingValue>;
}

async function stored(db: SocialorgDb): Promise<Stored[]> {
  const rows = await db.selectFrom('socialorg.settings').select(['name', 'valid_from', 'value', 'verified', 'source']).execute();
  return rows.map((r) => ({ name: r.name, from: r.valid_from, value: r.value, verified: r.verified, source: r.source }));
}

function history(name: SettingName, rows: readonly Stored[]): SettingValue[] {
  const own = rows.filter((r) => r.name === name).map(({ name: _n, ...value }) => value);
  const defaults = (SETTINGS[name].values as readonly SettingValue[]).filter((d) => !own.some((o) => o.from === d.from));
  return [...defaults, ...own].sort((a, b) => (a.from < b.from ? -1 : 1));
}

function inForce(values: readonly SettingValue[], on: IsoDate): SettingValue {
  let found = values[0] as SettingValue;
  for (const value of values) if (value.from <= on) found = value;
  return found;
}

export function resolveSettings(rows: readonly Stored[], on: IsoDate): SocialorgSettings {
  const used = Object.fromEntries(SETTING_NAMES.map((n) => [n, inForce(history(n, rows), on)])) as Record<SettingName, SettingValue>;
  return {
    get: (name) => used[name].value as never,
    num: (name) => used[name].value as number,
    formWords: used['names.formWords'].value as Record<OrgType, string[]>,
    used,
  };
}

export async function loadSettings(db: SocialorgDb, on: IsoDate): Promise<SocialorgSettings> {
  return resolveSettings(await stored(db), on);
}

export interface SettingView {
  name: SettingName;
  label: string;
  unit: Unit;
  description: string;
  current: SettingValue;
  history: SettingValue[];
}

export async function listSettings(db: SocialorgDb, actor: Actor, on: IsoDate): Promise<SettingView[]> {
  if (!hasPermission(actor.role, 'socialorg.read') && !hasPermission(actor.role, 'socialorg.configure')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  const rows = await stored(db);
  return SETTING_NAMES.map((name) => {
    const { values: _v, ...def } = SETTINGS[name];
    const all = history(name, rows);
    return { ...def, name, current: inForce(all, on), history: all };
  });
}

const isWords = (x: unknown) => Array.isArray(x) && x.length > 0 && x.every((w) => typeof w === 'string' && w.length > 0 && w.length <= 20);

function checkValue(unit: Unit, value: unknown): boolean {
  switch (unit) {
    case 'days':
    case 'months':
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 3650;
    case 'people':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 100_000_000;
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
    case 'fen':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    case 'month-day':
      return typeof value === 'string' && /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value) && isValidDate(`2023-${value}`);
    case 'words':
      return isWords(value);
    case 'form-words':
      return typeof value === 'object' && value !== null && ['social_group', 'social_service', 'foundation'].every((k) => isWords((value as Record<string, unknown>)[k]));
    case 'spending-bands':
      return (
        Array.isArray(value) &&
        value.length > 0 &&
        value.every(
          (b) =>
            typeof b === 'object' &&
            b !== null &&
            ['minNetAssetsFen', 'minSpendPercent', 'maxManagementPercent', 'minIncomePercent'].every((k) => Number.isSafeInteger((b as Record<string, unknown>)[k]) && ((b as Record<string, number>)[k] as number) >= 0) &&
            ['income', 'net_assets'].includes((b as Record<string, unknown>).base as string),
        )
      );
    case 'switch':
      return typeof value === 'boolean';
  }
}

export async function setSetting(db: SocialorgDb, actor: Actor, name: string, input: { from: IsoDate; value: unknown; verified: boolean; source: string }): Promise<SettingView> {
  if (!(SETTING_NAMES as string[]).includes(name)) throw invalid('SOCIALORG_UNKNOWN_SETTING', `未知的社会组织参数：${name}`);
  const setting = name as SettingName;
  if (!checkValue(SETTINGS[setting].unit, input.value)) throw invalid('SOCIALORG_INVALID_SETTING', `参数“${SETTINGS[setting].label}”的取值格式不正确`);
  if (!isValidDate(input.from)) throw invalid('SOCIALORG_INVALID_DATE', `生效日期无效：${input.from}`);
  const source = input.source.trim();
  if (!source) throw invalid('SOCIALORG_SOURCE_REQUIRED', '须注明参数来源或调整理由');
  await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.configure', action: 'socialorg.setting.set', entityType: 'socialorg_setting', entityId: setting, detail: { from: input.from, value: input.value, verified: input.verified, source } });
    const row = { value: JSON.stringify(input.value), verified: input.verified, source, set_by: actor.userId };
    await trx
      .insertInto('socialorg.settings')
      .values({ name: setting, valid_from: input.from, ...row })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ ...row, set_at: new Date() }))
      .execute();
  });
  return (await listSettings(db, actor, input.from)).find((s) => s.name === setting) as SettingView;
}
