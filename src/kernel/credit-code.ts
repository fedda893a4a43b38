/**
 * 统一社会信用代码, GB 32100-2015: 18 characters from a 31-character set (no I, O, S, V, Z);
 * position 18 is a MOD 31 check; positions 9–17 are the GB 11714 organisation code with its own check.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeProblem = 'format' | 'check_digit' | 'organisation_check';

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

/** GB 11714 check over positions 9–16 of the credit code, using 0-9A-Z values. */
export function organisationCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function checkCreditCode(raw: string): { code: string; authority: string; type: string; divisionCode: string } | CreditCodeProblem {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/.test(code)) return 'format';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'check_digit';
  if (/^[0-9A-Z]{8}[0-9X]$/.test(code.slice(8, 17)) && organisationCodeCheckChar(code.slice(8, 16)) !== code[16]) {
    return 'organisation_check';
  }
  return { code, authority: code[0], type: code[1], divisionCode: code.slice(2, 8) };
}

export const creditCodeProblemMessage: Record<CreditCodeProblem, string> = {
  format: '统一社会信用代码格式错误：应为18位，且不含I、O、S、V、Z',
  check_digit: '统一社会信用代码第18位（校验码）错误',
  organisation_check: '统一社会信用代码第17位（组织机构代码校验码）错误',
};

/** Builds a valid code from its first 16 characters (the generator uses this). */
export function makeCreditCode(first16: string): string {
  const first17 = first16 + organisationCodeCheckChar(first16.slice(8, 16));
  return first17 + creditCodeCheckChar(first17);
}

/** The 1-based position a problem is about (GB 32100: 18 = the MOD 31 check, 17 = the GB 11714 check); null for the format. */
export const creditCodeProblemPosition: Record<CreditCodeProblem, number | null> = { format: null, check_digit: 18, organisation_check: 17 };

/** GB 32100 position 1 (registration authority) and position 2 (type) for 民政 (civil affairs). */
export const CIVIL_AFFAIRS_AUTHORITY = '5';
export const CIVIL_AFFAIRS_TYPE_CODES = { social_group: '1', social_service: '2', foundation: '3' } as const;

export interface CreditCodeAuthorityProblem {
  /** 1-based position of the first character that does not match. */
  position: number;
  expected: string;
  actual: string;
  message: string;
}

/**
 * The authority part of a code issued at establishment: position 1 the authority, position 2 the type under it,
 * positions 3–8 the registrar's GB/T 2260 code. Checked when the code is issued only: the code is kept for life,
 * so a later change of registrar does not make it wrong.
 */
export function checkCreditCodeAuthority(code: string, expected: { authority: string; type: string; registrarCode: string }): CreditCodeAuthorityProblem | null {
  const parts: [number, string, string, string][] = [
    [1, expected.authority, code.slice(0, 1), '登记管理机关代码'],
    [2, expected.type, code.slice(1, 2), '机构类别代码'],
    [3, expected.registrarCode, code.slice(2, 8), '登记管理机关行政区划码'],
  ];
  for (const [position, want, got, what] of parts) {
    if (want === got) continue;
    const last = position + want.length - 1;
    const at = last === position ? `第${position}位` : `第${position}–${last}位`;
    return { position, expected: want, actual: got, message: `统一社会信用代码${at}（${what}）应为“${want}”，实为“${got}”` };
  }
  return null;
}
