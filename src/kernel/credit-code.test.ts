import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkCreditCodeAuthority, creditCodeCheckChar, creditCodeProblemPosition, makeCreditCode, organisationCodeCheckChar } from './credit-code.js';
import { addWorkingDays, isWorkingDay } from './working-days.js';

describe('GB 32100 unified social credit codes', () => {
  it('accepts 91350100M000100Y43 (position 18 check 3, GB 11714 check 4)', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(organisationCodeCheckChar('M000100Y')).toBe('4');
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ code: '91350100M000100Y43', authority: '9', type: '1', divisionCode: '350100' });
  });

  it('rejects a wrong check character', () => {
    expect(checkCreditCode('91350100M000100Y44')).toBe('check_digit');
  });

  it('rejects characters outside the 31-character set (I, O, S, V, Z)', () => {
    expect(checkCreditCode('91350100M000100YO3')).toBe('format');
    expect(checkCreditCode('9135010')).toBe('format');
  });

  it('builds valid codes for Shanghai social organisations (51 社会团体, 52 社会服务机构, 53 基金会)', () => {
    for (const prefix of ['51310000', '52310115', '53310000']) {
      const code = makeCreditCode(`${prefix}MJ123456`);
      expect(checkCreditCode(code)).toMatchObject({ authority: '5', code });
    }
  });

  it('detects a broken organisation-code check even when position 18 is recomputed', () => {
    const first16 = '51310000MJ123456';
    const wrongOrgCheck = organisationCodeCheckChar(first16.slice(8)) === '0' ? '1' : '0';
    const first17 = first16 + wrongOrgCheck;
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17))).toBe('organisation_check');
  });
});

describe('GB 32100 authority check at establishment (positions 1–8)', () => {
  const expectFoundation = { authority: '5', type: '3', registrarCode: '310000' };
  it('accepts a Shanghai foundation registered by the city bureau (53 + 310000)', () => {
    expect(checkCreditCodeAuthority(makeCreditCode('53310000MJ123456'), expectFoundation)).toBeNull();
  });
  it('names position 2 for a 52 code given to a foundation', () => {
    expect(checkCreditCodeAuthority(makeCreditCode('52310000MJ123456'), expectFoundation)).toMatchObject({ position: 2, expected: '3', actual: '2' });
  });
  it('names positions 3–8 for a district registrar code on a foundation (foundations are registered by the city only)', () => {
    const problem = checkCreditCodeAuthority(makeCreditCode('53310115MJ123456'), expectFoundation);
    expect(problem).toMatchObject({ position: 3, expected: '310000', actual: '310115' });
    expect(problem?.message).toContain('第3–8位');
  });
  it('names position 1 when the authority is not 民政 (9 = 市场监管)', () => {
    expect(checkCreditCodeAuthority(makeCreditCode('91310115MJ123456'), { authority: '5', type: '2', registrarCode: '310115' })).toMatchObject({ position: 1 });
  });
  it('gives the position of a wrong check character', () => {
    expect(creditCodeProblemPosition[checkCreditCode('91350100M000100Y44') as 'check_digit']).toBe(18);
  });
});

describe('working days', () => {
  // 2025-10-01..08 National Day holiday, 2025-09-28 (Sun) and 2025-10-11 (Sat) worked (国务院办公厅 2025 holiday notice).
  const calendar = { holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'], workingWeekends: ['2025-09-28', '2025-10-11'] };
  it('skips weekends: 5 working days after Friday 2025-03-07 is Friday 2025-03-14', () => {
    expect(addWorkingDays('2025-03-07', 5, { holidays: [], workingWeekends: [] })).toBe('2025-03-14');
  });
  it('skips holidays and counts worked weekends: 5 working days after 2025-09-30 → 09, 10, 11(Sat), 13, 14', () => {
    expect(addWorkingDays('2025-09-30', 5, calendar)).toBe('2025-10-14');
    expect(isWorkingDay('2025-09-28', calendar)).toBe(true);
  });
});
