/**
 * `minzheng audit verify` against the signed anchor (AUD-03): on an embedded database in a folder of its own,
 * because the command opens the configured database itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { appendAudit, type AccessTables } from '../../src/access/index.js';
import { runAudit } from '../../src/cli/audit.js';
import { openDatabase } from '../../src/db/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'minzheng-audit-cli-'));
const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  rmSync(dataDir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runAudit(args);
    return { code, out: write.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    write.mockRestore();
  }
}

it('verifies against the latest anchor and reports a cut-off tail that the chain alone would pass', { timeout: 180_000 }, async () => {
  expect((await run('verify')).code).toBe(0); // migrates the new database; empty log, no anchor yet
  let db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  for (let i = 0; i < 5; i++) await appendAudit(db.kysely.withTables<AccessTables>(), { actor: null, action: 'test.entry', entityId: i, result: 'ok' });
  await db.close();

  expect(await run('anchor')).toMatchObject({ code: 0, out: expect.stringContaining('已签发锚点') });
  expect(await run('verify')).toMatchObject({ code: 0, out: expect.stringContaining('一致') });

  db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  await db.exclusive((s) => s.exec('alter table access.audit_log disable trigger user; delete from access.audit_log where id >= 4; alter table access.audit_log enable trigger user;'));
  await db.close();
  const cut = await run('verify');
  expect(cut.code).toBe(1);
  expect(cut.out).toContain('第 4 条记录起（含）之后的记录缺失');
});
