/**
 * The registry's part in "who read this person's data": it finds the person by ID number (the keyed hash, as
 * every look-up does) or by name, and names the households the person has ever belonged to. Called for auditors
 * only (the audit routes check the role and audit the search); answers carry the ID number masked.
 */
import type { AuditSubjectSource } from '../access/index.js';
import { normaliseIdNumber } from '../kernel/index.js';
import { IdVault } from './id-vault.js';
import type { RegistryTables } from './model.js';

const ID_NUMBER = /^\d{17}[\dXx]$/;
const MAX_MATCHES = 20;

export const registryAuditSubjects: AuditSubjectSource = {
  async findPersons(ctx, q) {
    const db = ctx.db.kysely.withTables<RegistryTables>();
    let query = db.selectFrom('registry.persons').select(['id', 'name', 'id_number_masked', 'birth_date']).orderBy('id').limit(MAX_MATCHES);
    const number = normaliseIdNumber(q);
    if (ID_NUMBER.test(number)) query = query.where('id_number_hash', '=', new IdVault(ctx.config.secretKey).hash(number));
    else if (/^\d+$/.test(q)) query = query.where('id', '=', Number(q));
    else query = query.where('name', '=', q);
    const rows = await query.execute();
    return rows.map((r) => ({ personId: r.id, name: r.name, idNumberMasked: r.id_number_masked, birthDate: r.birth_date }));
  },
  async objectsOf(ctx, personId) {
    const db = ctx.db.kysely.withTables<RegistryTables>();
    const households = await db.selectFrom('registry.household_members').select('household_id').distinct().where('person_id', '=', personId).execute();
    return [
      { entityType: 'person', ids: [String(personId)] },
      { entityType: 'household', ids: households.map((h) => String(h.household_id)) },
    ];
  },
  async describe(ctx, entityType, ids) {
    const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
    if (numeric.length === 0) return new Map();
    const db = ctx.db.kysely.withTables<RegistryTables>();
    if (entityType === 'person') {
      const rows = await db.selectFrom('registry.persons').select(['id', 'name']).where('id', 'in', numeric).execute();
      return new Map(rows.map((r) => [String(r.id), r.name]));
    }
    if (entityType === 'household') {
      // A household is known by its head (the first member still living there), as the household page shows it.
      const rows = await db
        .selectFrom('registry.household_members as m')
        .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
        .select(['m.household_id', 'p.name'])
        .where('m.household_id', 'in', numeric)
        .where('m.relation', '=', 'head')
        .execute();
      return new Map(rows.map((r) => [String(r.household_id), `${r.name} 家`]));
    }
    return new Map();
  },
};
