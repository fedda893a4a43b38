/** Names a ledger (台账) shows instead of codes: divisions by name (not personal data, not audited). */
import { findDivision } from './divisions.js';
import type { RegistryDb } from './model.js';

export async function divisionNameMap(db: RegistryDb, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const code of new Set(codes)) names.set(code, (await findDivision(db, code))?.name ?? code);
  return names;
}
