/**
 * A page that reads from several modules writes its audit entries in one go (`withAuditBatch`): the same
 * entries, in call order, linked on one chain, written even when the page fails — and only one chain lock.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../db/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { appendAudit, verifyAuditChain, withAuditBatch, withAuditBatchCommit } from './audit.js';
import type { AccessTables, Actor } from './model.js';

let t: TestDatabase;
const clerk: Actor = { userId: 0, username: 'batch-clerk', displayName: '批量', role: 'district_staff', jurisdiction: '310000000000' };
const audit = () => t.ctx.db.kysely.withTables<AccessTables>();
const entriesOf = (username: string) => audit().selectFrom('access.audit_log').select(['id', 'action', 'entity_id', 'result']).where('actor_username', '=', username).orderBy('id').execute();

beforeAll(async () => {
  t = await openTestDatabase(testConfig());
  // The table the "change" tests write: made by the owner, since on PostgreSQL the application's role may not create tables.
  await t.ownerQuery('create table public.batch_commit_change (n int)');
  if (t.ownerUrl) await t.ownerQuery(`grant select, insert on public.batch_commit_change to ${APP_ROLE}`);
});
afterAll(async () => {
  await t?.close();
});

describe('audit entries of one page written together', () => {
  it('holds the entries until the page ends, then writes them in call order on an intact chain', async () => {
    let seenDuring = -1;
    const answer = await withAuditBatch(audit(), async () => {
      await Promise.all([1, 2, 3].map((n) => appendAudit(audit(), { actor: clerk, action: 'test.read', entityType: 'person', entityId: n, result: 'ok' })));
      await appendAudit(audit(), { actor: clerk, action: 'test.denied', entityType: 'person', entityId: 9, result: 'denied' });
      seenDuring = (await entriesOf('batch-clerk')).length;
      return 'page';
    });
    expect(answer).toBe('page');
    expect(seenDuring).toBe(0);
    const rows = await entriesOf('batch-clerk');
    expect(rows.map((r) => [r.action, r.entity_id, r.result])).toEqual([
      ['test.read', '1', 'ok'],
      ['test.read', '2', 'ok'],
      ['test.read', '3', 'ok'],
      ['test.denied', '9', 'denied'],
    ]);
    expect(await verifyAuditChain(audit())).toMatchObject({ ok: true });
  });

  it('writes the entries of a page that fails, and the failure still reaches the caller', async () => {
    const failing = { ...clerk, username: 'batch-failing' };
    await expect(
      withAuditBatch(audit(), async () => {
        await appendAudit(audit(), { actor: failing, action: 'test.read', entityType: 'person', entityId: 1, result: 'ok' });
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    expect((await entriesOf('batch-failing')).map((r) => r.action)).toEqual(['test.read']);
    // Entries written outside a batch continue the same chain.
    await appendAudit(audit(), { actor: failing, action: 'test.after', result: 'ok' });
    expect(await verifyAuditChain(audit())).toMatchObject({ ok: true });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from access.audit_log where actor_username = 'batch-failing'`.execute(t.ctx.db.kysely);
    expect(rows[0].n).toBe(2);
  });

  it('a page that ends in a change: the reads, the change and its entry in one transaction, reads first', async () => {
    const signer = { ...clerk, username: 'batch-commit' };
    let seenDuring = -1;
    const answer = await withAuditBatchCommit(
      audit(),
      async () => {
        await appendAudit(audit(), { actor: signer, action: 'test.read', entityType: 'person', entityId: 1, result: 'ok' });
        seenDuring = (await entriesOf('batch-commit')).length;
        return 'page';
      },
      async (trx, page) => {
        await sql`insert into public.batch_commit_change values (1)`.execute(trx);
        await appendAudit(trx, { actor: signer, action: 'test.change', entityType: 'person', entityId: 1, result: 'ok' });
        return `${page} answered`;
      },
    );
    expect(answer).toBe('page answered');
    expect(seenDuring).toBe(0);
    expect((await entriesOf('batch-commit')).map((r) => r.action)).toEqual(['test.read', 'test.change']);
    expect(await verifyAuditChain(audit())).toMatchObject({ ok: true });
  });

  it('a change that fails leaves nothing of itself, and the reads are still audited', async () => {
    const signer = { ...clerk, username: 'batch-commit-failing' };
    await expect(
      withAuditBatchCommit(
        audit(),
        async () => {
          await appendAudit(audit(), { actor: signer, action: 'test.read', entityType: 'person', entityId: 2, result: 'ok' });
        },
        async (trx) => {
          await sql`insert into public.batch_commit_change values (2)`.execute(trx);
          await appendAudit(trx, { actor: signer, action: 'test.change', entityType: 'person', entityId: 2, result: 'ok' });
          throw new Error('change failed');
        },
      ),
    ).rejects.toThrow('change failed');
    expect((await entriesOf('batch-commit-failing')).map((r) => r.action)).toEqual(['test.read']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from public.batch_commit_change where n = 2`.execute(t.ctx.db.kysely);
    expect(rows[0].n).toBe(0);
    expect(await verifyAuditChain(audit())).toMatchObject({ ok: true });
  });
});
