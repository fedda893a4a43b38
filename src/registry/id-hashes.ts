/**
 * Persons' keyed ID-number hashes (the IdVault look-up key), for modules that keep records of people by hash only
 * — a marriage registered or imported before its parties were matched to the registry is found this way when one
 * of them dies. A keyed hash reveals no number and no personal fact, so this read is not audited.
 */
import type { RegistryDb } from './model.js';

/** Registry person ids by ID hash (hex of the hash → id); hashes the registry does not hold are absent. */
export async function personIdsByHash(db: RegistryDb, hashes: readonly Buffer[]): Promise<Map<string, number>> {
  if (!hashes.length) return new Map();
  const rows = await db
    .selectFrom('registry.persons')
    .select(['id', 'id_number_hash'])
    .where('id_number_hash', 'in', [...hashes])
    .execute();
  return new Map(rows.map((r) => [Buffer.from(r.id_number_hash).toString('hex'), Number(r.id)]));
}

export async function personIdHashes(db: RegistryDb, personIds: readonly number[]): Promise<Map<number, Buffer>> {
  const ids = [...new Set(personIds)];
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('registry.persons').select(['id', 'id_number_hash']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), Buffer.from(r.id_number_hash)]));
}
