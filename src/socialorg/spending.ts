/**
 * The yearly spending check of a charity (《关于慈善组织开展慈善活动年度支出和管理费用的规定》, 2016): charitable
 * spending against the previous year's income (with public-fundraising qualification) or the previous year-end net
 * assets (without, by band), or against the 3-year average of the same (Art. 10); management costs against the
 * year's total spending, unless under 20万元 (Art. 11). Every value the verdict uses is returned with it.
 */
import { formatYuan } from '../kernel/index.js';
import type { OrgType } from './model.js';
import type { SocialorgSettings } from './settings.js';

export interface SpendingBand {
  foundation: boolean;
  fundraising: boolean;
  /** Lower bound of the previous year-end net assets, inclusive. */
  minNetAssetsFen: number;
  base: 'income' | 'net_assets';
  minSpendPercent: number;
  maxManagementPercent: number;
  /** The <100万元 band of 社团/社服 also needs this share of the previous year's income. */
  minIncomePercent: number;
}

export interface YearFigures {
  incomeFen: number;
  netAssetsFen: number;
}

export interface SpendingInput {
  orgType: OrgType;
  fundraising: boolean;
  /** The year checked: total spending, charitable spending, management costs. */
  current: { expenditureFen: number; charitableSpendingFen: number; managementCostFen: number };
  /** Previous years, most recent first (up to 3). */
  previous: YearFigures[];
}

export interface SpendingCheck {
  band: SpendingBand;
  baseName: string;
  /** The previous year's base, and the 3-year average when three years are known. */
  baseFen: number;
  averageBaseFen: number | null;
  requiredFen: number;
  requiredOnAverageFen: number | null;
  spendingOk: boolean;
  incomeFloorFen: number | null;
  managementPercent: number;
  managementExempt: boolean;
  managementOk: boolean;
  ok: boolean;
  explanation: string[];
}

const ceilPercent = (fen: number, percent: number) => Math.ceil((fen * percent) / 100);

export function pickBand(bands: readonly SpendingBand[], orgType: OrgType, fundraising: boolean, netAssetsFen: number): SpendingBand {
  const foundation = orgType === 'foundation';
  const own = bands.filter((b) => b.foundation === foundation && b.fundraising === fundraising).sort((a, b) => b.minNetAssetsFen - a.minNetAssetsFen);
  const band = own.find((b) => netAssetsFen >= b.minNetAssetsFen) ?? own[own.length - 1];
  if (!band) throw new Error(`no spending band for ${orgType}, fundraising ${fundraising}`);
  return band;
}

export function checkSpending(input: SpendingInput, settings: SocialorgSettings): SpendingCheck {
  const bands = settings.get('charity.spendingBands') as unknown as SpendingBand[];
  const exemptFen = settings.num('charity.managementExemptFen');
  const [last] = input.previous;
  if (!last) throw new Error('the spending check needs the previous year');
  const band = pickBand(bands, input.orgType, input.fundraising, last.netAssetsFen);
  const baseOf = (y: YearFigures) => (band.base === 'income' ? y.incomeFen : y.netAssetsFen);
  const baseName = band.base === 'income' ? '上年总收入' : '上年末净资产';
  const baseFen = baseOf(last);
  const averageBaseFen = input.previous.length >= 3 ? Math.floor(input.previous.slice(0, 3).reduce((n, y) => n + baseOf(y), 0) / 3) : null;
  const requiredFen = ceilPercent(baseFen, band.minSpendPercent);
  const requiredOnAverageFen = averageBaseFen === null ? null : ceilPercent(averageBaseFen, band.minSpendPercent);
  const incomeFloorFen = band.minIncomePercent > 0 ? ceilPercent(last.incomeFen, band.minIncomePercent) : null;
  const spent = input.current.charitableSpendingFen;
  const meetsBase = spent >= requiredFen || (requiredOnAverageFen !== null && spent >= requiredOnAverageFen);
  const spendingOk = meetsBase && (incomeFloorFen === null || spent >= incomeFloorFen);
  const total = input.current.expenditureFen;
  const management = input.current.managementCostFen;
  const managementPercent = total === 0 ? 0 : Math.round((management * 10000) / total) / 100;
  const managementExempt = management < exemptFen;
  const managementOk = managementExempt || management * 100 <= total * band.maxManagementPercent;
  const y = (fen: number) => `${formatYuan(fen)} 元`;
  const explanation = [
    `适用标准：${input.orgType === 'foundation' ? '基金会' : '社会团体、社会服务机构'}，${input.fundraising ? '具有' : '不具有'}公开募捐资格${band.base === 'net_assets' ? `，上年末净资产 ${y(last.netAssetsFen)}（本档下限 ${y(band.minNetAssetsFen)}）` : ''}`,
    `慈善活动支出 ${y(spent)}，须不低于${baseName} ${y(baseFen)} 的 ${band.minSpendPercent}%，即 ${y(requiredFen)}${requiredOnAverageFen !== null ? `；或前三年平均 ${y(averageBaseFen as number)} 的 ${band.minSpendPercent}%，即 ${y(requiredOnAverageFen)}` : ''}：${meetsBase ? '达到' : '未达到'}`,
    ...(incomeFloorFen !== null ? [`并须不低于上年总收入 ${y(last.incomeFen)} 的 ${band.minIncomePercent}%，即 ${y(incomeFloorFen)}：${spent >= incomeFloorFen ? '达到' : '未达到'}`] : []),
    managementExempt ? `管理费用 ${y(management)} 低于 ${y(exemptFen)}，不受比例限制` : `管理费用 ${y(management)} 占当年总支出 ${y(total)} 的 ${managementPercent}%，上限 ${band.maxManagementPercent}%：${managementOk ? '符合' : '超过'}`,
  ];
  return { band, baseName, baseFen, averageBaseFen, requiredFen, requiredOnAverageFen, spendingOk, incomeFloorFen, managementPercent, managementExempt, managementOk, ok: spendingOk && managementOk, explanation };
}
