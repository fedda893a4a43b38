/** Division codes as the API sends them: 12 digits (city 310000000000, district 310115000000, street 310115004000). */
import type { DivisionLevel } from '../../../src/kernel/division-code.js';

export type CodeLevel = DivisionLevel;

/** How many leading digits each level owns; the rest of a code at that level is zeros (GB/T 2260 and its street/committee extension). */
const prefixLength: Record<CodeLevel, number> = { province: 2, prefecture: 4, district: 6, street: 9, committee: 12 };
const levels = Object.keys(prefixLength) as CodeLevel[];

export function codeLevel(code: string): CodeLevel {
  return levels.find((level) => code.slice(prefixLength[level]) === '0'.repeat(12 - prefixLength[level])) ?? 'committee';
}

/**
 * The same test the server applies before any write: the UI uses it only to hide buttons that would be
 * refused, never to grant anything.
 */
export function isWithin(code: string, jurisdiction: string): boolean {
  return code.startsWith(jurisdiction.slice(0, prefixLength[codeLevel(jurisdiction)]));
}
