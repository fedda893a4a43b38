/**
 * Calendar dates ('YYYY-MM-DD') and months ('YYYY-MM') in Asia/Shanghai. They are plain strings:
 * a date of birth or a month of payment is not an instant, so no Date object (and no UTC shift) is involved.
 */
export type IsoDate = string;
export type Month = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1800 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isValidMonth(value: string): boolean {
  const m = MONTH_RE.exec(value);
  return !!m && Number(m[1]) >= 1800 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function parseDate(value: IsoDate): { year: number; month: number; day: number } {
  if (!isValidDate(value)) throw new RangeError(`invalid date: ${value}`);
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)), day: Number(value.slice(8, 10)) };
}

export function formatDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function firstDayOfMonth(month: Month): IsoDate {
  return `${month}-01`;
}

export function lastDayOfMonth(month: Month): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return formatDate(y, m, daysInMonth(y, m));
}

export function addMonths(month: Month, count: number): Month {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthOf(date: IsoDate): Month {
  return date.slice(0, 7);
}

/**
 * Whole years between birth and `on`. Someone born on 29 February turns a year older on 1 March in
 * non-leap years (the rule in POLICY-PACK "Who counts"), which falls out of comparing (month, day) pairs.
 */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const b = parseDate(birthDate);
  const o = parseDate(on);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}

/** Today's calendar date in Asia/Shanghai. */
// Built once: a formatter costs far more to make than to use, and the day is asked for on every request.
const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayInShanghai(now: Date = new Date()): IsoDate {
  return SHANGHAI_DAY.format(now);
}

export function currentMonthInShanghai(now: Date = new Date()): Month {
  return monthOf(todayInShanghai(now));
}

/** The calendar date `days` later (or earlier when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseDate(date);
  const t = new Date(Date.UTC(year, month - 1, day + days));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The same day `months` later, clamped to the month's end (an approval on 31 Jan is reviewed on 28/29 Feb). */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const target = addMonths(monthOf(date), months);
  const [y, m] = target.split('-').map(Number);
  return formatDate(y, m, Math.min(parseDate(date).day, daysInMonth(y, m)));
}

/** A moment as Shanghai wall-clock time, 'YYYY-MM-DD HH:mm', for messages people read. */
export function formatShanghaiDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
