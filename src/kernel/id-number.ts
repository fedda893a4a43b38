import { isValidDate, todayInShanghai, type IsoDate } from './dates.js';

/**
 * 居民身份证号码, GB 11643-1999: 6-digit address code + YYYYMMDD + 3-digit sequence (odd = male) +
 * ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'M' | 'F';

export type IdNumberProblem = 'format' | 'address' | 'birth_date' | 'future_birth_date' | 'check_digit';

export interface ParsedIdNumber {
  idNumber: string;
  addressCode: string;
  birthDate: IsoDate;
  sex: Sex;
}

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Returns the parsed number, or the first problem found. `today` bounds the birth date. */
export function checkIdNumber(raw: string, today: IsoDate = todayInShanghai()): ParsedIdNumber | IdNumberProblem {
  const idNumber = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  const addressCode = idNumber.slice(0, 6);
  // Province codes run 11..82 (GB/T 2260); the county part may be a historical code, so only the shape is checked.
  const province = Number(addressCode.slice(0, 2));
  if (province < 11 || province > 82) return 'address';
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isValidDate(birthDate)) return 'birth_date';
  if (birthDate > today) return 'future_birth_date';
  if (idNumberCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return 'check_digit';
  return { idNumber, addressCode, birthDate, sex: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F' };
}

export const idNumberProblemMessage: Record<IdNumberProblem, string> = {
  format: '身份证号码格式错误：应为18位，前17位为数字，末位为数字或X',
  address: '身份证号码地址码无效',
  birth_date: '身份证号码中的出生日期不是有效日期',
  future_birth_date: '身份证号码中的出生日期晚于今天',
  check_digit: '身份证号码校验码错误',
};

/** Builds a valid number from its parts (used by the demo-city generator and test factories). */
export function makeIdNumber(addressCode: string, birthDate: IsoDate, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** GB 11643-1989 fifteen-digit numbers convert by inserting "19" and appending the check character. */
export function upgradeFifteenDigit(old: string): string {
  if (!/^\d{15}$/.test(old)) throw new RangeError('not a 15-digit ID number');
  const first17 = `${old.slice(0, 6)}19${old.slice(6)}`;
  return first17 + idNumberCheckChar(first17);
}

/** `310***********123X`: the first three and last four characters stay visible. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 3) + '*'.repeat(idNumber.length - 7) + idNumber.slice(-4);
}
