import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckChar, makeCreditCode, organisationCodeCheckChar } from './credit-code.js';

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
