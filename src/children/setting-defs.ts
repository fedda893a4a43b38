/**
 * Parameters of children's and disability welfare with their sources
 * (/work/shared/reference/CHILDREN-COMMUNITY-INDICATORS.md §1–4, "the reference"). A value a cited rule fixes is
 * `verified: true`; the others are configured values (`verified: false`) that a city admin corrects from a date on.
 */
import type { IsoDate } from '../kernel/index.js';

export interface SettingValue<T = unknown> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

interface SettingDef<T> {
  label: string;
  unit: 'fen' | 'months' | 'hours' | 'days' | 'categories' | 'flag' | 'percent';
  description: string;
  values: readonly SettingValue<T>[];
}

const NATIONAL = '民政部等12部门《关于进一步加强事实无人抚养儿童保障工作的意见》（民发〔2019〕62号）';

export const SETTINGS = {
  'allowance.startMonthsAfterDecision': {
    label: '基本生活费起发月份（认定后第几个月）',
    unit: 'months',
    description: '区级认定当月之后此月数起发放',
    values: [{ from: '2018-01-01', value: 1, verified: false, source: '配置值：认定次月起发放（参考资料 §1.5，medium）' }],
  },
  'rule.termMonths': {
    label: '服刑在押、强制隔离戒毒、限制人身自由、失联的最短期限',
    unit: 'months',
    description: '刑期或措施期限（失联自公安机关受理报案之日起）不少于此月数方属事实无人抚养的情形',
    values: [{ from: '2019-06-01', value: 6, verified: true, source: NATIONAL }],
  },
  'rule.severeGradeMax': {
    label: '重残：任何类别的最高等级',
    unit: 'months',
    description: '残疾等级不高于此级（1 级最重）属重残',
    values: [{ from: '2019-06-01', value: 2, verified: true, source: `${NATIONAL}：一级、二级残疾` }],
  },
  'rule.mentalCategories': {
    label: '三、四级残疾也属重残的类别',
    unit: 'categories',
    description: '此类别的三级、四级残疾视同重残',
    values: [{ from: '2019-06-01', value: ['智力', '精神'], verified: true, source: `${NATIONAL}：三级、四级智力或精神残疾` }],
  },
  'rule.seriousDiseases': {
    label: '大病目录（重病的病种）',
    unit: 'categories',
    description: '父母或儿童的重病须为目录内的病种；诊断未注明病种的按诊断证明认定',
    values: [
      {
        from: '2019-06-01',
        value: ['恶性肿瘤', '白血病', '先天性心脏病', '终末期肾病', '血友病', '重性精神疾病', '耐多药肺结核', '艾滋病机会性感染', '唇腭裂', '再生障碍性贫血'],
        verified: false,
        source: '配置值：本市大病目录未见（参考资料 §1.2）；默认取国家卫生健康委大病专项救治中常见病种的名称，未核实',
      },
    ],
  },
  'visit.firstHoursNoCarer': {
    label: '无人照料儿童首次走访时限',
    unit: 'hours',
    description: '报告后此小时数内须首次走访并应急处置（临时照料）',
    values: [{ from: '2018-01-01', value: 24, verified: false, source: '配置值：24 小时，本市文件未见' }],
  },
  'visit.firstDays': {
    label: '其他报告首次走访时限',
    unit: 'days',
    description: '报告后此天数内须首次走访',
    values: [{ from: '2018-01-01', value: 3, verified: false, source: '配置值：3 天，本市文件未见' }],
  },
  'visit.monthlyCategories': {
    label: '每月走访的儿童类别（其余每季度）',
    unit: 'categories',
    description: '此类别每月至少走访一次，其他类别每季度一次',
    values: [{ from: '2018-01-01', value: ['de_facto', 'guardianship'], verified: false, source: '配置值：事实无人抚养和监护缺失或不当每月，其余每季度，本市文件未见' }],
  },
  'review.intervalMonths': {
    label: '认定后的复核周期',
    unit: 'months',
    description: '已认定的儿童每隔此月数复核一次是否仍符合条件；父母释放时立即复核',
    values: [{ from: '2018-01-01', value: 12, verified: false, source: '配置值：每年复核一次（民发〔2019〕62号要求动态管理，周期本市文件未见）' }],
  },
  'subsidy.livingAmountFen': {
    label: '困难残疾人生活补贴（每人每月）',
    unit: 'fen',
    description: '低保家庭残疾人、重残无业人员（及按设置的低收入家庭残疾人）',
    values: [{ from: '2021-01-01', value: 41_000, verified: false, source: 'Shine 2021-08-13：重残无业和低保家庭残疾人补贴提高到 410 元（月份未见，对应生活补贴为推断）' }],
  },
  'subsidy.livingIncludesLowIncome': {
    label: '生活补贴含低收入家庭残疾人',
    unit: 'flag',
    description: '是否将低收入家庭的残疾人纳入生活补贴',
    values: [{ from: '2021-01-01', value: true, verified: false, source: '国发〔2015〕52号：各地可扩大到低收入残疾人；本市是否扩大未见文件' }],
  },
  'subsidy.careAmountFen': {
    label: '重度残疾人护理补贴（每人每月）',
    unit: 'fen',
    description: '一、二级残疾人',
    values: [{ from: '2021-01-01', value: 19_500, verified: false, source: '占位值：2024 年 5.13 亿元 ÷ 21.97 万人 ÷ 12 ≈ 195 元（平均数，不是标准）' }],
  },
  'subsidy.careExtraCategories': {
    label: '三、四级也可领取护理补贴的类别',
    unit: 'categories',
    description: '国发〔2015〕52号允许各地扩大到三、四级智力、精神残疾人',
    values: [{ from: '2021-01-01', value: [], verified: false, source: '国发〔2015〕52号：可扩大；本市是否扩大未见文件（默认不扩大）' }],
  },
  'rehab.coverageTargetPercent': {
    label: '精神障碍社区康复服务街镇覆盖率目标',
    unit: 'percent',
    description: '有康复服务机构且有服务对象的街镇数 ÷ 街镇总数，不低于此百分比',
    values: [{ from: '2025-01-01', value: 90, verified: true, source: '2025 年民政工作要点：街镇覆盖率达到 90% 以上（2024 年底超过 65%）' }],
  },
} as const satisfies Record<string, SettingDef<unknown>>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
