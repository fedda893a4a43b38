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
  'supervision.rectifyDays.minor': {
    label: '一般问题整改期限',
    unit: 'days',
    description: '检查发现一般问题的，自下达整改之日起此天数内整改到位（检查时可另行指定期限）',
    values: [{ from: SINCE, value: 30, verified: false, source: '配置值：30 天；养老机构监管“1+6”专项行动要求限期整改，具体期限未见正式文件' }],
  },
  'supervision.rectifyDays.major': {
    label: '较大隐患整改期限',
    unit: 'days',
    description: '检查发现较大隐患的，自下达整改之日起此天数内整改到位',
    values: [{ from: SINCE, value: 15, verified: false, source: '配置值：15 天，未见正式文件' }],
  },
  'supervision.rectifyDays.critical': {
    label: '重大隐患整改期限',
    unit: 'days',
    description: '检查发现重大隐患的，自下达整改之日起此天数内整改到位',
    values: [{ from: SINCE, value: 7, verified: false, source: '配置值：7 天，未见正式文件' }],
  },
  'supervision.prepaidEscrowPercent': {
    label: '预收费存管比例',
    unit: 'percent',
    description: '月末存管（监管）账户余额不得低于预收费余额的此百分比，低于即列为资金风险',
    values: [{ from: SINCE, value: 100, verified: false, source: '配置值：《上海市养老机构预收费监管实施办法》（2024）预收费全额纳入监管、押金全额第三方存管（据市民政局解读）；按余额比例核验为本系统口径' }],
  },
  'credit.windowMonths': {
    label: '信用评价统计期',
    unit: 'months',
    description: '统计评价日前此月数内的检查发现问题和逾期整改',
    values: [{ from: SINCE, value: 12, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.deduct.minor': {
    label: '一般问题扣分',
    unit: 'count',
    description: '统计期内每个一般问题扣此分（基础分 100）',
    values: [{ from: SINCE, value: 2, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.deduct.major': {
    label: '较大隐患扣分',
    unit: 'count',
    description: '统计期内每个较大隐患扣此分',
    values: [{ from: SINCE, value: 5, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.deduct.critical': {
    label: '重大隐患扣分',
    unit: 'count',
    description: '统计期内每个重大隐患扣此分',
    values: [{ from: SINCE, value: 10, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.deduct.overdue': {
    label: '逾期未整改扣分',
    unit: 'count',
    description: '统计期内每个发生逾期未整改的问题另扣此分',
    values: [{ from: SINCE, value: 10, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.gradePoints': {
    label: '等级评定加分（每级）',
    unit: 'count',
    description: '最近一次等级评定每一级加此分（一级加 1 倍，五级加 5 倍）',
    values: [{ from: SINCE, value: 2, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.qualityBaseline': {
    label: '服务质量监测基准分',
    unit: 'percent',
    description: '最近一次服务质量监测得分高于此分的加分、低于的扣分',
    values: [{ from: SINCE, value: 80, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.qualityWeightPercent': {
    label: '服务质量监测折算比例',
    unit: 'percent',
    description: '监测得分与基准分之差乘以此百分比计入信用分（四舍五入到整分）',
    values: [{ from: SINCE, value: 50, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.thresholdA': {
    label: '信用 A 级最低分',
    unit: 'percent',
    description: '信用分不低于此分为 A 级',
    values: [{ from: SINCE, value: 90, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.thresholdB': {
    label: '信用 B 级最低分',
    unit: 'percent',
    description: '信用分不低于此分（且未达 A 级）为 B 级',
    values: [{ from: SINCE, value: 75, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.thresholdC': {
    label: '信用 C 级最低分',
    unit: 'percent',
    description: '信用分不低于此分（且未达 B 级）为 C 级，低于此分为 D 级',
    values: [{ from: SINCE, value: 60, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
  },
  'credit.criticalOverdueIsD': {
    label: '重大隐患逾期未整改直接评为 D 级',
    unit: 'count',
    description: '1 = 评价日仍有重大隐患逾期未整改的，不论得分评为 D 级；0 = 只扣分',
    values: [{ from: SINCE, value: 1, verified: false, source: '配置值：《上海市养老服务机构信用评价管理办法》未公开评分细则，此为暂定口径' }],
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
