import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { migrationSources } from '../modules.js';
import { dispatchOutbox, emit, migrate, type EventHandler } from './index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

describe('migrations', () => {
  it('created every module schema, and a second run applies nothing', async () => {
    const schemas = await sql<{ nspname: string }>`select nspname from pg_namespace`.execute(t.db.kysely);
    const names = schemas.rows.map((r) => r.nspname);
    for (const source of migrationSources) expect(names).toContain(source.module);
    expect(await migrate(t.db, migrationSources)).toEqual([]);
  });

  it('applies a new file once, in order, and refuses an applied file that was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-mig-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '001_first.sql'), 'create table scratch.items (id int primary key);');
    writeFileSync(join(dir, '002_second.sql'), 'alter table scratch.items add column name text;');
    const source = [{ module: 'scratch', dir }];
    expect((await migrate(t.db, source)).map((m) => m.name)).toEqual(['001_first.sql', '002_second.sql']);
    await sql`insert into scratch.items (id, name) values (1, 'a')`.execute(t.db.kysely);
    expect(await migrate(t.db, source)).toEqual([]);
    writeFileSync(join(dir, '001_first.sql'), 'create table scratch.items (id bigint primary key);');
    await expect(migrate(t.db, source)).rejects.toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration completely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-mig-'));
    writeFileSync(join(dir, '001_half.sql'), 'create table broken.a (id int); select * from broken.does_not_exist;');
    await expect(migrate(t.db, [{ module: 'broken', dir }])).rejects.toThrow(/broken\/001_half.sql failed/);
    const exists = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'broken'`.execute(t.db.kysely);
    expect(exists.rows[0].n).toBe(0);
    const recorded = await t.db.kysely.selectFrom('core.migrations').select('name').where('module', '=', 'broken').execute();
    expect(recorded).toEqual([]);
  });
});

describe('transactional outbox', () => {
  it('keeps an event only if its transaction commits, and runs each handler once per event', async () => {
    await t.db.kysely.transaction().execute(async (trx) => {
      await emit(trx, { topic: 'test.thing.happened', key: '1', payload: { n: 1 } });
    });
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await emit(trx, { topic: 'test.thing.happened', key: '2', payload: { n: 2 } });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    const seen: number[] = [];
    const handler: EventHandler = {
      name: 'test.counter',
      topics: ['test.thing.happened'],
      async handle(_trx, event) {
        seen.push(Number(event.payload.n));
      },
    };
    expect(await dispatchOutbox(t.db.kysely, [handler])).toBe(1);
    expect(await dispatchOutbox(t.db.kysely, [handler])).toBe(0);
    expect(seen).toEqual([1]);
  });

  it('retries a handler that failed, without losing the event', async () => {
    await t.db.kysely.transaction().execute(async (trx) => emit(trx, { topic: 'test.flaky', key: 'k', payload: {} }));
    let attempts = 0;
    const flaky: EventHandler = {
      name: 'test.flaky',
      topics: ['test.flaky'],
      async handle() {
        attempts++;
        if (attempts === 1) throw new Error('downstream unavailable');
      },
    };
    await expect(dispatchOutbox(t.db.kysely, [flaky])).rejects.toThrow('downstream unavailable');
    expect(await dispatchOutbox(t.db.kysely, [flaky])).toBe(1);
    expect(attempts).toBe(2);
  });
});
