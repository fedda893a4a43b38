/**
 * The day counting and the age rule, without a database. Worked cases by hand from MARRIAGE-FUNERAL.md A1.
 */
import { describe, expect, it } from 'vitest';
import { periodLastDay } from '../kernel/index.js';
import { ageOnDay } from './checks.js';
import { deriveStatus, timeline } from './divorce.js';

const defaults = { coolingOffDays: 30, certificateDays: 30, period: { startDayCounts: false, holidayExtends: true, weekendsAreHolidays: false } };

describe('民法典 201/203 periods', () => {
  it("computes the reference's worked example: received Tue 2025-03-04 → withdraw to 04-03, certificate to Tue 05-06", () => {
    // "day 1 is 03-05, withdrawal possible up to and including Thu 04-03 (day 30) → the certificate window starts 04-04;
    //  its day 30 is Sat 05-03, inside the holiday (劳动节 5月1日–5日), so it ends Tue 05-06 → deemed withdrawn from 05-07."
    expect(timeline('2025-03-04', defaults)).toEqual({ receivedOn: '2025-03-04', coolingOffLastDay: '2025-04-03', registrationFrom: '2025-04-04', registrationLastDay: '2025-05-06' });
  });

  it('counts the receipt day when the switch says so, and stops moving a holiday end when 203 is switched off', () => {
    // 201 off: day 1 is the receipt day itself → day 30 is 04-02.
    expect(periodLastDay('2025-03-04', 30, { startDayCounts: true, holidayExtends: true, weekendsAreHolidays: false })).toBe('2025-04-02');
    // 04-03 + 30 = 05-03 (in 劳动节) stays 05-03 without 203.
    expect(periodLastDay('2025-04-03', 30, { startDayCounts: false, holidayExtends: false, weekendsAreHolidays: false })).toBe('2025-05-03');
  });

  it('moves a last day on a Saturday only when weekends count as holidays', () => {
    // 2025-07-01 + 30 = Thu 07-31; + 30 = Sat 08-30.
    expect(periodLastDay('2025-07-31', 30)).toBe('2025-08-30');
    expect(periodLastDay('2025-07-31', 30, { startDayCounts: false, holidayExtends: true, weekendsAreHolidays: true })).toBe('2025-09-01');
  });

  it('derives the status from the log and the day: day 30 cooling off, day 31 and 60 awaiting, day 61 lapsing', () => {
    const t = timeline('2025-07-01', defaults);
    expect(deriveStatus([{ kind: 'applied' }], t, '2025-07-31')).toBe('cooling_off');
    expect(deriveStatus([{ kind: 'applied' }], t, '2025-08-01')).toBe('awaiting_registration');
    expect(deriveStatus([{ kind: 'applied' }], t, '2025-08-30')).toBe('awaiting_registration');
    expect(deriveStatus([{ kind: 'applied' }], t, '2025-08-31')).toBe('lapsing');
    expect(deriveStatus([{ kind: 'applied' }, { kind: 'withdrawn' }], t, '2025-07-10')).toBe('withdrawn');
  });
});

describe('民法典 1047: 周岁 on the registration day', () => {
  it('is reached on the birthday (the platform rule), or from the next day with the switch', () => {
    // Born 2003-07-01: 22 on 2025-07-01, 21 on 2025-06-30; with the day-after switch 22 only from 2025-07-02.
    expect(ageOnDay('2003-07-01', '2025-07-01', false)).toBe(22);
    expect(ageOnDay('2003-07-01', '2025-06-30', false)).toBe(21);
    expect(ageOnDay('2003-07-01', '2025-07-01', true)).toBe(21);
    expect(ageOnDay('2003-07-01', '2025-07-02', true)).toBe(22);
  });

  it('turns a 29 February birth a year older on 1 March in a common year', () => {
    // Born 2000-02-29: 22 on 2022-03-01, still 21 on 2022-02-28.
    expect(ageOnDay('2000-02-29', '2022-02-28', false)).toBe(21);
    expect(ageOnDay('2000-02-29', '2022-03-01', false)).toBe(22);
  });
});
