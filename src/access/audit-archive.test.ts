/**
 * Audit retention (issue 22): the log partitioned by month; months past retention (at least six, 网络安全法
 * 第二十一条; three years by default) archived to files with signed manifests and dropped; the chain in the
 * database continues from the last archived hash; archives verify on their own and a changed file or manifest
 * is caught. On PostgreSQL, the application role can neither touch a partition nor archive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { anchorSettings, verifyAuditWithAnchor } from './audit-anchor.js';
import { archiveAuditMonths, ensureAuditPartitions, verifyAuditArchives } from './audit-archive.js';
import { appendAudit, entryHash, GENESIS_HASH, verifyAuditChain } from './audit.js';
import type { AccessTables } from './model.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe(`audit log by month, archived past retention (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'minzheng-audit-archive-'));
  const db = () => t.db.kysely.withTables<AccessTables>();
  const key = Buffer.alloc(32, 7);
  const partitions = async () => (await t.ownerQuery<{ name: string }>("select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'access.audit_log'::regclass order by 1")).map((r) => r.name);
  const count = async () => Number((await t.ownerQuery<{ n: string }>('select count(*) as n from access.audit_log'))[0]?.n);

  beforeAll(async () => {
    t = await openTestDatabase();
    // Three old months written as the chain would have been then (20 entries each, logged at mid-month),
    // before any partition for them exists: they land in the default partition.
    let prev = GENESIS_HASH;
    for (const month of ['2026-08', '2026-09', '2026-10']) {
      for (let i = 0; i < 20; i++) {
        const at = new Date(`${month}-15T0${Math.floor(i / 10)}:00:${String(i % 60).padStart(2, '0')}+08:00`);
        const fields = { at, actor_id: null, actor_username: null, actor_role: null, action: 'registry.person.read', entity_type: 'person', entity_id: String(i), purpose: null, result: 'ok', detail: { n: i } };
        const hash = entryHash(prev, fields);
        await t.ownerQuery(`insert into access.audit_log (at, action, entity_type, entity_id, result, detail, prev_hash, hash, logged_at) values ($1, $2, $3, $4, 'ok', $5, $6, $7, $1)`, [
          at,
          fields.action,
          fields.entity_type,
          fields.entity_id,
          JSON.stringify(fields.detail),
          prev,
          hash,
        ]);
        prev = hash;
      }
    }
    expect(Number((await t.ownerQuery<{ n: string }>('select count(*) as n from access.audit_log_default'))[0]?.n)).toBe(60);
    // The owner creates their partitions (as `minzheng migrate` does for the coming months): the rows move in.
    await ensureAuditPartitions(db(), new Date('2026-08-02T00:00:00+08:00'), 2);
    for (let i = 0; i < 5; i++) await appendAudit(db(), { actor: null, action: 'auth.login', result: 'ok', detail: { i } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each month in its own partition, one unbroken stretch of the chain', async () => {
    expect(await partitions()).toEqual(expect.arrayContaining(['audit_log_2026_08', 'audit_log_2026_09', 'audit_log_2026_10', 'audit_log_default']));
    expect(Number((await t.ownerQuery<{ n: string }>('select count(*) as n from access.audit_log_default'))[0]?.n)).toBe(0);
    const [sept] = await t.ownerQuery<{ n: string; lo: string; hi: string }>('select count(*) as n, min(id) as lo, max(id) as hi from access.audit_log_2026_09');
    expect([Number(sept?.n), Number(sept?.hi) - Number(sept?.lo)]).toEqual([20, 19]);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, entries: 65 });
  });

  it('refuses a retention under six months', async () => {
    await expect(archiveAuditMonths(db(), { dir, key, retentionMonths: 5 })).rejects.toThrow(/至少保存 6 个月/);
  });

  it('archives the months past retention to files, drops them, and the chain in the database continues from the archive', async () => {
    // On 2027-03-15 with six months kept (2026-09 … 2027-03), August goes.
    const first = await archiveAuditMonths(db(), { dir, key, retentionMonths: 6, now: new Date('2027-03-15T12:00:00+08:00') });
    expect(first.map((m) => [m.month, m.entries, m.firstPrevHash === GENESIS_HASH])).toEqual([['2026-08', 20, true]]);
    expect(await partitions()).not.toContain('audit_log_2026_08');
    expect(await count()).toBe(45);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, entries: 45 });

    // Two months later September and October go; the database keeps writing.
    const second = await archiveAuditMonths(db(), { dir, key, retentionMonths: 6, now: new Date('2027-05-01T00:00:00+08:00') });
    expect(second.map((m) => m.month)).toEqual(['2026-09', '2026-10']);
    expect(second[0]?.firstPrevHash).toBe(first[0]?.lastHash);
    await appendAudit(db(), { actor: null, action: 'auth.logout', result: 'ok' });
    expect(await verifyAuditChain(db())).toEqual({ ok: true, entries: 6 });
    const anchored = await verifyAuditWithAnchor(db(), anchorSettings({ dataDir: dir, secretKey: key, auditAnchorDir: join(dir, 'anchors') }));
    expect(anchored.ok).toBe(true);

    const archives = await verifyAuditArchives(db(), dir, key);
    expect(archives).toEqual({ ok: true, months: ['2026-08', '2026-09', '2026-10'].map((month) => ({ month, entries: 20, ok: true })) });
    const rows = gunzipSync(readFileSync(join(dir, 'audit-2026-09.ndjson.gz')))
      .toString()
      .trim()
      .split('\n');
    expect(rows).toHaveLength(20);
    expect(JSON.parse(rows[3] as string)).toMatchObject({ action: 'registry.person.read', entity_id: '3' });
  });

  it('catches an archive file changed after the fact, and a manifest re-signed with another key', async () => {
    const file = join(dir, 'audit-2026-09.ndjson.gz');
    const original = readFileSync(file);
    rmSync(file);
    writeFileSync(file, gzipSync(gunzipSync(original).toString().replace('"entity_id":"3"', '"entity_id":"9"')));
    const changed = await verifyAuditArchives(db(), dir, key);
    expect(changed.ok).toBe(false);
    expect(changed.months.find((m) => m.month === '2026-09')?.problem).toMatch(/哈希不符/);
    rmSync(file);
    writeFileSync(file, original);
    expect((await verifyAuditArchives(db(), dir, key)).ok).toBe(true);
    const otherKey = await verifyAuditArchives(db(), dir, Buffer.alloc(32, 8));
    expect(otherKey.months.every((m) => !m.ok && /签名无效/.test(m.problem ?? ''))).toBe(true);
  });

  it.skipIf(!onPostgres)('gives the application role nothing on the partitions: no direct reads or writes, no truncate, no archive', async () => {
    const asApp = (statement: string) => t.ctx.db.exclusive((s) => s.query(statement));
    const name = (await partitions()).find((p) => /_\d{4}_\d{2}$/.test(p)) as string;
    for (const statement of [
      `select * from access.${name}`,
      `delete from access.${name}`,
      `update access.${name} set purpose = 'x'`,
      `truncate access.${name}`,
      'truncate access.audit_log_default',
      `alter table access.audit_log detach partition access.${name}`,
      `drop table access.${name}`,
      "select access.create_audit_partition('2031-01-01')",
      "insert into access.audit_archives (month, first_id, last_id, entries, first_prev_hash, last_hash, file, file_sha256) values ('2031-01', 1, 1, 1, 'x', 'x', 'x', 'x')",
      "delete from access.audit_archives where month = '2026-08'",
    ]) {
      await expect(asApp(statement), statement).rejects.toThrow(/permission denied|must be owner/);
    }
    // Through the parent it reads and appends as before.
    expect((await asApp('select count(*)::int as n from access.audit_log')) as unknown[]).toHaveLength(1);
    await expect(asApp("update access.audit_log set purpose = 'x'")).rejects.toThrow(/permission denied/);
  });
});
