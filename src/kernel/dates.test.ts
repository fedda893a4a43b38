import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, isValidDate, isValidMonth, lastDayOfMonth, todayInShanghai } from './dates.js';
import { formatYuan, mulDivCeil, roundUpTo } from './money.js';

describe('calendar dates', () => {
  it('computes whole years; a 29 February birthday ages on 1 March in non-leap years', () => {
    expect(ageOn('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageOn('1960-02-29', '2025-03-01')).toBe(65);
    expect(ageOn('1960-02-29', '2024-02-29')).toBe(64);
    expect(ageOn('1959-07-31', '2024-07-31')).toBe(65);
    expect(ageOn('1959-08-01', '2024-07-31')).toBe(64);
  });

  it('knows month ends and month arithmetic', () => {
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2023-02')).toBe('2023-02-28');
    expect(addMonths('2024-11', 3)).toBe('2025-02');
    expect(addMonths('2024-01', -1)).toBe('2023-12');
  });

  it('validates dates and months strictly', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2024-2-1')).toBe(false);
    expect(isValidMonth('2024-13')).toBe(false);
    expect(isValidMonth('2024-07')).toBe(true);
  });

  it('takes today in Asia/Shanghai, not UTC', () => {
    // 2024-06-30 17:00 UTC is already 1 July in Shanghai (UTC+8).
    expect(todayInShanghai(new Date('2024-06-30T17:00:00Z'))).toBe('2024-07-01');
  });
});

describe('money in fen', () => {
  it('formats without floating-point error and rounds up to multiples', () => {
    expect(formatYuan(159500)).toBe('1595.00');
    expect(formatYuan(-5)).toBe('-0.05');
    // 1330 × 1.3 = 1729 → rounded up to 5 yuan = 1730 (POLICY-FACTS 1.1)
    expect(roundUpTo(mulDivCeil(133000, 13, 10), 500)).toBe(173000);
  });
});
