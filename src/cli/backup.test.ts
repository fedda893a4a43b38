/**
 * The restore drill (issue 22): write, back up, write more, restore into a fresh database, then the row counts
 * match the backup's manifest, the audit chain verifies, ID numbers still decrypt and look up with the same
 * key, and the writes made after the backup are reported as missing (from the external audit anchor), not
 * silently lost. PGlite by default (its data-directory dump); with DATABASE_URL, PostgreSQL (pg_dump/pg_restore).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorSettings, writeAuditAnchor, type AccessTables } from '../access/index.js';
import { backupPglite, backupPostgres, migrate, openDatabase, readManifest, restorePglite, restorePostgres, type BackupManifest, type Database } from '../db/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { migrationSources } from '../modules.js';
import { loginAs, newPerson, seedTestDivisions, TEST_COMMITTEES, type TestUser } from '../registry/testing.js';
import type { RegistryTables } from '../registry/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { formatRestoreReport, restoreIsFaithful, verifyRestore, type RestoreReport } from './backup.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe(`backup and restore drill (${onPostgres ? 'PostgreSQL: pg_dump / pg_restore' : 'PGlite: data-directory dump'})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'minzheng-backup-'));
  const config = testConfig({ auditAnchorDir: join(dir, 'anchors') });
  const anchors = anchorSettings(config);
  const file = join(dir, onPostgres ? 'city.dump' : 'city.tar.gz');
  const targetName = `mz_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
  const targetUrl = () => {
    const url = new URL(process.env.DATABASE_URL as string);
    url.pathname = `/${targetName}`;
    return url.toString();
  };
  let t: TestDatabase;
  let app: AppInstance;
  let weifang: TestUser;
  let restored: Database;
  let manifest: BackupManifest;
  let report: RestoreReport;
  const before: number[] = [];
  const after: number[] = [];
  let headAtBackup = 0;
  let headLater = 0;
  const idNumbers = new Map<number, string>();

  const register = async () => {
    const input = newPerson();
    const response = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: weifang.headers, payload: input });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as number;
    idNumbers.set(id, input.idNumber);
    return id;
  };
  const auditHead = async () => (await t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await openTestDatabase(config);
    app = await buildApp(t.ctx, { webDist: '/nonexistent' });
    await seedTestDivisions(t.db.kysely.withTables<RegistryTables>());
    weifang = await loginAs(app, t.db.kysely.withTables<AccessTables>(), 'weifang', 'street_caseworker', '310115004');
    for (let i = 0; i < 3; i++) before.push(await register());
    expect((await app.inject({ method: 'POST', url: '/api/v1/households', headers: weifang.headers, payload: { divisionCode: TEST_COMMITTEES.weifang1 } })).statusCode).toBe(201);
    await writeAuditAnchor(t.db.kysely.withTables<AccessTables>(), anchors);
    headAtBackup = await auditHead();

    manifest = onPostgres ? await backupPostgres(t.ownerUrl as string, file) : await backupPglite(t.db, file);

    // Written after the backup, and anchored as `serve` does every few minutes.
    for (let i = 0; i < 2; i++) after.push(await register());
    await writeAuditAnchor(t.db.kysely.withTables<AccessTables>(), anchors);
    headLater = await auditHead();

    if (onPostgres) {
      await restorePostgres(file, targetUrl());
      restored = await openDatabase({ url: targetUrl(), poolSize: 2 });
    } else {
      await restorePglite(file, join(dir, 'restored'));
      restored = await openDatabase({ dataDir: join(dir, 'restored') });
    }
    report = await verifyRestore(restored, readManifest(file), anchors);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await restored?.close();
    await t?.close();
    if (onPostgres) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${targetName} with (force)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a manifest with the exact row counts of the backed-up moment', async () => {
    expect(manifest.kind).toBe(onPostgres ? 'pg' : 'pglite');
    expect(manifest.tables['registry.persons']).toBe(3);
    expect(manifest.tables['registry.households']).toBe(1);
    expect(manifest.tables['access.audit_log']).toBe(headAtBackup);
    expect(manifest.migrations).toContain('access/004_app_role.sql');
  });

  it('restores every table with the manifest counts, and the later writes are absent', async () => {
    expect(report.differences).toEqual([]);
    expect(report.tables).toBe(Object.keys(manifest.tables).length);
    const persons = await restored.kysely.withTables<RegistryTables>().selectFrom('registry.persons').select('id').execute();
    expect(persons.map((p) => p.id).sort()).toEqual([...before].sort());
    expect(report.pendingMigrations).toEqual([]);
  });

  it('reports the writes made after the backup as missing, from the external anchor, with the chain itself whole', () => {
    // Anchor at headLater, restored log ends at headAtBackup: entries headAtBackup+1 … headLater are missing.
    expect(headLater).toBeGreaterThan(headAtBackup);
    expect(report.audit.entries).toBe(headAtBackup);
    expect(report.audit.anchor.status).toBe('truncated');
    expect(report.missingAfterBackup).toMatchObject({ fromId: headAtBackup + 1, toId: headLater });
    expect(restoreIsFaithful(report)).toBe(true);
    const text = formatRestoreReport(report, manifest);
    expect(text).toContain(`第 ${headAtBackup + 1}–${headLater} 条审计记录及其对应的业务写入缺失`);
    expect(text).toContain('均与备份清单一致');
  });

  it('keeps the ID vault usable: the same key decrypts and looks up the restored numbers', async () => {
    const restoredApp = await buildApp({ db: restored, config }, { webDist: '/nonexistent' });
    try {
      // The session of the backup's moment is in the copy: the same staff member reads it.
      const id = before[0];
      const revealed = await restoredApp.inject({ url: `/api/v1/persons/${id}?revealIdNumber=true&purpose=eligibility_check&purposeRef=RESTORE-1`, headers: weifang.headers });
      expect(revealed.statusCode, revealed.body).toBe(200);
      expect(revealed.json().idNumber).toBe(idNumbers.get(id));
      const found = await restoredApp.inject({ method: 'POST', url: '/api/v1/persons/search', headers: weifang.headers, payload: { q: idNumbers.get(before[1]) } });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items.map((p: { id: number }) => p.id)).toEqual([before[1]]);
      expect((await restoredApp.inject({ url: `/api/v1/persons/${after[0]}`, headers: weifang.headers })).statusCode).toBe(404);
    } finally {
      await restoredApp.close();
    }
  });

  it('finds a restored copy that does not match its manifest, and never restores over a database that has data', async () => {
    // Only the persons table: the reveal above has added audit rows to the copy since.
    const tampered = { ...manifest, tables: { 'registry.persons': manifest.tables['registry.persons'] + 1 } };
    const bad = await verifyRestore(restored, tampered, anchors);
    expect(bad.differences).toEqual([{ table: 'registry.persons', expected: 4, found: 3 }]);
    expect(restoreIsFaithful(bad)).toBe(false);
    if (onPostgres) await expect(restorePostgres(file, targetUrl())).rejects.toThrow(/不是空库/);
    else await expect(restorePglite(file, join(dir, 'restored'))).rejects.toThrow(/不是空目录/);
    writeFileSync(join(dir, 'no-manifest.dump'), '');
    expect(() => readManifest(join(dir, 'no-manifest.dump'))).toThrow(/缺少备份清单/);
  });
});

// The PostgreSQL run tests pg_dump above; the commands' own path is the same for both.
describe.skipIf(onPostgres)('the backup and restore commands (embedded database; skipped on the PostgreSQL run)', () => {
  const bin = fileURLToPath(new URL('../../bin/minzheng.js', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'minzheng-backup-cli-'));
  // No DATABASE_URL: the embedded database in DATA_DIR; the key outside it, as production would have it.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: join(dir, 'data'), MINZHENG_SECRET_KEY: randomBytes(32).toString('base64'), AUDIT_ANCHOR_DIR: join(dir, 'anchors'), LOG_LEVEL: 'silent' };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, out: `${result.stdout}${result.stderr}` };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up the data directory and restores it into a new folder, reporting the checks', async () => {
    // Migrated in this process (tsx is loaded already): one command fewer to start.
    const db = await openDatabase({ dataDir: join(env.DATA_DIR, 'pglite') });
    await migrate(db, migrationSources);
    await db.close();
    const backup = run('backup', '--out', join(dir, 'b.tar.gz'));
    expect(backup.status, backup.out).toBe(0);
    expect(backup.out).toContain('已备份');
    const restore = run('restore', '--file', join(dir, 'b.tar.gz'), '--target-dir', join(dir, 'restored'));
    expect(restore.status, restore.out).toBe(0);
    expect(restore.out).toMatch(/行数核对：\d+ 张表均与备份清单一致/);
    expect(restore.out).toContain('尚无库外锚点');
    expect(run('restore', '--file', join(dir, 'b.tar.gz')).status).toBe(2);
  }, 240_000);
});
