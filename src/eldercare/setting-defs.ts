/**
 * The parameters of elderly care with their defaults and sources. A value the seeds, the reference or a cited
 * rule fix is `verified: true`; every other value is a configured one (`verified: false`) with the reason it was
 * chosen, which a city admin corrects from a date on (settings.ts).
 */
import type { IsoDate } from '../kernel/index.js';
import { PRIORITY_GROUPS } from './model.js';

export interface SettingValue<T = unknown> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

export type Unit = 'months' | 'days' | 'level' | 'count' | 'percent' | 'beds' | 'groups' | 'fen';

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
    values: [{ from: SINCE, value: 24, verified: true, source: '本市长期护理保险与老年照护统一需求评估：评估结果有效期最长 2 年' }],
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
    values: [{ from: SINCE, value: 2, verified: false, source: '配置值：2 级（本市长期护理保险：照护等级 2–6 级可享长期照护服务）；保基本床位的具体门槛未见文件' }],
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
  'rental.subsidyPercent.destitute': {
    label: '辅具租赁补贴比例（特困人员）',
    unit: 'percent',
    description: '特困人员租用目录内康复辅具，月租金的此百分比由补贴承担（按租赁开始当日在册情况认定）',
    values: [{ from: SINCE, value: 100, verified: false, source: '配置值：本市康复辅具社区租赁对困难群体给予租金补贴，各类对象的补贴比例未见正式文件' }],
  },
  'rental.subsidyPercent.dibao': {
    label: '辅具租赁补贴比例（低保、低收入家庭）',
    unit: 'percent',
    description: '低保、低收入家庭成员租用目录内康复辅具，月租金的此百分比由补贴承担',
    values: [{ from: SINCE, value: 80, verified: false, source: '配置值：补贴比例未见正式文件' }],
  },
  'rental.subsidyPercent.age80': {
    label: '辅具租赁补贴比例（80 周岁及以上）',
    unit: 'percent',
    description: '年满 80 周岁（按高龄优先的年龄参数）的老年人租用目录内康复辅具，月租金的此百分比由补贴承担',
    values: [{ from: SINCE, value: 50, verified: false, source: '配置值：补贴比例未见正式文件' }],
  },
  'rental.subsidyPercent.other': {
    label: '辅具租赁补贴比例（其他 60 周岁及以上老年人）',
    unit: 'percent',
    description: '不属以上类别的 60 周岁及以上老年人，月租金的此百分比由补贴承担；未满 60 周岁的不补贴',
    values: [{ from: SINCE, value: 30, verified: false, source: '配置值：补贴比例未见正式文件' }],
  },
  'rental.rent.wheelchair': {
    label: '租赁目录：手动轮椅车月租金',
    unit: 'fen',
    description: '康复辅具社区租赁目录内「手动轮椅车」的月租金（分）；0 = 自该日起不在目录内，不能新租',
    values: [{ from: SINCE, value: 8_000, verified: false, source: '配置值：租赁目录价格由各租赁服务机构报备，此为示例价' }],
  },
  'rental.rent.walker': {
    label: '租赁目录：助行器月租金',
    unit: 'fen',
    description: '康复辅具社区租赁目录内「助行器」的月租金（分）；0 = 自该日起不在目录内，不能新租',
    values: [{ from: SINCE, value: 3_000, verified: false, source: '配置值：租赁目录价格由各租赁服务机构报备，此为示例价' }],
  },
  'rental.rent.nursingBed': {
    label: '租赁目录：手动护理床月租金',
    unit: 'fen',
    description: '康复辅具社区租赁目录内「手动护理床」的月租金（分）；0 = 自该日起不在目录内，不能新租',
    values: [{ from: SINCE, value: 15_000, verified: false, source: '配置值：租赁目录价格由各租赁服务机构报备，此为示例价' }],
  },
  'rental.rent.commode': {
    label: '租赁目录：坐便椅月租金',
    unit: 'fen',
    description: '康复辅具社区租赁目录内「坐便椅」的月租金（分）；0 = 自该日起不在目录内，不能新租',
    values: [{ from: SINCE, value: 2_000, verified: false, source: '配置值：租赁目录价格由各租赁服务机构报备，此为示例价' }],
  },
  'rental.rent.airMattress': {
    label: '租赁目录：防褥疮气垫床垫月租金',
    unit: 'fen',
    description: '康复辅具社区租赁目录内「防褥疮气垫床垫」的月租金（分）；0 = 自该日起不在目录内，不能新租',
    values: [{ from: SINCE, value: 6_000, verified: false, source: '配置值：租赁目录价格由各租赁服务机构报备，此为示例价' }],
  },
  'rental.rent.bathChair': {
    label: '租赁目录：洗澡椅月租金',
    unit: 'fen',
    description: '康复辅具社区租赁目录内「洗澡椅」的月租金（分）；0 = 自该日起不在目录内，不能新租',
    values: [{ from: SINCE, value: 2_000, verified: false, source: '配置值：租赁目录价格由各租赁服务机构报备，此为示例价' }],
  },
  'serviceSubsidy.dibao.level1': {
    label: '养老服务补贴（低保家庭，照护一级）',
    unit: 'fen',
    description: '低保家庭，照护一级的 60 周岁及以上老年人每月可得的养老服务补贴（分），以服务时数或服务券形式支付给服务机构，不发现金',
    values: [{ from: SINCE, value: 111_000, verified: false, source: '配置值（待核实）：单一非官方来源（某小程序政策页，日期不明，可能为某区口径），按照护等级与家庭困难类别的月补贴' }],
  },
  'serviceSubsidy.dibao.level2to4': {
    label: '养老服务补贴（低保家庭，照护二至四级）',
    unit: 'fen',
    description: '低保家庭，照护二至四级的 60 周岁及以上老年人每月可得的养老服务补贴（分），以服务时数或服务券形式支付给服务机构，不发现金',
    values: [{ from: SINCE, value: 103_600, verified: false, source: '配置值（待核实）：单一非官方来源（某小程序政策页，日期不明，可能为某区口径），按照护等级与家庭困难类别的月补贴' }],
  },
  'serviceSubsidy.dibao.level5to6': {
    label: '养老服务补贴（低保家庭，照护五至六级）',
    unit: 'fen',
    description: '低保家庭，照护五至六级的 60 周岁及以上老年人每月可得的养老服务补贴（分），以服务时数或服务券形式支付给服务机构，不发现金',
    values: [{ from: SINCE, value: 74_000, verified: false, source: '配置值（待核实）：单一非官方来源（某小程序政策页，日期不明，可能为某区口径），按照护等级与家庭困难类别的月补贴' }],
  },
  'serviceSubsidy.lowIncome.level1': {
    label: '养老服务补贴（低收入家庭，照护一级）',
    unit: 'fen',
    description: '低收入家庭，照护一级的 60 周岁及以上老年人每月可得的养老服务补贴（分），以服务时数或服务券形式支付给服务机构，不发现金',
    values: [{ from: SINCE, value: 88_800, verified: false, source: '配置值（待核实）：单一非官方来源（某小程序政策页，日期不明，可能为某区口径），按照护等级与家庭困难类别的月补贴' }],
  },
  'serviceSubsidy.lowIncome.level2to4': {
    label: '养老服务补贴（低收入家庭，照护二至四级）',
    unit: 'fen',
    description: '低收入家庭，照护二至四级的 60 周岁及以上老年人每月可得的养老服务补贴（分），以服务时数或服务券形式支付给服务机构，不发现金',
    values: [{ from: SINCE, value: 74_000, verified: false, source: '配置值（待核实）：单一非官方来源（某小程序政策页，日期不明，可能为某区口径），按照护等级与家庭困难类别的月补贴' }],
  },
  'serviceSubsidy.lowIncome.level5to6': {
    label: '养老服务补贴（低收入家庭，照护五至六级）',
    unit: 'fen',
    description: '低收入家庭，照护五至六级的 60 周岁及以上老年人每月可得的养老服务补贴（分），以服务时数或服务券形式支付给服务机构，不发现金',
    values: [{ from: SINCE, value: 44_400, verified: false, source: '配置值（待核实）：单一非官方来源（某小程序政策页，日期不明，可能为某区口径），按照护等级与家庭困难类别的月补贴' }],
  },
  'serviceSubsidy.minAge': {
    label: '养老服务补贴起始年龄',
    unit: 'count',
    description: '年满此周岁（按当日计）的老年人方可享受养老服务补贴',
    values: [{ from: SINCE, value: 60, verified: false, source: '配置值：老年人以 60 周岁计（《老年人权益保障法》第二条），补贴起始年龄未见本市文件' }],
  },
} as const satisfies Record<string, SettingDef<unknown>>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
