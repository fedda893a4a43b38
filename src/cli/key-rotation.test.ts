/**
 * Key rotation on a small city (issue 22): 300 persons, a marriage record, a payee account and an MFA secret
 * sealed under the old key; the server restarts with the new key (old one as MINZHENG_SECRET_KEY_PREVIOUS, the
 * look-up key pinned to the old one); a rotation cut short after two batches leaves a mix that still reads and
 * looks up; the rerun resumes where it stopped; afterwards everything opens with the new key alone.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSealedSecret, sealSecret, type AccessTables } from '../access/index.js';
import { AccountVault } from '../assistance/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { withKeyring } from '../kernel/keyring.js';
import { IdVault, loadDemoCity } from '../registry/index.js';
import { loginAs } from '../registry/testing.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { rotateKeys } from './key-rotation.js';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
// What `serve` and `keys rotate` get from MINZHENG_SECRET_KEY, _PREVIOUS and MINZHENG_LOOKUP_KEY during the rotation.
const rotating = withKeyring(Buffer.from(newKey), [oldKey], oldKey);
// After it: the previous key removed from the configuration; the look-up key stays.
const afterwards = withKeyring(Buffer.from(newKey), [], oldKey);

describe('minzheng keys rotate on a small city', () => {
  let t: TestDatabase;
  let app: AppInstance;
  const q = <R>(text: string, params?: unknown[]) => t.ownerQuery<R>(text, params);
  const idNumbers = new Map<number, string>();

  beforeAll(async () => {
    t = await openTestDatabase(testConfig({ secretKey: oldKey }));
    const old = new IdVault(oldKey);
    await loadDemoCity(t.db, old, { seed: 22, persons: 300, today: '2025-03-15' });
    for (const row of await q<{ id: number; id_number_enc: Uint8Array }>('select id, id_number_enc from registry.persons order by id')) idNumbers.set(Number(row.id), old.decrypt(row.id_number_enc));
    const [first] = idNumbers.values();
    await q(
      `insert into marriage.marriages (service, registered_on, provenance, quality, husband_hash, husband_enc, husband_name, wife_name, wife_enc, wife_hash)
       values ('marriage', '2020-05-20', 'imported', 'complete', $1, $2, '张三', '李四', $3, $4)`,
      [old.hash(first as string), old.encrypt(first as string), old.encrypt('310101199001011234'), old.hash('310101199001011234')],
    );
    const [person] = await q<{ id: number; household_id: number }>('select person_id as id, household_id from registry.household_members limit 1');
    const [caseRow] = await q<{ id: number }>(
      `insert into assistance.cases (programme, household_id, applicant_person_id, applicant_name, street_code, district_code, division_code, applied_on, created_by, status, version)
       values ('dibao', $1, $2, '王五', '310115004', '310115', '310115004001', '2025-03-01', 1, 'submitted', 1) returning id`,
      [person?.household_id, person?.id],
    );
    await q(`insert into assistance.payee_accounts (case_id, holder_name, bank_name, account_enc, account_masked) values ($1, '王五', '上海农商银行', $2, '****1234')`, [caseRow?.id, new AccountVault(oldKey).encrypt('6228480000001234')]);
    await q(`insert into access.users (username, display_name, password_hash, role, jurisdiction_code, mfa_secret) values ('mfa.user', '双因素用户', 'x', 'auditor', '310000000000', $1)`, [sealSecret(oldKey, 'JBSWY3DPEHPK3PXP')]);
    app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, secretKey: rotating } }, { webDist: '/nonexistent' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const staleCount = async () => (await rotateKeys(t.db, rotating, { dryRun: true })).reduce((n, r) => n + r.resealed, 0);

  it('cut short after two batches, reads and look-ups still work on the mix, and the rerun resumes', async () => {
    const stale = await staleCount();
    expect(stale).toBe(300 + 2 + 1 + 1); // persons, the marriage's two parties, the payee account, the MFA secret

    const cut = await rotateKeys(t.db, rotating, { batchSize: 100, maxBatches: 2 });
    expect(cut[0]).toMatchObject({ name: 'registry.persons.id_number_enc', total: 300, examined: 200, resealed: 200, unreadable: [] });
    const [progress] = await q<{ last_key: string; finished_at: Date | null }>("select last_key, finished_at from core.key_rotation where target = 'registry.persons.id_number_enc'");
    expect(progress?.finished_at).toBeNull();
    expect(await staleCount()).toBe(stale - 200);

    // The mix: every number opens with the rotating keyring, and the look-up hash is the one stored before.
    const vault = new IdVault(rotating);
    const rows = await q<{ id: number; id_number_enc: Uint8Array; id_number_hash: Uint8Array }>('select id, id_number_enc, id_number_hash from registry.persons order by id');
    const opened = rows.map((r) => vault.open(r.id_number_enc));
    expect(opened.filter((o) => o.stale)).toHaveLength(100);
    for (const [i, row] of rows.entries()) {
      expect(opened[i]?.idNumber).toBe(idNumbers.get(Number(row.id)));
      expect(Buffer.from(row.id_number_hash).equals(vault.hash(opened[i]?.idNumber as string))).toBe(true);
    }
    // Through the API, mid-rotation: a search by ID number finds a re-sealed person and one not yet re-sealed.
    const admin = await loginAs(app, t.ctx.db.kysely.withTables<AccessTables>(), 'rotation.admin', 'city_admin', '310000000000');
    for (const row of [rows[0], rows[rows.length - 1]]) {
      const found = await app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: admin.headers, payload: { q: idNumbers.get(Number(row?.id)) } });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items.map((p: { id: number }) => p.id)).toEqual([Number(row?.id)]);
    }

    const rest = await rotateKeys(t.db, rotating, { batchSize: 100 });
    expect(rest[0]).toMatchObject({ resumedFrom: Number(progress?.last_key), examined: 300, resealed: 300 });
    expect(rest.reduce((n, r) => n + r.resealed, 0)).toBe(stale);
    expect(await staleCount()).toBe(0);
    expect(Number((await q<{ n: string }>('select count(*) as n from core.key_rotation where finished_at is null'))[0]?.n)).toBe(0);
  });

  it('afterwards everything opens with the new key alone, and hashes are unchanged', async () => {
    const vault = new IdVault(afterwards);
    for (const row of await q<{ id: number; id_number_enc: Uint8Array; id_number_hash: Uint8Array }>('select id, id_number_enc, id_number_hash from registry.persons')) {
      expect(vault.decrypt(row.id_number_enc)).toBe(idNumbers.get(Number(row.id)));
      expect(Buffer.from(row.id_number_hash).equals(new IdVault(oldKey).hash(idNumbers.get(Number(row.id)) as string))).toBe(true);
    }
    const [marriage] = await q<{ husband_enc: Uint8Array; wife_enc: Uint8Array }>('select husband_enc, wife_enc from marriage.marriages');
    expect(vault.decrypt(marriage?.wife_enc as Uint8Array)).toBe('310101199001011234');
    const accounts = new AccountVault(afterwards);
    const [payee] = await q<{ account_enc: Uint8Array }>('select account_enc from assistance.payee_accounts');
    expect(accounts.open(payee?.account_enc as Uint8Array)).toEqual({ accountNo: '6228480000001234', stale: false });
    const [user] = await q<{ mfa_secret: string }>("select mfa_secret from access.users where username = 'mfa.user'");
    expect(openSealedSecret(afterwards, user?.mfa_secret as string)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', stale: false });
    // And the old key alone no longer opens them: the old key can be destroyed.
    expect(() => new IdVault(oldKey).decrypt(marriage?.husband_enc as Uint8Array)).toThrow();
  });

  it('names a value no configured key opens, rewrites nothing of it, and does not mark the column finished', async () => {
    const foreign = new IdVault(randomBytes(32)).encrypt('310101199001011234');
    const [row] = await q<{ id: number }>('select id from registry.persons order by id desc limit 1');
    await q('update registry.persons set id_number_enc = $1 where id = $2', [foreign, row?.id]);
    const [persons] = await rotateKeys(t.db, rotating, { batchSize: 100 });
    expect(persons).toMatchObject({ unreadable: [Number(row?.id)], resealed: 0 });
    const [progress] = await q<{ finished_at: Date | null }>("select finished_at from core.key_rotation where target = 'registry.persons.id_number_enc'");
    expect(progress?.finished_at).toBeNull();
    const [kept] = await q<{ id_number_enc: Uint8Array }>('select id_number_enc from registry.persons where id = $1', [row?.id]);
    expect(Buffer.from(kept?.id_number_enc as Uint8Array).equals(foreign)).toBe(true);
  });
});
