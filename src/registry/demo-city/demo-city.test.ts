import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, checkCreditCode, checkIdNumber, maskIdNumber } from '../../kernel/index.js';
import { openTestDatabase, type TestDatabase } from '../../testing/db.js';
import { IdVault } from '../id-vault.js';
import { DEMO_STREETS, loadDemoCity } from './index.js';

const TODAY = '2025-03-15';
const PERSONS = 2000;
const secret = randomBytes(32);
const vault = new IdVault(secret);

let t: TestDatabase;
const query = <R>(sql: string, params?: unknown[]) => t.db.exclusive((s) => s.query<R>(sql, params));

/** Every generated column of every loaded table, except id_number_enc (random IVs) and the now() timestamps. */
async function digest(): Promise<Record<string, string>> {
  const parts: Record<string, string> = {
    persons: `select md5(string_agg(concat_ws('|', id, encode(id_number_hash, 'hex'), id_number_masked, name, sex, birth_date, hukou_division, residence_division, death_date, disability_grade, disability_category, labour_capacity), E'\\n' order by id)) as h from registry.persons`,
    households: `select md5(string_agg(concat_ws('|', id, division_code, address), E'\\n' order by id)) as h from registry.households`,
    members: `select md5(string_agg(concat_ws('|', household_id, person_id, relation, since, until), E'\\n' order by household_id, person_id)) as h from registry.household_members`,
    facts: `select md5(string_agg(concat_ws('|', id, subject_type, subject_id, kind, amount_fen, attributes::text, valid_from, valid_to, source, batch_id), E'\\n' order by id)) as h from registry.facts`,
    organisations: `select md5(string_agg(concat_ws('|', id, credit_code, name, kind, division_code, registered_on), E'\\n' order by id)) as h from registry.organisations`,
  };
  const out: Record<string, string> = {};
  for (const [table, sql] of Object.entries(parts)) out[table] = (await query<{ h: string }>(sql))[0].h;
  return out;
}

/** Back to an empty registry with fresh sequences, so a second load gets the same ids. */
async function reset(): Promise<void> {
  await t.db.exclusive((s) =>
    s.exec(`truncate registry.household_members, registry.facts, registry.households, registry.persons, registry.organisations, registry.fact_batches;
      alter sequence registry.person_id_seq restart; alter sequence registry.household_id_seq restart;
      alter sequence registry.fact_id_seq restart; alter sequence registry.organisation_id_seq restart;`),
  );
}

describe('demo city', () => {
  let first: Record<string, string>;

  beforeAll(async () => {
    t = await openTestDatabase();
    await loadDemoCity(t.db, vault, { seed: 7, persons: PERSONS, today: TODAY });
    first = await digest();
  });
  afterAll(async () => t.close());

  it('stores valid ID numbers that agree with sex, birth date, hash, mask and registration', async () => {
    const rows = await query<{ enc: Uint8Array; hash: Uint8Array; masked: string; sex: string; birth_date: string; hukou_division: string }>(
      'select id_number_enc as enc, id_number_hash as hash, id_number_masked as masked, sex, birth_date, hukou_division from registry.persons',
    );
    expect(rows).toHaveLength(PERSONS);
    let outside = 0;
    for (const row of rows) {
      const idNumber = vault.decrypt(row.enc);
      const parsed = checkIdNumber(idNumber, TODAY);
      if (typeof parsed === 'string') throw new Error(`${idNumber}: ${parsed}`);
      expect([parsed.sex, parsed.birthDate]).toEqual([row.sex, row.birth_date]);
      expect(Buffer.from(row.hash).equals(vault.hash(idNumber))).toBe(true);
      expect(row.masked).toBe(maskIdNumber(idNumber));
      // Shanghai registration: the hukou district is the address code; otherwise the outside county is.
      expect(row.hukou_division.slice(0, 6)).toBe(parsed.addressCode);
      if (!idNumber.startsWith('31')) outside++;
    }
    expect(outside / PERSONS).toBeGreaterThan(0.3);
    expect(outside / PERSONS).toBeLessThan(0.5);
  });

  it('has a plausible age pyramid and household sizes', async () => {
    const people = await query<{ birth_date: string }>('select birth_date from registry.persons where death_date is null');
    const elderly = people.filter((p) => ageOn(p.birth_date, TODAY) >= 60).length / people.length;
    expect(elderly).toBeGreaterThan(0.2);
    expect(elderly).toBeLessThan(0.3);
    const sizes = await query<{ size: number; n: number }>('select least(size, 5)::int as size, count(*)::int as n from (select household_id, count(*) as size from registry.household_members group by household_id) s group by 1');
    const total = sizes.reduce((a, s) => a + s.n, 0);
    const share = (size: number) => (sizes.find((s) => s.size === size)?.n ?? 0) / total;
    expect(share(1)).toBeGreaterThan(0.18);
    expect(share(1)).toBeLessThan(0.32);
    expect(share(2)).toBeGreaterThan(0.23);
    expect(share(3)).toBeGreaterThan(0.18);
    expect(share(4)).toBeGreaterThan(0.06);
    expect(share(5)).toBeGreaterThan(0.03);
    const [{ members }] = await query<{ members: number }>('select count(distinct person_id)::int as members from registry.household_members');
    expect(members).toBe(PERSONS);
  });

  it('refers only to divisions that exist, down to committees under their streets', async () => {
    const [missing] = await query<{ hukou: number; residence: number; households: number; orphans: number }>(`
      select (select count(*)::int from registry.persons p where not exists (select 1 from registry.divisions d where d.code = p.hukou_division)) as hukou,
             (select count(*)::int from registry.persons p where not exists (select 1 from registry.divisions d where d.code = p.residence_division and d.level = 'committee')) as residence,
             (select count(*)::int from registry.households h where not exists (select 1 from registry.divisions d where d.code = h.division_code)) as households,
             (select count(*)::int from registry.divisions c where c.parent_code is not null and not exists (select 1 from registry.divisions d where d.code = c.parent_code)) as orphans`);
    expect(missing).toEqual({ hukou: 0, residence: 0, households: 0, orphans: 0 });
    const [{ separated }] = await query<{ separated: number }>("select count(*)::int as separated from registry.persons where hukou_division like '31%' and left(hukou_division, 9) <> left(residence_division, 9)");
    expect(separated).toBeGreaterThan(0);
  });

  it('puts near-threshold households, an orphan and a destitute person in each demo street', async () => {
    for (const street of DEMO_STREETS) {
      const prefix = `${street.code.slice(0, 9)}%`;
      const [row] = await query<{ persons: number; near: number; orphans: number; destitute: number }>(
        `with hh as (
           select m.household_id, count(distinct m.person_id) as size,
                  coalesce(sum(f.amount_fen) filter (where f.kind like 'income.%'), 0) as income
             from registry.household_members m
             join registry.households h on h.id = m.household_id and h.division_code like $1
             left join registry.facts f on f.subject_id = m.person_id and f.subject_type = 'person'
            group by m.household_id)
         select (select count(*)::int from registry.persons where residence_division like $1) as persons,
                (select count(*)::int from hh where income / size between 0.75 * 159500 and 1.2 * 159500) as near,
                (select count(*)::int from registry.facts f join registry.persons p on p.id = f.subject_id where f.kind = 'orphan' and p.residence_division like $1) as orphans,
                (select count(*)::int from registry.facts f join registry.persons p on p.id = f.subject_id where f.kind = 'legal_supporter' and p.residence_division like $1) as destitute`,
        [prefix],
      );
      expect(row.persons).toBeGreaterThanOrEqual(60);
      expect(row.near).toBeGreaterThanOrEqual(3);
      expect(row.orphans).toBeGreaterThanOrEqual(1);
      expect(row.destitute).toBeGreaterThanOrEqual(1);
    }
  });

  it('registers organisations with valid credit codes', async () => {
    const rows = await query<{ credit_code: string }>('select credit_code from registry.organisations');
    expect(rows).toHaveLength(Math.round(PERSONS / 1000));
    for (const r of rows) expect(typeof checkCreditCode(r.credit_code)).toBe('object');
  });

  it('refuses a registry that already has persons', async () => {
    await expect(loadDemoCity(t.db, vault, { seed: 7, persons: 10, today: TODAY })).rejects.toMatchObject({ code: 'REGISTRY_NOT_EMPTY' });
  });

  it('is deterministic: the same seed gives the same rows (also in bulk mode and sealing in a worker), another seed others', async () => {
    // Bulk mode drops and rebuilds indexes and foreign keys: they must come back exactly, comments included.
    const indexes = () =>
      query(`select c.relname, pg_get_indexdef(c.oid) as def, obj_description(c.oid, 'pg_class') as comment from pg_class c
               join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'registry' and c.relkind = 'i'
             union all
             select k.conname, pg_get_constraintdef(k.oid), obj_description(k.oid, 'pg_constraint') from pg_constraint k
               join pg_namespace n on n.oid = k.connamespace where n.nspname = 'registry'
             order by 1, 2`);
    const before = await indexes();
    await reset();
    // Bulk mode and sealing in a worker thread change how the rows are written, not the rows.
    await loadDemoCity(t.db, vault, { seed: 7, persons: PERSONS, today: TODAY, bulk: true, sealInWorkers: { secret, threads: 1 } });
    expect(await digest()).toEqual(first);
    expect(await indexes()).toEqual(before);
    const [sample] = await query<{ enc: Uint8Array; hash: Uint8Array }>('select id_number_enc as enc, id_number_hash as hash from registry.persons order by id desc limit 1');
    expect(vault.hash(vault.decrypt(sample.enc)).equals(Buffer.from(sample.hash))).toBe(true);
    await reset();
    await loadDemoCity(t.db, vault, { seed: 8, persons: PERSONS, today: TODAY });
    const other = await digest();
    for (const table of Object.keys(first)) expect(other[table]).not.toBe(first[table]);
  });
});
