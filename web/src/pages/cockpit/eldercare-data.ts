/** Turning GET /eldercare/figures into the rows a chart and its Excel sheet share. */
import type { EldercareFigures } from '../../api/eldercare-types.js';
import type { Cell } from '../../charts/excel.js';

export const BED_SERIES = [
  { key: 'nursing', name: '护理型床位' },
  { key: 'cognitive', name: '认知障碍照护床位' },
  { key: 'ordinary', name: '普通床位' },
] as const;

export function bedSheetRows(f: EldercareFigures, name: (code: string) => string): Cell[][] {
  return [...f.byDistrict, f.beds].map((d) => [d === f.beds ? '合计' : name(d.districtCode), d.nursing, d.cognitive, d.ordinary, d.total, d.basicGuarantee, d.occupied, d.occupancyPercent, d.nursingSharePercent, d.familyCareBeds]);
}
export const BED_SHEET_COLUMNS = ['区', '护理型床位', '认知障碍照护床位', '普通床位', '养老床位合计', '其中保基本床位', '已入住', '入住率（%）', '护理型床位占比（%）', '家庭照护床位'];

/** Districts of the waitlist, longest queue first; districts with beds but no applicants are left out. */
export function waitlistByDistrict(f: EldercareFigures) {
  return [...f.waitlist.byDistrict].sort((a, b) => b.waiting + b.offered - (a.waiting + a.offered));
}

export function waitTimes(f: EldercareFigures): { name: string; median: number | null; p90: number | null; count: number | null }[] {
  return [
    { name: '仍在轮候者已等待', median: f.waitlist.currentWaitDays.median, p90: f.waitlist.currentWaitDays.p90, count: f.waitlist.waiting + f.waitlist.offered },
    { name: '近一年入住者（申请至入住）', median: f.waitlist.admittedWaitDays.median, p90: f.waitlist.admittedWaitDays.p90, count: f.waitlist.admittedWaitDays.admissions },
  ];
}
