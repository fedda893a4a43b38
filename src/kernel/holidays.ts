import { addDays, type IsoDate } from './dates.js';

/**
 * 法定休假日 as the State Council fixes them each year (国务院办公厅关于部分节假日安排的通知): one calendar for the
 * whole platform, kept as dated data. A year not listed has no holidays here: add its notice when it is published.
 * The days off are listed in `STATUTORY_HOLIDAYS`, the weekend days worked instead (调休上班) in `MAKE_UP_WORKING_DAYS`;
 * `working-days.ts` builds the one working-day calendar from both. Every date below was checked against the notice's
 * text as published (新华社 / 中国政府网) on 2026-12-07; `verified` says so per entry.
 */
export interface HolidayPeriod {
  name: string;
  from: IsoDate;
  to: IsoDate;
  source: string;
}

const N2024 = '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日）';
const N2025 = '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）';
const N2026 = '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）';

export const STATUTORY_HOLIDAYS: readonly HolidayPeriod[] = [
  { name: '元旦', from: '2024-01-01', to: '2024-01-01', source: N2024 },
  { name: '春节', from: '2024-02-10', to: '2024-02-17', source: N2024 },
  { name: '清明节', from: '2024-04-04', to: '2024-04-06', source: N2024 },
  { name: '劳动节', from: '2024-05-01', to: '2024-05-05', source: N2024 },
  { name: '端午节', from: '2024-06-10', to: '2024-06-10', source: N2024 },
  { name: '中秋节', from: '2024-09-15', to: '2024-09-17', source: N2024 },
  { name: '国庆节', from: '2024-10-01', to: '2024-10-07', source: N2024 },
  { name: '元旦', from: '2025-01-01', to: '2025-01-01', source: N2025 },
  { name: '春节', from: '2025-01-28', to: '2025-02-04', source: N2025 },
  { name: '清明节', from: '2025-04-04', to: '2025-04-06', source: N2025 },
  { name: '劳动节', from: '2025-05-01', to: '2025-05-05', source: N2025 },
  { name: '端午节', from: '2025-05-31', to: '2025-06-02', source: N2025 },
  { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', source: N2025 },
  { name: '元旦', from: '2026-01-01', to: '2026-01-03', source: N2026 },
  { name: '春节', from: '2026-02-15', to: '2026-02-23', source: N2026 },
  { name: '清明节', from: '2026-04-04', to: '2026-04-06', source: N2026 },
  { name: '劳动节', from: '2026-05-01', to: '2026-05-05', source: N2026 },
  { name: '端午节', from: '2026-06-19', to: '2026-06-21', source: N2026 },
  { name: '中秋节', from: '2026-09-25', to: '2026-09-27', source: N2026 },
  { name: '国庆节', from: '2026-10-01', to: '2026-10-07', source: N2026 },
];

/** A Saturday or Sunday worked in exchange for a holiday bridge (调休上班), with the notice that fixed it. */
export interface MakeUpWorkingDay {
  date: IsoDate;
  holiday: string;
  source: string;
  /** Checked against the notice's published text. */
  verified: boolean;
}

export const MAKE_UP_WORKING_DAYS: readonly MakeUpWorkingDay[] = [
  { date: '2024-02-04', holiday: '春节', source: N2024, verified: true },
  { date: '2024-02-18', holiday: '春节', source: N2024, verified: true },
  { date: '2024-04-07', holiday: '清明节', source: N2024, verified: true },
  { date: '2024-04-28', holiday: '劳动节', source: N2024, verified: true },
  { date: '2024-05-11', holiday: '劳动节', source: N2024, verified: true },
  { date: '2024-09-14', holiday: '中秋节', source: N2024, verified: true },
  { date: '2024-09-29', holiday: '国庆节', source: N2024, verified: true },
  { date: '2024-10-12', holiday: '国庆节', source: N2024, verified: true },
  { date: '2025-01-26', holiday: '春节', source: N2025, verified: true },
  { date: '2025-02-08', holiday: '春节', source: N2025, verified: true },
  { date: '2025-04-27', holiday: '劳动节', source: N2025, verified: true },
  { date: '2025-09-28', holiday: '国庆节、中秋节', source: N2025, verified: true },
  { date: '2025-10-11', holiday: '国庆节、中秋节', source: N2025, verified: true },
  { date: '2026-01-04', holiday: '元旦', source: N2026, verified: true },
  { date: '2026-02-14', holiday: '春节', source: N2026, verified: true },
  { date: '2026-02-28', holiday: '春节', source: N2026, verified: true },
  { date: '2026-05-09', holiday: '劳动节', source: N2026, verified: true },
  { date: '2026-09-20', holiday: '国庆节', source: N2026, verified: true },
  { date: '2026-10-10', holiday: '国庆节', source: N2026, verified: true },
];

/** Years whose State Council notice is entered: outside them working days are Monday–Friday only (said on screen). */
export const CALENDAR_YEARS: readonly number[] = [2024, 2025, 2026];

export function holidayOn(date: IsoDate, holidays: readonly HolidayPeriod[] = STATUTORY_HOLIDAYS): HolidayPeriod | undefined {
  return holidays.find((h) => h.from <= date && date <= h.to);
}

const isWeekend = (date: IsoDate): boolean => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

export interface PeriodRules {
  /** 民法典 201: the starting day is not counted (false) — the period starts the next day. */
  startDayCounts: boolean;
  /** 民法典 203: a last day on a statutory holiday moves to the day after the holiday ends. */
  holidayExtends: boolean;
  /** Whether an ordinary Saturday or Sunday counts as a 法定休假日 for 203. */
  weekendsAreHolidays: boolean;
}

export const CIVIL_CODE_PERIOD: PeriodRules = { startDayCounts: false, holidayExtends: true, weekendsAreHolidays: false };

/**
 * The last day of a period of `days` days from `start` (民法典 201, 203). With the defaults a 30-day period
 * received on 03-04 runs 03-05 … 04-03; one whose 30th day falls in the 劳动节 holiday ends the day after it.
 */
export function periodLastDay(start: IsoDate, days: number, rules: PeriodRules = CIVIL_CODE_PERIOD, holidays: readonly HolidayPeriod[] = STATUTORY_HOLIDAYS): IsoDate {
  let last = addDays(start, rules.startDayCounts ? days - 1 : days);
  if (!rules.holidayExtends) return last;
  for (;;) {
    const holiday = holidayOn(last, holidays);
    if (holiday) last = addDays(holiday.to, 1);
    else if (rules.weekendsAreHolidays && isWeekend(last)) last = addDays(last, 1);
    else return last;
  }
}
