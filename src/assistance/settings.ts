/**
 * The workflow's configurable rules (assistance.settings). Values not confirmed from an official text are
 * flagged `verified: false` and shown as such, so an administrator corrects them without a code change.
 * A change applies from a date on (assistance.setting_values): the value in force on a day is the latest one
 * dated on or before it, else the initial configuration, so a value set for next month leaves today's alone.
 */
import { appendAudit, requirePermission, type Actor } from '../access/index.js';
import { auditable } from './guard.js';
import { invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import type { AssistanceDb, AssistanceProgramme } from './model.js';

export interface AssistanceSettings {
  /** 临时救助: the most a caseworker may propose for one case. */
  temporaryCeilingFen: number;
  /** 公示期 in days. */
  noticeDays: number;
  /** Days from application to decision before a case counts as overdue. */
  decisionDeadlineDays: number;
  /** 定期复核 interval by programme, months. */
  reviewIntervalMonths: Partial<Record<AssistanceProgramme, number>>;
  /** 每月系统抽查 share of cases in payment, per mille. */
  samplingRatePermille: number;
  /** 临时救助 amount rule: per household member, this many ‰ of the 低保 standard, by hardship type. */
  temporaryMultiplierPermille: Record<HardshipType, number>;
  /** A household's 临时救助 within 12 months may not add up to more than this. */
  temporaryYearlyCapFen: number;
  /** 先行救助: the most the street may pay at once. */
  temporaryEmergencyLimitFen: number;
  /** 先行救助: days to file the paperwork after paying. */
  temporaryPaperworkDays: number;
  /** 追缴: the most of a month's payment deducted for an open overpayment, per mille. */
  recoveryDeductionPermille: number;
  /** 价格临时补贴: CPI and food-price rise (y/y, ‰) above which the month triggers, and the amount per person. */
  priceCpiThresholdPermille: number;
  priceFoodThresholdPermille: number;
  priceAmountFenPerPersonMonth: number;
}

/** 临时救助 hardship types (困难类型); each has its multiplier setting `temporary.multiplier.<type>`. */
export const HARDSHIP_TYPES = ['illness', 'accident', 'disaster', 'basic_living'] as const;
export type HardshipType = (typeof HARDSHIP_TYPES)[number];
export const hardshipNames: Record<HardshipType, string> = { illness: '重大疾病', accident: '意外事故或突发事件', disaster: '自然灾害', basic_living: '基本生活暂时困难' };

/** One value of a setting; `from` is null for the initial configuration (in force until the first dated value). */
export interface SettingValueView {
  from: IsoDate | null;
  value: unknown;
  verified: boolean;
  note: string;
  setBy: string | null;
  setAt: string | null;
}

export interface SettingView {
  key: string;
  /** The value in force on the day asked for, with its flag and note. */
  value: unknown;
  verified: boolean;
  note: string;
  updatedBy: string | null;
  from: IsoDate | null;
  /** Every value: the initial one, then the dated ones by date (including those not yet in force). */
  history: SettingValueView[];
}

const isCount = (v: unknown, max: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

const validators: Record<string, [(v: unknown) => boolean, string]> = {
  'temporary.ceilingFen': [(v) => isCount(v, 100_000_000), '须为 0 至 100 万元之间的金额（以分为单位的整数）'],
  'notice.days': [(v) => isCount(v, 60) && (v as number) >= 1, '须为 1–60 之间的整数天数'],
  'decision.deadlineDays': [(v) => isCount(v, 365) && (v as number) >= 1, '须为 1–365 之间的整数天数'],
  'review.intervalMonths': [(v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((m) => isCount(m, 60) && (m as number) >= 1), '各救助项目的复核间隔须为 1–60 之间的整数月数'],
  'sampling.ratePermille': [(v) => isCount(v, 1000), '须为 0–1000 之间的整数千分比'],
  ...Object.fromEntries(HARDSHIP_TYPES.map((t) => [`temporary.multiplier.${t}`, [(v: unknown) => isCount(v, 100_000), '须为 0–100000 之间的整数千分比（1000 即 1 倍低保标准）'] as const])),
  'temporary.yearlyCapFen': [(v) => isCount(v, 100_000_000), '须为 0 至 100 万元之间的金额（以分为单位的整数）'],
  'temporary.emergencyLimitFen': [(v) => isCount(v, 100_000_000), '须为 0 至 100 万元之间的金额（以分为单位的整数）'],
  'temporary.paperworkDays': [(v) => isCount(v, 90) && (v as number) >= 1, '须为 1–90 之间的整数天数'],
  'recovery.deductionPermille': [(v) => isCount(v, 1000), '须为 0–1000 之间的整数千分比'],
  'price.cpiThresholdPermille': [(v) => isCount(v, 500), '须为 0–500 之间的整数千分比（35 即 3.5%）'],
  'price.foodThresholdPermille': [(v) => isCount(v, 1000), '须为 0–1000 之间的整数千分比（70 即 7%）'],
  'price.amountFenPerPersonMonth': [(v) => isCount(v, 1_000_000), '须为 0 至 1 万元之间的金额（以分为单位的整数）'],
};

export async function listSettings(db: AssistanceDb, on: IsoDate): Promise<SettingView[]> {
  const base = await db.selectFrom('assistance.settings').selectAll().orderBy('key').execute();
  const dated = await db.selectFrom('assistance.setting_values').selectAll().orderBy('valid_from').orderBy('id').execute();
  return base.map((b) => {
    const initial: SettingValueView = { from: null, value: b.value, verified: b.verified, note: b.note, setBy: b.updated_by, setAt: null };
    const own = dated.filter((d) => d.key === b.key).map((d): SettingValueView => ({ from: d.valid_from, value: d.value, verified: d.verified, note: d.note, setBy: d.set_by, setAt: new Date(d.set_at).toISOString() }));
    // Rows are ordered by date then entry, so the last one dated on or before the day is the one in force.
    const current = own.filter((v) => (v.from as IsoDate) <= on).at(-1) ?? initial;
    return { key: b.key, value: current.value, verified: current.verified, note: current.note, updatedBy: current.setBy, from: current.from, history: [initial, ...own] };
  });
}

export async function loadSettings(db: AssistanceDb, on: IsoDate): Promise<AssistanceSettings> {
  const byKey = new Map((await listSettings(db, on)).map((s) => [s.key, s.value]));
  const value = <T>(key: string): T => {
    if (!byKey.has(key)) throw new Error(`assistance setting ${key} missing`);
    return byKey.get(key) as T;
  };
  return {
    temporaryCeilingFen: value<number>('temporary.ceilingFen'),
    noticeDays: value<number>('notice.days'),
    decisionDeadlineDays: value<number>('decision.deadlineDays'),
    reviewIntervalMonths: value<Partial<Record<AssistanceProgramme, number>>>('review.intervalMonths'),
    samplingRatePermille: value<number>('sampling.ratePermille'),
    temporaryMultiplierPermille: Object.fromEntries(HARDSHIP_TYPES.map((t) => [t, value<number>(`temporary.multiplier.${t}`)])) as Record<HardshipType, number>,
    temporaryYearlyCapFen: value<number>('temporary.yearlyCapFen'),
    temporaryEmergencyLimitFen: value<number>('temporary.emergencyLimitFen'),
    temporaryPaperworkDays: value<number>('temporary.paperworkDays'),
    recoveryDeductionPermille: value<number>('recovery.deductionPermille'),
    priceCpiThresholdPermille: value<number>('price.cpiThresholdPermille'),
    priceFoodThresholdPermille: value<number>('price.foodThresholdPermille'),
    priceAmountFenPerPersonMonth: value<number>('price.amountFenPerPersonMonth'),
  };
}

export interface SettingChange {
  value: unknown;
  verified: boolean;
  note?: string;
  /** The day the value applies from; today when left out. */
  from?: IsoDate;
}

/**
 * An administrator's change from a day on; it stays unverified unless they say it was checked, and is audited
 * with the value in force before it. A second change for the same day replaces the first (both stay in history).
 */
export async function updateSetting(db: AssistanceDb, actor: Actor, key: string, change: SettingChange, today: IsoDate): Promise<SettingView> {
  requirePermission(actor, 'assistance.configure');
  const rule = validators[key];
  if (!rule) throw invalid('ASSISTANCE_UNKNOWN_SETTING', `未知配置项：${key}`);
  if (!rule[0](change.value)) throw invalid('ASSISTANCE_INVALID_SETTING', `取值不合法：${rule[1]}`);
  const from = change.from ?? today;
  if (!isValidDate(from)) throw invalid('ASSISTANCE_INVALID_DATE', `生效日期无效：${from}`);
  if (from < today) throw invalid('ASSISTANCE_PAST_DATE', '生效日期不能早于今天：已经作出的决定按当时的配置，不能追溯修改');
  return db.transaction().execute(async (trx) => {
    const before = (await listSettings(trx, from)).find((s) => s.key === key);
    if (!before) throw invalid('ASSISTANCE_UNKNOWN_SETTING', `未知配置项：${key}`);
    const note = change.note?.trim() || before.note;
    await trx
      .insertInto('assistance.setting_values')
      .values({ key, valid_from: from, value: JSON.stringify(change.value), verified: change.verified, note, set_by: actor.username })
      .execute();
    await appendAudit(auditable(trx), {
      actor,
      action: 'assistance.settings.update',
      entityType: 'assistance_setting',
      entityId: key,
      result: 'ok',
      detail: { from: before.value, to: change.value, validFrom: from, verified: change.verified, note },
    });
    return (await listSettings(trx, today)).find((s) => s.key === key) as SettingView;
  });
}
