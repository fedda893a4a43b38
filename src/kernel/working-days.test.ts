import { describe, expect, it } from 'vitest';
import { addDays } from './dates.js';
import { CALENDAR_YEARS, MAKE_UP_WORKING_DAYS, STATUTORY_HOLIDAYS } from './holidays.js';
import { addWorkingDays, isWorkingDay, STATUTORY_CALENDAR, workingDaysBetween } from './working-days.js';

const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('the one working-day calendar (State Council notices 2024–2026)', () => {
  it('every 调休 working day is a Saturday or Sunday outside a holiday period, in an entered year', () => {
    for (const d of MAKE_UP_WORKING_DAYS) {
      expect([0, 6], d.date).toContain(weekday(d.date));
      expect(
        STATUTORY_HOLIDAYS.some((h) => h.from <= d.date && d.date <= h.to),
        d.date,
      ).toBe(false);
      expect(CALENDAR_YEARS).toContain(Number(d.date.slice(0, 4)));
      expect(isWorkingDay(d.date)).toBe(true);
    }
  });
  it('2025 国庆节、中秋节: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked (国办发明电〔2024〕12号 六)', () => {
    for (let d = '2025-10-01'; d <= '2025-10-08'; d = addDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false); // an ordinary Sunday
  });
  it('counts across a holiday and a 调休 Saturday: received Tue 2025-09-30, 5 working days → 10-09, 10-10, 10-11 (Sat), 10-13, 10-14', () => {
    expect(addWorkingDays('2025-09-30', 5)).toBe('2025-10-14');
    expect(workingDaysBetween('2025-09-30', '2025-10-14')).toBe(5);
    expect(workingDaysBetween('2025-09-30', '2025-10-11')).toBe(3);
  });
  it('2026 春节: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked; Fri 02-13 + 1 working day is Sat 02-14', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    // 02-14 (Sat, worked), then 02-24, 02-25: 02-15..23 are all off.
    expect(addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
  });
  it('same day is 0, the next working day 1, a weekend in between not counted', () => {
    expect(workingDaysBetween('2024-03-08', '2024-03-08')).toBe(0);
    expect(workingDaysBetween('2024-03-08', '2024-03-11')).toBe(1); // Fri → Mon
    expect(workingDaysBetween('2024-03-11', '2024-03-08')).toBe(0);
  });
  it('a caller may still pass its own calendar (social organisations keep theirs as a dated setting)', () => {
    expect(addWorkingDays('2025-09-30', 5, { holidays: [], workingWeekends: [] })).toBe('2025-10-07');
    expect(STATUTORY_CALENDAR.holidays).toContain('2024-02-17');
  });
});
