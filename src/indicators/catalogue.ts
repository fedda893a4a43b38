/**
 * The 15 main indicators of 上海市民政事业发展"十四五"规划, as the plan's table gives them (reference
 * CHILDREN-COMMUNITY-INDICATORS.md §6, seed's full-width digits converted): name, unit, nature, the seed's formula
 * text, the 2020 baseline and the 2025 target with its comparator. Targets are city-wide. `source` says where the
 * platform takes the value from (§6.1): computed from a module's public functions, or entered by hand with
 * numerator, denominator and source until a register exists.
 */

export type Nature = 'binding' | 'indicative';
export const natureNames: Record<Nature, string> = { binding: '约束性', indicative: '预期性' };
/** `>=` ≥ target; `full` = 100 without "≥" (full coverage); `about` = "左右" (about the target, no comparator). */
export type Comparator = '>=' | 'full' | 'about';
export type IndicatorSource = 'policy' | 'eldercare' | 'meals' | 'rental' | 'roster' | 'children' | 'funeral' | 'manual';

export interface IndicatorDef {
  no: number;
  name: string;
  unit: string;
  nature: Nature;
  formula: string;
  baseline: number;
  target: number;
  comparator: Comparator;
  targetText: string;
  /** A share in per cent: manual values then carry numerator and denominator, and must lie within 0–100. */
  percent: boolean;
  decimals: number;
  source: IndicatorSource;
  /** Where the value comes from, in words shown beside it. */
  sourceText: string;
  /** Whether a value exists per district (drill-down); the others are city-wide only. */
  byDistrict: boolean;
}

const def = (d: IndicatorDef) => d;

export const INDICATORS: readonly IndicatorDef[] = [
  def({
    no: 1,
    name: '居民最低生活保障标准与上年度居民月人均消费支出比',
    unit: '%',
    nature: 'binding',
    formula: '居民最低生活保障标准 / 上年度居民月人均消费支出',
    baseline: 32.6,
    target: 33,
    comparator: '>=',
    targetText: '≥33',
    percent: true,
    decimals: 1,
    source: 'policy',
    sourceText: '政策参数：低保标准 ÷ 上年度全市居民月人均消费支出（每月 1 日生效值）',
    byDistrict: false,
  }),
  def({
    no: 2,
    name: '养老床位数',
    unit: '万张',
    nature: 'indicative',
    formula: '全市养老服务机构提供全日制照护服务的床位总数',
    baseline: 15.9,
    target: 17.8,
    comparator: '>=',
    targetText: '≥17.8',
    percent: false,
    decimals: 4,
    source: 'eldercare',
    sourceText: '养老服务：养老机构核定床位（月末冻结）',
    byDistrict: true,
  }),
  def({
    no: 3,
    name: '护理型床位占比',
    unit: '%',
    nature: 'binding',
    formula: '护理型床位数 / 养老床位数',
    baseline: 32,
    target: 60,
    comparator: '>=',
    targetText: '≥60',
    percent: true,
    decimals: 1,
    source: 'eldercare',
    sourceText: '养老服务：护理型床位 ÷ 养老机构床位（月末冻结）',
    byDistrict: true,
  }),
  def({
    no: 4,
    name: '老年认知障碍照护床位数',
    unit: '张',
    nature: 'binding',
    formula: '全市老年认知障碍照护床位数',
    baseline: 5000,
    target: 15000,
    comparator: '>=',
    targetText: '≥15000',
    percent: false,
    decimals: 0,
    source: 'eldercare',
    sourceText: '养老服务：认知障碍照护床位（月末冻结）',
    byDistrict: true,
  }),
  def({
    no: 5,
    name: '社区老年助餐服务供客能力',
    unit: '万客/日',
    nature: 'indicative',
    formula: '全市社区助餐服务日均供客数',
    baseline: 12,
    target: 25,
    comparator: '>=',
    targetText: '≥25',
    percent: false,
    decimals: 4,
    source: 'meals',
    sourceText: '养老服务：当月助餐点供餐总数 ÷ 当月天数（仅含在助餐点登记的就餐）',
    byDistrict: true,
  }),
  def({
    no: 6,
    name: '养老护理员持技能等级证率',
    unit: '%',
    nature: 'indicative',
    formula: '持技能等级证养老护理员数 / 养老护理员总数',
    baseline: 72,
    target: 80,
    comparator: '>=',
    targetText: '≥80',
    percent: true,
    decimals: 1,
    source: 'manual',
    sourceText: '人工填报（养老护理员名册建成前）',
    byDistrict: false,
  }),
  def({
    no: 7,
    name: '重残养护床位数',
    unit: '张',
    nature: 'binding',
    formula: '全市18周岁以上不满60周岁重度残疾人养护机构床位数',
    baseline: 5000,
    target: 7000,
    comparator: '>=',
    targetText: '≥7000',
    percent: false,
    decimals: 0,
    source: 'manual',
    sourceText: '人工填报（残疾人福利模块的床位登记建成前）',
    byDistrict: false,
  }),
  def({
    no: 8,
    name: '康复辅具社区租赁服务实体点街镇覆盖率',
    unit: '%',
    nature: 'binding',
    formula: '有康复辅助器具租赁服务实体点的街镇（乡）数 / 全市街镇（乡）数',
    baseline: 70,
    target: 100,
    comparator: 'full',
    targetText: '100',
    percent: true,
    decimals: 1,
    source: 'rental',
    sourceText: '养老服务模块：开放的康复辅具社区租赁点所在街镇数 ÷ 区划库中的街道＋镇＋乡数（当月实时；往月取月末快照）',
    byDistrict: false,
  }),
  def({
    no: 9,
    name: '康复辅助技术咨询师数',
    unit: '人',
    nature: 'indicative',
    formula: '全市通过专业培训考试，为功能障碍者提供辅助技术咨询、转介、评估、方案设计、应用指导等服务人数',
    baseline: 150,
    target: 3000,
    comparator: 'about',
    targetText: '3000左右',
    percent: false,
    decimals: 0,
    source: 'manual',
    sourceText: '人工填报',
    byDistrict: false,
  }),
  def({
    no: 10,
    name: '区未成年人保护机构达标率',
    unit: '%',
    nature: 'binding',
    formula: '规范达标的区级未成年人保护机构数 / 全市区级未成年人保护机构数',
    baseline: 12.5,
    target: 100,
    comparator: 'full',
    targetText: '100',
    percent: true,
    decimals: 1,
    source: 'children',
    sourceText: '儿童福利：区未成年人保护机构最近一个评定年度的达标结果（通过数 ÷ 机构数）；未评定时用人工填报值',
    byDistrict: false,
  }),
  def({
    no: 11,
    name: '持证儿童福利社会工作者数',
    unit: '人',
    nature: 'indicative',
    formula: '全市通过社会工作者专业培训的儿童督导员和儿童主任人数',
    baseline: 22,
    target: 500,
    comparator: '>=',
    targetText: '≥500',
    percent: false,
    decimals: 0,
    source: 'children',
    sourceText: '儿童福利：儿童主任、儿童督导员名册中经社会工作者专业培训的在岗人数；名册为空时用人工填报值',
    byDistrict: false,
  }),
  def({
    no: 12,
    name: '社区工作者持证率',
    unit: '%',
    nature: 'indicative',
    formula: '持有社会工作者职业水平证书的社区工作者数 / 全市社区工作者数',
    baseline: 14,
    target: 20,
    comparator: '>=',
    targetText: '≥20',
    percent: true,
    decimals: 1,
    source: 'roster',
    sourceText: '社区工作者名册：月末在岗人员中持证者占比',
    byDistrict: true,
  }),
  def({
    no: 13,
    name: '注册"社区云"居社互动平台家庭数占比',
    unit: '%',
    nature: 'indicative',
    formula: '注册"社区云"居社互动平台家庭数 / 全市家庭数',
    baseline: 0,
    target: 50,
    comparator: '>=',
    targetText: '≥50',
    percent: true,
    decimals: 1,
    source: 'manual',
    sourceText: '人工填报（社区云按月导入建成前）',
    byDistrict: false,
  }),
  def({
    no: 14,
    name: '持证社会工作者数',
    unit: '万人',
    nature: 'indicative',
    formula: '持社会工作者职业水平证书和相关证书的人数',
    baseline: 3,
    target: 4.5,
    comparator: '>=',
    targetText: '≥4.5',
    percent: false,
    decimals: 2,
    source: 'manual',
    sourceText: '人工填报（全市统计）',
    byDistrict: false,
  }),
  def({
    no: 15,
    name: '新开墓区小型墓比例',
    unit: '%',
    nature: 'indicative',
    formula: '当年度新开墓区单个墓位占地面积 ≤ 0.6 平方米的安葬量 / 当年度总安葬量',
    baseline: 45,
    target: 90,
    comparator: '>=',
    targetText: '≥90',
    percent: true,
    decimals: 1,
    source: 'funeral',
    sourceText: '殡葬：当年度经营性公墓新开墓区小型墓位安葬量 ÷ 当年度总安葬量（本年截至今天，往年按全年）；无安葬记录时用人工填报值',
    byDistrict: false,
  }),
];

/** Version of the computation rules, stored with each frozen value so a month can be reproduced. */
export const RULE_VERSION = 'indicators-2026-12-1';

export const PLAN_START = '2020-12';
export const PLAN_END = '2025-12';

export function indicatorDef(no: number): IndicatorDef | undefined {
  return INDICATORS.find((d) => d.no === no);
}

export const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
