/**
 * Effective-dated parameters of elderly care. Defaults live here with their source; a value the seeds and the
 * law do not fix ships with `verified: false` and can be corrected through the API (city admin, audited)
 * from a date on, without a code change. The value for a day is the latest one in force on it.
 */
import { hasPermission, type Actor } from '../access/index.js';
import { forbidden, invalid, isValidDate, type Fen, type IsoDate } from '../kernel/index.js';
import { DEVICE_CODES, RENTAL_GROUPS, type DeviceCode, type RentalGroup } from './rental-model.js';
import { SUBSIDY_BANDS, SUBSIDY_STATUSES, type SubsidyBand, type SubsidyStatus } from './service-subsidy-model.js';
import { tables, type EldercareDeps } from './deps.js';
import { guardedTransaction } from './guard.js';
import { PRIORITY_GROUPS, type EldercareDb, type PriorityGroup } from './model.js';
import { SETTING_NAMES, SETTINGS, type SettingName, type SettingValue, type Unit } from './setting-defs.js';

export { SETTING_NAMES, SETTINGS, type SettingName, type SettingValue } from './setting-defs.js';

export interface EldercareSettings {
  validityMonths: number;
  expiryNoticeDays: number;
  minAssessmentLevel: number;
  priorityOrder: PriorityGroup[];
  age80: number;
  offerDays: number;
  maxDeclines: number;
  nursingShareTargetPercent: number;
  cognitiveBedsTarget: number;
  cognitiveCountsAsNursing: boolean;
  /** 云监管: rectification deadlines by severity, the prepaid escrow share and the credit rating's weights. */
  supervision: {
    rectifyDays: Record<'minor' | 'major' | 'critical', number>;
    prepaidEscrowPercent: number;
    credit: {
      windowMonths: number;
      deduct: Record<'minor' | 'major' | 'critical' | 'overdue', number>;
      gradePoints: number;
      qualityBaseline: number;
      qualityWeightPercent: number;
      thresholds: Record<'A' | 'B' | 'C', number>;
      criticalOverdueIsD: boolean;
    };
  };
  /** 康复辅具社区租赁: the subsidy share by group and each catalogue device's monthly rent (0 = not offered). */
  rental: { subsidyPercent: Record<RentalGroup, number>; rents: Record<DeviceCode, Fen> };
  /** 养老服务补贴: monthly amount by household status and care-level band, from the minimum age. */
  serviceSubsidy: { minAge: number; amounts: Record<SubsidyStatus, Record<SubsidyBand, Fen>> };
  /** The value and its date for each setting, so a decision can say what it used. */
  used: Record<SettingName, SettingValue>;
}

type Stored = SettingValue & { name: string };

async function stored(db: EldercareDb): Promise<Stored[]> {
  const rows = await db.selectFrom('eldercare.settings').select(['name', 'valid_from', 'value', 'verified', 'source']).execute();
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

export function resolveSettings(rows: readonly Stored[], on: IsoDate): EldercareSettings {
  const used = Object.fromEntries(SETTING_NAMES.map((n) => [n, inForce(history(n, rows), on)])) as Record<SettingName, SettingValue>;
  const n = (name: SettingName) => used[name].value as number;
  return {
    validityMonths: n('assessment.validityMonths'),
    expiryNoticeDays: n('assessment.expiryNoticeDays'),
    minAssessmentLevel: n('waitlist.minAssessmentLevel'),
    priorityOrder: used['waitlist.priorityOrder'].value as PriorityGroup[],
    age80: n('waitlist.age80'),
    offerDays: n('waitlist.offerDays'),
    maxDeclines: n('waitlist.maxDeclines'),
    nursingShareTargetPercent: n('figures.nursingShareTargetPercent'),
    cognitiveBedsTarget: n('figures.cognitiveBedsTarget'),
    cognitiveCountsAsNursing: n('figures.cognitiveCountsAsNursing') === 1,
    supervision: {
      rectifyDays: { minor: n('supervision.rectifyDays.minor'), major: n('supervision.rectifyDays.major'), critical: n('supervision.rectifyDays.critical') },
      prepaidEscrowPercent: n('supervision.prepaidEscrowPercent'),
      credit: {
        windowMonths: n('credit.windowMonths'),
        deduct: { minor: n('credit.deduct.minor'), major: n('credit.deduct.major'), critical: n('credit.deduct.critical'), overdue: n('credit.deduct.overdue') },
        gradePoints: n('credit.gradePoints'),
        qualityBaseline: n('credit.qualityBaseline'),
        qualityWeightPercent: n('credit.qualityWeightPercent'),
        thresholds: { A: n('credit.thresholdA'), B: n('credit.thresholdB'), C: n('credit.thresholdC') },
        criticalOverdueIsD: n('credit.criticalOverdueIsD') === 1,
      },
    },
    rental: {
      subsidyPercent: Object.fromEntries(RENTAL_GROUPS.map((g) => [g, n(`rental.subsidyPercent.${g}`)])) as Record<RentalGroup, number>,
      rents: Object.fromEntries(DEVICE_CODES.map((d) => [d, n(`rental.rent.${d}`)])) as Record<DeviceCode, Fen>,
    },
    serviceSubsidy: {
      minAge: n('serviceSubsidy.minAge'),
      amounts: Object.fromEntries(SUBSIDY_STATUSES.map((st) => [st, Object.fromEntries(SUBSIDY_BANDS.map((b) => [b, n(`serviceSubsidy.${st}.${b}`)]))])) as Record<SubsidyStatus, Record<SubsidyBand, Fen>>,
    },
    used,
  };
}

export async function loadSettings(db: EldercareDb, on: IsoDate): Promise<EldercareSettings> {
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

/** Parameters are not personal data: anyone who works with elderly care may read them. */
export async function listSettings(deps: EldercareDeps, actor: Actor, on: IsoDate): Promise<SettingView[]> {
  if (!hasPermission(actor.role, 'eldercare.read') && !hasPermission(actor.role, 'eldercare.configure')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  const rows = await stored(tables(deps));
  return SETTING_NAMES.map((name) => {
    const { values: _v, ...def } = SETTINGS[name];
    const all = history(name, rows);
    return { ...def, name, current: inForce(all, on), history: all };
  });
}

const RANGES: Record<Exclude<Unit, 'groups'>, [number, number]> = { months: [1, 120], days: [0, 365], level: [0, 6], count: [0, 200], percent: [0, 100], beds: [0, 10_000_000], fen: [0, 10_000_000] };

function checkValue(name: SettingName, value: unknown): unknown {
  const unit = SETTINGS[name].unit;
  if (unit === 'groups') {
    const ok = Array.isArray(value) && value.length === PRIORITY_GROUPS.length && PRIORITY_GROUPS.every((g) => value.includes(g));
    if (!ok) throw invalid('ELDERCARE_INVALID_SETTING', `轮候优先对象顺序须恰好包含以下类别各一次：${PRIORITY_GROUPS.join('、')}`);
    return value;
  }
  const [min, max] = RANGES[unit];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) throw invalid('ELDERCARE_INVALID_SETTING', `参数值须为 ${min}–${max} 之间的整数`);
  return value;
}

/** A new dated value: applies from `from` on; decisions already made keep the value they were made with. */
export async function setSetting(deps: EldercareDeps, actor: Actor, name: string, input: { from: IsoDate; value: unknown; verified: boolean; source: string }): Promise<SettingView> {
  if (!(SETTING_NAMES as string[]).includes(name)) throw invalid('ELDERCARE_UNKNOWN_SETTING', `未知的养老服务参数：${name}`);
  const setting = name as SettingName;
  const value = checkValue(setting, input.value);
  if (!isValidDate(input.from)) throw invalid('ELDERCARE_INVALID_DATE', `生效日期无效：${input.from}`);
  const source = input.source.trim();
  if (!source) throw invalid('ELDERCARE_SOURCE_REQUIRED', '须注明参数来源或调整理由');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'eldercare.configure', action: 'eldercare.setting.set', entityType: 'eldercare_setting', entityId: setting, detail: { from: input.from, value, verified: input.verified, source } });
    const row = { value: JSON.stringify(value), verified: input.verified, source, set_by: actor.userId };
    await trx
      .insertInto('eldercare.settings')
      .values({ name: setting, valid_from: input.from, ...row })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ ...row, set_at: new Date() }))
      .execute();
  });
  return (await listSettings(deps, actor, input.from)).find((v) => v.name === setting) as SettingView;
}
