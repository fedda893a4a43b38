/**
 * Persons read many at a time, for a system working through a department's batch: one statement and one
 * audit entry naming every person read, instead of one audited call per person. Persons outside the actor's
 * jurisdiction are refused (the refusal audited, naming them) and left out, as unknown ones are.
 */
import type { Actor } from '../access/index.js';
import { maskIdNumber, normaliseIdNumber } from '../kernel/index.js';
import { guardedBatch } from './batch-guard.js';
import type { IdVault } from './id-vault.js';
import type { PersonView, RegistryDb } from './model.js';
import { selectPersons, toPersonView } from './person-rows.js';

const CHUNK = 1000;
const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

/** The persons with these ids that exist and lie in the jurisdiction, in id order. `reference` names the batch. */
export async function getPersons(db: RegistryDb, actor: Actor, ids: readonly number[], reference: string): Promise<PersonView[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const request = { permission: 'registry.read' as const, action: 'registry.persons.read', entityType: 'person_batch', reference };
  return guardedBatch(db, actor, request, async (trx, scope) => {
    const views: PersonView[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await selectPersons(trx)
        .where('p.id', 'in', unique.slice(i, i + CHUNK))
        .orderBy('p.id')
        .execute();
      for (const row of rows) if (scope.allows(row.id, [row.hukou_division, row.residence_division])) views.push(toPersonView(row));
    }
    return { result: views, detail: { ids: views.map((v) => v.id) } };
  });
}

/**
 * Registry ids by ID number (looked up by the keyed hash, as listPersons does for one): a map from each
 * number as given to the person's id; numbers not registered, malformed or outside the jurisdiction are absent.
 * The audit entry holds the numbers masked, never in full.
 */
export async function findPersonIds(db: RegistryDb, vault: IdVault, actor: Actor, idNumbers: readonly string[], reference: string): Promise<Map<string, number>> {
  const byHash = new Map<string, string[]>();
  for (const raw of new Set(idNumbers)) {
    const number = normaliseIdNumber(raw);
    if (!ID_NUMBER_SHAPE.test(number)) continue;
    const key = vault.hash(number).toString('hex');
    byHash.set(key, [...(byHash.get(key) ?? []), raw]);
  }
  const hashes = [...byHash.keys()];
  const request = { permission: 'registry.read' as const, action: 'registry.persons.find', entityType: 'person_batch', reference };
  return guardedBatch(db, actor, request, async (trx, scope) => {
    const out = new Map<string, number>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('registry.persons')
        .select(['id', 'id_number_hash', 'id_number_masked', 'hukou_division', 'residence_division'])
        .where(
          'id_number_hash',
          'in',
          hashes.slice(i, i + CHUNK).map((h) => Buffer.from(h, 'hex')),
        )
        .execute();
      for (const row of rows) {
        if (!scope.allows(row.id, [row.hukou_division, row.residence_division])) continue;
        for (const raw of byHash.get(Buffer.from(row.id_number_hash).toString('hex')) ?? []) out.set(raw, row.id);
      }
    }
    const found = [...out].map(([raw, id]) => ({ idNumber: maskIdNumber(normaliseIdNumber(raw)), id }));
    return { result: out, detail: { searched: hashes.length, found } };
  });
}
