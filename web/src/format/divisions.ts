/** Division codes as the API sends them: 12 digits (city 310000000000, district 310115000000, street 310115004000). */

export type CodeLevel = 'province' | 'prefecture' | 'district' | 'street' | 'committee';

export function codeLevel(code: string): CodeLevel {
  if (code.slice(2) === '0000000000') return 'province';
  if (code.slice(4) === '00000000') return 'prefecture';
  if (code.slice(6) === '000000') return 'district';
  if (code.slice(9) === '000') return 'street';
  return 'committee';
}

const prefixLength: Record<CodeLevel, number> = { province: 2, prefecture: 4, district: 6, street: 9, committee: 12 };

/**
 * The same test the server applies before any write: the UI uses it only to hide buttons that would be
 * refused, never to grant anything.
 */
export function isWithin(code: string, jurisdiction: string): boolean {
  return code.startsWith(jurisdiction.slice(0, prefixLength[codeLevel(jurisdiction)]));
}

