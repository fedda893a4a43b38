/**
 * Shanghai pack v1 parameters, exactly as POLICY-PACK.md lists them, with sources in POLICY-FACTS.md.
 * `verified: false` marks a value POLICY-PACK calls (configured) or POLICY-FACTS rates below confirmed:
 * explanations flag it (参数待核实) and an administrator can correct it without a code change.
 * Money in fen; ratios in per-mille (1300 = ×1.3).
 */
import type { ParameterTable } from '../../policy/index.js';

/** The earliest month the pack covers for 低保-linked values (first listed standard). */
const PACK_START = '2020-04-01';

export const shanghaiParameters = {
  'dibao.standard': {
    label: '低保标准',
    unit: 'fen',
    description: '城乡居民最低生活保障标准（元/人·月）',
    values: [
      { from: '2020-04-01', value: 124000, verified: false, note: '数值已证实；起始日期（约 2020-04-01）未证实' },
      { from: '2021-07-01', value: 133000, verified: true, note: 'Shanghai Daily 2021-06-24' },
      { from: '2022-07-01', value: 142000, verified: true, note: '《2022年上海民政工作总结》' },
      { from: '2023-07-01', value: 151000, verified: false, note: '数值见《上海民政2024年工作总结》；生效日期为配置值' },
      { from: '2024-07-01', value: 159500, verified: true, note: '《上海民政2024年工作总结》' },
    ],
  },
  'dibao.minorStandardRatio': {
    label: '未成年人低保标准系数',
    unit: 'permille',
    description: '未成年人低保标准 = 低保标准 × 系数，向上取整到 5 元（由 1615/1730 推算）',
    values: [{ from: PACK_START, value: 1300, verified: false, note: '配置值（推算）' }],
  },
  'dibao.minorStandardRoundingFen': {
    label: '未成年人低保标准取整单位',
    unit: 'fen',
    values: [{ from: PACK_START, value: 500, verified: false, note: '配置值（推算）' }],
  },
  'dibao.assetLimitPerCapita': {
    label: '低保人均货币财产限额',
    unit: 'fenBySize',
    description: '按家庭人数：1 人 / 2 人 / 3 人及以上',
    values: [{ from: PACK_START, value: [6000000, 5500000, 5000000], verified: false, note: '配置值，未找到上海原文' }],
  },
  'lowIncome.incomeMultiplier': {
    label: '低收入家庭收入标准倍数',
    unit: 'permille',
    values: [{ from: PACK_START, value: 2000, verified: false, note: '配置值（常见说法 2 倍）' }],
  },
  'lowIncome.assetMultiplier': {
    label: '低收入家庭财产限额倍数',
    unit: 'permille',
    values: [{ from: PACK_START, value: 2000, verified: false, note: '配置值' }],
  },
  'destitute.standardRatio': {
    label: '特困供养标准系数',
    unit: 'permille',
    description: '特困供养标准 = 低保标准 × 系数，向上取整到 5 元（国家底线 ≥ 1.3 倍）',
    values: [{ from: PACK_START, value: 1300, verified: false, note: '配置值' }],
  },
  'destitute.standardRoundingFen': {
    label: '特困供养标准取整单位',
    unit: 'fen',
    values: [{ from: PACK_START, value: 500, verified: false, note: '配置值' }],
  },
  'elderlyAllowance.amount65to69': {
    label: '老年综合津贴（65–69 岁）',
    unit: 'fen',
    values: [{ from: '2016-05-01', value: 7500, verified: true, note: 'ecns 2016-04-07' }],
  },
  'elderlyAllowance.amount70to79': {
    label: '老年综合津贴（70–79 岁）',
    unit: 'fen',
    values: [{ from: '2016-05-01', value: 15000, verified: false, note: '单一非官方来源（medium）' }],
  },
  'elderlyAllowance.amount80to89': {
    label: '老年综合津贴（80–89 岁）',
    unit: 'fen',
    values: [{ from: '2016-05-01', value: 18000, verified: false, note: '单一非官方来源（medium）' }],
  },
  'elderlyAllowance.amount90to99': {
    label: '老年综合津贴（90–99 岁）',
    unit: 'fen',
    values: [{ from: '2016-05-01', value: 35000, verified: false, note: '单一非官方来源（medium）' }],
  },
  'elderlyAllowance.amount100plus': {
    label: '老年综合津贴（100 岁及以上）',
    unit: 'fen',
    values: [{ from: '2016-05-01', value: 60000, verified: true, note: 'ecns 2016-04-07' }],
  },
  'orphanAllowance.amount': {
    label: '孤儿基本生活费',
    unit: 'fen',
    values: [{ from: '2018-01-01', value: 180000, verified: true, note: 'shanghai.gov.cn' }],
  },
  'dibao.floorRatio': {
    label: '低保标准占上年度月人均消费支出的最低比例',
    unit: 'permille',
    description: '“十四五”规划：低保标准不低于上年度全市居民月人均消费支出的 33%',
    values: [{ from: '2021-01-01', value: 330, verified: true, note: '《上海市民政事业发展“十四五”规划》' }],
  },
  'dibao.floorReferenceConsumption': {
    label: '上年度全市居民月人均消费支出',
    unit: 'fen',
    description: '每年 1 月 1 日起为上一年度全市居民人均消费支出 ÷ 12',
    values: [
      { from: '2021-01-01', value: 354467, verified: false, note: '2020 年 42536 元 ÷ 12，配置值，请按统计公报核实' },
      { from: '2022-01-01', value: 407325, verified: false, note: '2021 年 48879 元 ÷ 12，配置值，请按统计公报核实' },
      { from: '2023-01-01', value: 383708, verified: false, note: '2022 年 46045 元 ÷ 12，配置值，请按统计公报核实' },
      { from: '2024-01-01', value: 437567, verified: false, note: '2023 年 52508 元 ÷ 12，配置值，请按统计公报核实' },
    ],
  },
} satisfies ParameterTable;

export type ShanghaiParameter = keyof typeof shanghaiParameters;
