/** A party's ID number: checked (GB 11643; a 15-digit number converted), hashed with the registry's key, sealed, masked. */
import { checkIdNumber, idNumberProblemMessage, invalid, maskIdNumber, upgradeFifteenDigit, type IsoDate, type Sex } from '../kernel/index.js';
import type { IdVault } from '../registry/index.js';

export interface SealedId {
  idNumber: string;
  birthDate: IsoDate;
  sex: Sex;
  hash: Buffer;
  enc: Buffer;
  masked: string;
}

export function sealId(vault: IdVault, raw: string, on: IsoDate, label: string): SealedId {
  const trimmed = raw.trim().toUpperCase();
  const parsed = checkIdNumber(/^\d{15}$/.test(trimmed) ? upgradeFifteenDigit(trimmed) : trimmed, on);
  if (typeof parsed === 'string') throw invalid('ADOPTION_INVALID_ID_NUMBER', `${label}：${idNumberProblemMessage[parsed]}`);
  return { idNumber: parsed.idNumber, birthDate: parsed.birthDate, sex: parsed.sex, hash: vault.hash(parsed.idNumber), enc: vault.encrypt(parsed.idNumber), masked: maskIdNumber(parsed.idNumber) };
}
