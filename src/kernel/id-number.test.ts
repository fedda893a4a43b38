import { describe, expect, it } from 'vitest';
import { checkIdNumber, idNumberCheckChar, makeIdNumber, maskIdNumber, upgradeFifteenDigit } from './id-number.js';

// GB 11643-1999: S = Σ a_i × W_i, W = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; S mod 11 → "10X98765432".
describe('GB 11643 ID numbers', () => {
  it('accepts the standard’s own example 11010519491231002X', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → 'X'
    expect(checkIdNumber('11010519491231002X', '2026-01-01')).toEqual({
      idNumber: '11010519491231002X',
      addressCode: '110105',
      birthDate: '1949-12-31',
      sex: 'F',
    });
  });

  it('normalises a lower-case x', () => {
    expect(checkIdNumber('11010519491231002x', '2026-01-01')).toMatchObject({ idNumber: '11010519491231002X' });
  });

  it('rejects a wrong check digit', () => {
    expect(checkIdNumber('110105194912310021', '2026-01-01')).toBe('check_digit');
  });

  it('rejects impossible dates: 30 February, 29 February of a non-leap year, month 13', () => {
    expect(checkIdNumber(makeIdNumber('310104', '1999-02-30', 11), '2026-01-01')).toBe('birth_date');
    expect(checkIdNumber(makeIdNumber('310104', '2023-02-29', 11), '2026-01-01')).toBe('birth_date');
    expect(checkIdNumber(makeIdNumber('310104', '1990-13-01', 11), '2026-01-01')).toBe('birth_date');
  });

  it('accepts 29 February of a leap year and rejects a birth date after today', () => {
    expect(checkIdNumber(makeIdNumber('310104', '2000-02-29', 11), '2026-01-01')).toMatchObject({ birthDate: '2000-02-29', sex: 'M' });
    expect(checkIdNumber(makeIdNumber('310104', '2026-01-02', 12), '2026-01-01')).toBe('future_birth_date');
  });

  it('rejects the wrong shape and impossible province codes', () => {
    expect(checkIdNumber('31010419900101123', '2026-01-01')).toBe('format');
    expect(checkIdNumber('3101041990010112XX', '2026-01-01')).toBe('format');
    expect(checkIdNumber(makeIdNumber('990101', '1990-01-01', 1), '2026-01-01')).toBe('address');
  });

  it('keeps historical district codes valid (people keep their number after redistricting)', () => {
    expect(checkIdNumber(makeIdNumber('310103', '1960-05-01', 21), '2026-01-01')).toMatchObject({ addressCode: '310103' });
  });

  it('derives sex from the parity of the sequence (odd = male)', () => {
    expect(checkIdNumber(makeIdNumber('310115', '1980-07-01', 123), '2026-01-01')).toMatchObject({ sex: 'M' });
    expect(checkIdNumber(makeIdNumber('310115', '1980-07-01', 124), '2026-01-01')).toMatchObject({ sex: 'F' });
  });

  it('upgrades a 15-digit number by inserting 19 and appending the check character', () => {
    const upgraded = upgradeFifteenDigit('110105491231002');
    expect(upgraded).toBe('11010519491231002X');
  });

  it('masks all but the first three and last four characters', () => {
    expect(maskIdNumber('31010419900101123X')).toBe('310***********123X');
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });
});
