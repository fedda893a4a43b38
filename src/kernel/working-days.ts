/**
 * Working days (工作日) for time limits counted in them (e.g. 民政部令第60号: record credit information within
 * 5 working days). The calendar is data: public holidays and the weekend days made working days (调休) are
 * given by the caller (from a dated setting), never built in, since the State Council publishes them yearly.
 */
import { addDays, parseDate, type IsoDate } from './dates.js';

export interface WorkingCalendar {
  /** Weekdays that are not worked (法定节假日 and their bridging days). */
  holidays: readonly IsoDate[];
  /** Saturdays or Sundays that are worked (调休上班). */
  workingWeekends: readonly IsoDate[];
}

export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar): boolean {
  if (calendar.holidays.includes(date)) return false;
  if (calendar.workingWeekends.includes(date)) return true;
  const { year, month, day } = parseDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The `count`-th working day after `date` (the day itself not counted); count 0 is the date itself. */
export function addWorkingDays(date: IsoDate, count: number, calendar: WorkingCalendar): IsoDate {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`working days must be a non-negative integer: ${count}`);
  let at = date;
  for (let left = count; left > 0; ) {
    at = addDays(at, 1);
    if (isWorkingDay(at, calendar)) left--;
  }
  return at;
}
