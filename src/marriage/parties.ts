/** A party's ID number: checked (GB 11643; a 15-digit number converted), hashed with the registry's key, sealed and masked. */
import { checkIdNumber, idNumberProblemMessage, invalid, maskIdNumber, upgradeFifteenDigit, type IsoDate, type Sex } from '../kernel/index.js';
import type { IdVault } from '../registry/index.js';

export interface PartyId {
  idNumber: string;
  birthDate: IsoDate;
  sex: Sex;
  hash: Buffer;
  enc: Buffer;
  masked: string;
}

/** 18 digits, or 15 digits (GB 11643-1989) converted to 18; null with the problem otherwise. */
export function normaliseParty(raw: string, today: IsoDate): { idNumber: string; birthDate: IsoDate; sex: Sex } | string {
  const trimmed = raw.trim().toUpperCase();
  const full = /^\d{15}$/.test(trimmed) ? upgradeFifteenDigit(trimmed) : trimmed;
  const parsed = checkIdNumber(full, today);
  if (typeof parsed === 'string') return idNumberProblemMessage[parsed];
  return parsed;
}

export function partyId(vault: IdVault, raw: string, today: IsoDate, label: string): PartyId {
  const parsed = normaliseParty(raw, today);
  if (typeof parsed === 'string') throw invalid('MARRIAGE_INVALID_ID_NUMBER', `${label}：${parsed}`);
  return { ...parsed, hash: vault.hash(parsed.idNumber), enc: vault.encrypt(parsed.idNumber), masked: maskIdNumber(parsed.idNumber) };
}
