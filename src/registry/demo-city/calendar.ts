import type { IsoDate } from '../../kernel/index.js';

/**
 * Dates as day numbers (days since 1970-01-01) while generating: adding days and comparing are then
 * integer operations, and millions of birth dates need no Date objects. Conversions follow
 * H. Hinnant's civil-from-days algorithms (proleptic Gregorian).
 */
export function dayNumber(date: IsoDate): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civil(dayNo: number): Civil {
  const z = dayNo + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// Tens of millions of dates fall on ~40,000 distinct days: format each day once.
const FORMAT_FROM = -25_567; // 1900-01-01
const formatted: (string | undefined)[] = new Array(73_000);

export function isoDate(dayNo: number): IsoDate {
  const slot = dayNo - FORMAT_FROM;
  const cached = formatted[slot];
  if (cached !== undefined) return cached;
  const c = civil(dayNo);
  const text = `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
  if (slot >= 0 && slot < formatted.length) formatted[slot] = text;
  return text;
}

/** Day number of the first day of the month containing `dayNo`, shifted by `months`. */
export function monthStart(dayNo: number, months = 0): number {
  const c = civil(dayNo);
  const index = c.year * 12 + c.month - 1 + months;
  const year = Math.floor(index / 12);
  return dayNumber(`${year}-${pad2((index % 12) + 1)}-01`);
}

/** The day `years` calendar years after `dayNo` (29 February → 1 March when the target year has none). */
export function addYears(dayNo: number, years: number): number {
  const c = civil(dayNo);
  const target = dayNumber(`${c.year + years}-${pad2(c.month)}-01`) + c.day - 1;
  return target;
}

/** Whole years from `birth` to `on`, as in kernel `ageOn`. */
export function ageAt(birth: number, on: number): number {
  const b = civil(birth);
  const o = civil(on);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}
