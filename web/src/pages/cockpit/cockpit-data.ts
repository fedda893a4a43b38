/** Turning the statistics answers into the rows a chart and its Excel sheet share. */
import type { AssistanceStatsRow } from '../../api/cockpit.js';

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** programme → month → sum of `pick`, months in order with zeros where nothing was paid. */
export function byProgrammeOverMonths(rows: AssistanceStatsRow[], months: string[], pick: (r: AssistanceStatsRow) => number): { programme: string; values: number[] }[] {
  const programmes = [...new Set(rows.map((r) => r.programme))].sort();
  return programmes.map((programme) => ({
    programme,
    values: months.map((month) => rows.filter((r) => r.programme === programme && r.month === month).reduce((n, r) => n + pick(r), 0)),
  }));
}

/** One month's rows by district: households and money, biggest first. */
export function byDistrict(rows: AssistanceStatsRow[], month: string): { districtCode: string; households: number; amountFen: number }[] {
  const totals = new Map<string, { households: number; amountFen: number }>();
  for (const r of rows.filter((x) => x.month === month)) {
    const t = totals.get(r.districtCode) ?? { households: 0, amountFen: 0 };
    totals.set(r.districtCode, { households: t.households + r.households, amountFen: t.amountFen + r.amountFen });
  }
  return [...totals].map(([districtCode, t]) => ({ districtCode, ...t })).sort((a, b) => b.amountFen - a.amountFen);
}
