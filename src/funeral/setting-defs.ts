/**
 * The parameters of the funeral line with their defaults and sources (../shared/reference/MARRIAGE-FUNERAL.md
 * part B). A value a cited text fixes is `verified: true`; every other one is configured (`verified: false`)
 * with the reason for the default. Each is dated: the value in force on the death date applies.
 */
import type { Fen, IsoDate } from '../kernel/index.js';

export interface SettingValue<T> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

/** An item of the 身故一件事 checklist: answered by a module's `<module>.death.settled`, or ticked by staff. */
export interface ChecklistItemDef {
  key: string;
  label: string;
  kind: 'auto' | 'manual';
  /** The module whose settled event answers an automatic item. */
  module?: string;
  /** Only on the checklist of a death where this holds: `headless_household` — the registry found the household the deceased headed left without a head. */
  when?: 'headless_household';
}

export interface IntakeQuestion {
  key: string;
  question: string;
}

const SINCE = '2019-01-01';

export const SETTINGS = {
  'checklist.items': {
    label: '身故一件事事项清单',
    values: [
      {
        from: SINCE,
        verified: false,
        source: '配置值：未见官方事项清单；按参考资料 B3 的常见事项组合（户籍注销、民政待遇停发、社保丧葬补助金、医保、公积金、身份证）',
        value: [
          { key: 'registry', label: '人口库登记死亡', kind: 'auto', module: 'registry' },
          { key: 'assistance', label: '社会救助停发（低保、特困等）', kind: 'auto', module: 'assistance' },
          { key: 'monitoring', label: '老年综合津贴等津贴停发', kind: 'auto', module: 'monitoring' },
          { key: 'eldercare', label: '养老床位退床、轮候申请关闭', kind: 'auto', module: 'eldercare' },
          { key: 'marriage', label: '婚姻关系终止（配偶婚姻状况为丧偶）', kind: 'auto', module: 'marriage' },
          { key: 'children', label: '未成年子女及被监护儿童（困境儿童报告、监护复核）', kind: 'auto', module: 'children' },
          { key: 'pension', label: '养老金停发及丧葬补助金、抚恤金申领（社保经办机构）', kind: 'manual' },
          { key: 'medical', label: '医保个人账户结算', kind: 'manual' },
          { key: 'housing_fund', label: '住房公积金提取（继承人）', kind: 'manual' },
          { key: 'id_card', label: '户籍注销及身份证交回（派出所）', kind: 'manual' },
          { key: 'disability', label: '残疾人两项补贴停发（残联）', kind: 'manual' },
          { key: 'household_head', label: '变更户主（原户主已故，家庭尚有成员；街镇经办人员办理）', kind: 'manual', when: 'headless_household' },
        ] as ChecklistItemDef[],
      },
    ],
  },
  'supervision.rectifyDays': {
    label: '检查发现问题的整改期限（日）',
    values: [{ from: SINCE, value: 30, verified: false, source: '配置值：未见殡葬领域统一整改期限，按 30 日设置' }],
  },
  'complaint.answerWorkingDays': {
    label: '投诉办结时限（工作日）',
    values: [{ from: SINCE, value: 15, verified: false, source: '配置值：按 12345 热线工单一般办结时限 15 个工作日设置，未见殡葬专门文件' }],
  },
  'intake.questions': {
    label: '殡葬服务“八必问”承接问询清单',
    values: [
      {
        from: SINCE,
        verified: false,
        source: '配置值：未见本市“八必问”正式条目；按惠民殡葬政策告知与明码标价要求拟定，须以主管部门文本替换',
        value: [
          { key: 'identity', question: '逝者身份与死亡证明是否齐全（医学死亡证明或死亡确认）' },
          { key: 'organiser', question: '丧事承办人及联系方式' },
          { key: 'basic_service', question: '是否已告知基本殡葬服务项目及减免政策（每具 980 元以内）' },
          { key: 'assistance', question: '逝者是否为低保、特困、因病支出型贫困或优抚对象' },
          { key: 'eco_burial', question: '是否已告知海葬、树葬等节地生态安葬及补贴' },
          { key: 'price_list', question: '是否已出示明码标价并由家属自主选择服务和用品' },
          { key: 'ashes', question: '骨灰领取或寄存意向（15 日内领取，寄存不超过 1 年）' },
          { key: 'transport', question: '是否需要跨省运送遗体或骨灰（运输证明）' },
        ] as IntakeQuestion[],
      },
    ],
  },
  'checklist.overdueHours': {
    label: '自动事项超期时限（小时）',
    values: [{ from: SINCE, value: 24, verified: false, source: '配置值：各模块应在死亡登记后 24 小时内答复，未见文件' }],
  },
  'subsidy.basicCapFen': {
    label: '基本殡葬服务补贴上限（分）',
    values: [{ from: '2024-10-21', value: 98_000, verified: true, source: '上海市民政局《关于本市安葬服务的便民问答》（2024-10-21）：每具遗体最高 980 元，按实结算' }],
  },
  'subsidy.seaFamilyFen': {
    label: '海葬补贴：家属补贴（分）',
    values: [{ from: '2013-01-01', value: 300_000, verified: false, source: '海葬服务机构问答（2025）：3,000 元给家属；未见正式文本' }],
  },
  'subsidy.seaTransportFen': {
    label: '海葬补贴：家属交通、船票、保险（分，最多 6 人）',
    values: [{ from: '2013-01-01', value: 160_000, verified: false, source: '海葬服务机构问答（2025）：1,600 元用于家属交通、船票和保险（最多 6 人）；未见正式文本' }],
  },
  'subsidy.seaPayWorkingDays': {
    label: '海葬补贴发放时间（仪式后工作日）',
    values: [{ from: '2013-01-01', value: 60, verified: false, source: '海葬服务机构问答（2025）：仪式后 60 个工作日打入银行账户，不发现金' }],
  },
  'subsidy.ecoFen': {
    label: '树葬、草坪葬、花坛葬、壁葬补贴（分）',
    values: [{ from: SINCE, value: { tree: null, lawn: null, flower_bed: null, wall: null } as Record<string, Fen | null>, verified: false, source: '未见金额（《上海市节地生态安葬补贴实施办法》修订后的标准未查到）；未配置时不予受理' }],
  },
  'grant.funeralFen': {
    label: '丧葬补助金（分）',
    values: [{ from: SINCE, value: null as Fen | null, verified: false, source: '本市金额未查到；未配置时告知书写“以社保经办机构核定为准”' }],
  },
  'grant.survivorFen': {
    label: '一次性抚恤金（分）',
    values: [{ from: SINCE, value: null as Fen | null, verified: false, source: '本市金额未查到；未配置时告知书写“以社保经办机构核定为准”' }],
  },
  'notice.hukouDays': {
    label: '户籍注销期限（天）',
    values: [{ from: '2008-01-01', value: 15, verified: true, source: '沪公发〔2008〕83号：死亡后 15 日内到派出所注销户口' }],
  },
  'notice.ashesDays': {
    label: '骨灰领取期限（天）',
    values: [{ from: '2024-10-21', value: 15, verified: true, source: '上海市民政局《关于本市安葬服务的便民问答》（2024-10-21）：告别后 15 日内凭领灰证明领取或寄存' }],
  },
  'kpi.smallPlotM2': {
    label: '节地生态安葬：小型墓面积上限（m²）',
    values: [{ from: '2021-01-01', value: 0.6, verified: true, source: '《上海市民政事业发展“十四五”规划》指标 15：新开墓区单穴占地 ≤ 0.6 m²' }],
  },
  'kpi.ecoTargetPercent': {
    label: '节地生态安葬率目标（%）',
    values: [{ from: '2021-01-01', value: 90, verified: true, source: '《上海市民政事业发展“十四五”规划》：2025 年达到 90% 以上（2020 年基数 45%）' }],
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<K extends SettingKey> = (typeof SETTINGS)[K]['values'][number]['value'];

/** The value in force on a date (the latest `from` not after it); the earliest when the date precedes them all. */
export function settingOn<K extends SettingKey>(key: K, on: IsoDate): { value: ValueOf<K>; verified: boolean; source: string; from: IsoDate } {
  const values = [...SETTINGS[key].values].sort((a, b) => a.from.localeCompare(b.from)) as SettingValue<ValueOf<K>>[];
  const current = values.filter((v) => v.from <= on).at(-1) ?? values[0];
  if (!current) throw new Error(`setting ${key} has no value`);
  return current;
}

export const settingList = () => Object.entries(SETTINGS).map(([key, def]) => ({ key, label: def.label, values: def.values.map((v) => ({ ...v })) }));
