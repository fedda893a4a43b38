/**
 * Effective-dated parameters of elderly care. Defaults live here with their source; a value the seeds and the
 * law do not fix ships with `verified: false` and can be corrected through the API (city admin, audited)
 * from a date on, without a code change. The value for a day is the latest one in force on it.
 */
import { hasPermission, type Actor } from '../access/index.js';
import { forbidden, invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { tables, type EldercareDeps } from './deps.js';
import { guardedTransaction } from './guard.js';
import { PRIORITY_GROUPS, type EldercareDb, type PriorityGroup } from './model.js';

export interface SettingValue<T = unknown> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

type Unit = 'months' | 'days' | 'level' | 'count' | 'percent' | 'beds' | 'groups';

interface SettingDef<T> {
  label: string;
  unit: Unit;
  description: string;
  values: readonly SettingValue<T>[];
}

const SINCE = '2016-01-01';

export const SETTINGS = {
  'assessment.validityMonths': {
    label: '统一需求评估结果有效期',
    unit: 'months',
    description: '评估结论自评估之日起在此期限内有效，期满须重新评估',
    values: [{ from: SINCE, value: 24, verified: true, source: 'POLICY-FACTS 2.3：评估结果有效期最长 2 年' }],
  },
  'assessment.expiryNoticeDays': {
    label: '评估到期提醒提前天数',
    unit: 'days',
    description: '评估有效期届满前此天数内列入到期提醒清单',
    values: [{ from: SINCE, value: 60, verified: false, source: '配置值：到期前 60 天提醒，未见正式文件' }],
  },
  'waitlist.minAssessmentLevel': {
    label: '保基本床位轮候的最低照护等级',
    unit: 'level',
    description: '轮候时须持有效的统一需求评估结论且照护等级不低于此级',
    values: [{ from: SINCE, value: 2, verified: false, source: '配置值：2 级（照护等级 2–6 级可享长期照护服务，POLICY-FACTS 2.3）；保基本床位的具体门槛未见文件' }],
  },
  'waitlist.priorityOrder': {
    label: '轮候优先对象顺序',
    unit: 'groups',
    description: '先按所属最优先的对象类别排序，再按照护等级（高者在前），再按申请日期（早者在前）',
    values: [{ from: SINCE, value: [...PRIORITY_GROUPS], verified: false, source: '配置值：按种子文件列举顺序（特困、低保低收入、残疾、高龄、计生特殊家庭、优抚对象），其先后未见正式文件' }],
  },
  'waitlist.age80': {
    label: '高龄优先的年龄',
    unit: 'count',
    description: '年满此周岁（按轮候排序当日计算）属高龄优先对象',
    values: [{ from: SINCE, value: 80, verified: true, source: '种子文件：80 周岁及以上高龄老年人' }],
  },
  'waitlist.offerDays': {
    label: '床位通知答复期限',
    unit: 'days',
    description: '发出床位通知后须在此天数内答复，逾期视为放弃，床位转给下一位',
    values: [{ from: SINCE, value: 3, verified: false, source: '配置值：3 天，未见正式文件' }],
  },
  'waitlist.maxDeclines': {
    label: '放弃床位次数上限',
    unit: 'count',
    description: '累计放弃（含逾期未答复）达到此次数即移出轮候，须重新申请',
    values: [{ from: SINCE, value: 3, verified: false, source: '配置值：3 次，未见正式文件' }],
  },
  'figures.nursingShareTargetPercent': {
    label: '护理型床位占比目标',
    unit: 'percent',
    description: '护理型床位数 / 养老床位数（“十四五”规划约束性指标）',
    values: [{ from: SINCE, value: 60, verified: true, source: '种子文件：“十四五”规划指标 护理型床位占比 ≥60%' }],
  },
  'figures.cognitiveBedsTarget': {
    label: '认知障碍照护床位数目标',
    unit: 'beds',
    description: '全市老年认知障碍照护床位数（“十四五”规划约束性指标）',
    values: [{ from: SINCE, value: 15_000, verified: true, source: '种子文件：“十四五”规划指标 认知障碍照护床位 ≥15000 张' }],
  },
  'figures.cognitiveCountsAsNursing': {
    label: '认知障碍照护床位计入护理型床位',
    unit: 'count',
    description: '1 = 计算护理型床位占比时把认知障碍照护床位计入护理型床位，0 = 不计入',
    values: [{ from: SINCE, value: 1, verified: false, source: '配置值：认知障碍照护床位按护理型床位标准建设，故计入；统计口径未见文件' }],
  },
} as const satisfies Record<string, SettingDef<unknown>>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

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

const RANGES: Record<Exclude<Unit, 'groups'>, [number, number]> = { months: [1, 120], days: [0, 365], level: [0, 6], count: [0, 200], percent: [0, 100], beds: [0, 10_000_000] };

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
    await allow({ permission: 'eldercare.configure', action: 'eldercare.setting.set', entityType: 'eldercare_setting', entityId: setting, detail: { ...input, source } });
    const row = { value: JSON.stringify(value), verified: input.verified, source, set_by: actor.userId };
    await trx
      .insertInto('eldercare.settings')
      .values({ name: setting, valid_from: input.from, ...row })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ ...row, set_at: new Date() }))
      .execute();
  });
  return (await listSettings(deps, actor, input.from)).find((v) => v.name === setting) as SettingView;
}
