/**
 * Working days (工作日) for time limits counted in them (民政部令第60号: credit information within 5 working days;
 * 社区事务受理 promised limits; the funeral sea-burial payment). ONE calendar for the platform: the State Council's
 * holidays and 调休 working weekends from `holidays.ts` (`STATUTORY_CALENDAR`, the default). A module whose own
 * dated setting holds a calendar (social organisations) passes it instead.
 */
import { addDays, parseDate, type IsoDate } from './dates.js';
import { MAKE_UP_WORKING_DAYS, STATUTORY_HOLIDAYS } from './holidays.js';

export interface WorkingCalendar {
  /** Days not worked besides ordinary weekends (法定节假日 and their bridging days). */
  holidays: readonly IsoDate[];
  /** Saturdays or Sundays that are worked (调休上班). */
  workingWeekends: readonly IsoDate[];
}

function expand(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

export const STATUTORY_CALENDAR: WorkingCalendar = {
  holidays: STATUTORY_HOLIDAYS.flatMap((h) => expand(h.from, h.to)),
  workingWeekends: MAKE_UP_WORKING_DAYS.map((d) => d.date),
};

const MS_PER_DAY = 86_400_000;
const dayNumber = (date: IsoDate): number => {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
};

interface Compiled {
  holidays: Set<IsoDate>;
  workingWeekends: Set<IsoDate>;
  /** Cumulative working days since ORIGIN, built on first use: turns a 办件's elapsed working days into one subtraction. */
  ordinals?: Int32Array;
}
const compiled = new WeakMap<WorkingCalendar, Compiled>();
const ORIGIN = dayNumber('2000-01-01');
const SPAN = dayNumber('2080-12-31') - ORIGIN + 1;

function compile(calendar: WorkingCalendar): Compiled {
  let c = compiled.get(calendar);
  if (!c) {
    c = { holidays: new Set(calendar.holidays), workingWeekends: new Set(calendar.workingWeekends) };
    compiled.set(calendar, c);
  }
  return c;
}

export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar = STATUTORY_CALENDAR): boolean {
  const c = compile(calendar);
  if (c.holidays.has(date)) return false;
  if (c.workingWeekends.has(date)) return true;
  const weekday = (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday
  return weekday !== 0 && weekday !== 6;
}

/** The `count`-th working day after `date` (the day itself not counted); count 0 is the date itself. */
export function addWorkingDays(date: IsoDate, count: number, calendar: WorkingCalendar = STATUTORY_CALENDAR): IsoDate {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`working days must be a non-negative integer: ${count}`);
  let at = date;
  for (let left = count; left > 0; ) {
    at = addDays(at, 1);
    if (isWorkingDay(at, calendar)) left--;
  }
  return at;
}

function ordinals(calendar: WorkingCalendar): Int32Array {
  const c = compile(calendar);
  if (!c.ordinals) {
    const table = new Int32Array(SPAN);
    let n = 0;
    let date = '2000-01-01';
    for (let i = 0; i < SPAN; i++, date = addDays(date, 1)) {
      if (isWorkingDay(date, calendar)) n++;
      table[i] = n;
    }
    c.ordinals = table;
  }
  return c.ordinals;
}

/**
 * Working days elapsed from `from` to `to`: the working days after `from` up to and including `to` (received on a
 * Friday and finished the next Monday = 1; finished the same day = 0). Dates 2000–2080; `to` before `from` gives 0.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: WorkingCalendar = STATUTORY_CALENDAR): number {
  const a = dayNumber(from) - ORIGIN;
  const b = dayNumber(to) - ORIGIN;
  if (a < 0 || b >= SPAN) throw new RangeError(`working days are counted for 2000–2080 only: ${from}..${to}`);
  if (b <= a) return 0;
  const table = ordinals(calendar);
  return table[b]! - table[a]!;
}
