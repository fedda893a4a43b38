import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { migrationSources } from '../modules.js';
import { BinaryCopyWriter, dispatchOutbox, emit, migrate, type EventHandler } from './index.js';

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

describe('outbox dispatch in chunks', () => {
  it('hands a chunk to handleMany in one transaction, and re-runs a failing chunk one event at a time', async () => {
    await t.db.kysely.transaction().execute((trx) =>
      emit(
        trx,
        Array.from({ length: 7 }, (_, i) => ({ topic: 'test.chunked', key: String(i), payload: { n: i + 1 } })),
      ),
    );
    let broken = true;
    const chunks: number[][] = [];
    const single: number[] = [];
    const handler: EventHandler = {
      name: 'test.chunked',
      topics: ['test.chunked'],
      async handle(_trx, event) {
        if (broken && event.payload.n === 4) throw new Error('event 4 cannot be handled yet');
        single.push(Number(event.payload.n));
      },
      async handleMany(_trx, events) {
        if (broken && events.some((e) => e.payload.n === 4)) throw new Error('event 4 cannot be handled yet');
        chunks.push(events.map((e) => Number(e.payload.n)));
      },
    };
    // Chunks of 3: [1 2 3] at once, [4 5 6] fails and is re-run one by one — 4 throws, so 5 and 6 wait for the next run.
    await expect(dispatchOutbox(t.db.kysely, [handler], 500, 3)).rejects.toThrow('event 4');
    expect(chunks).toEqual([[1, 2, 3]]);
    expect(single).toEqual([]);
    broken = false;
    expect(await dispatchOutbox(t.db.kysely, [handler], 500, 3)).toBe(4);
    expect(chunks).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(single).toEqual([7]);
    expect(await dispatchOutbox(t.db.kysely, [handler], 500, 3)).toBe(0);
  });
});

describe('binary COPY', () => {
  it('loads what BinaryCopyWriter writes, exactly, across buffer boundaries', async () => {
    await t.db.exclusive((s) => s.exec('create table public.copy_binary_test (n bigint, i integer, b boolean, t text, a bigint[])'));
    // A tiny chunk size forces a new buffer every few rows.
    const w = new BinaryCopyWriter(64);
    const rows: [number | null, number, boolean, string, number[] | null][] = [];
    for (let k = 0; k < 200; k++) {
      const n = k === 0 ? Number.MAX_SAFE_INTEGER : k === 1 ? -Number.MAX_SAFE_INTEGER : k === 2 ? null : ((k * 7_919_000_003) % 9_007_199_254) - 4_000_000_000;
      const text = `区划${k}·${'x'.repeat(k % 5)}`;
      const array = k % 3 === 0 ? null : Array.from({ length: k % 7 }, (_, j) => k * 1_000_000_007 + j);
      rows.push([n, k - 100, k % 2 === 0, text, array]);
      w.row(5);
      if (n === null) w.null();
      else w.int8(n);
      w.int4(k - 100)
        .bool(k % 2 === 0)
        .bytes(Buffer.from(text));
      if (array === null) w.null();
      else w.int8Array(array);
    }
    function* chunks() {
      yield* w.take();
      yield* w.end();
    }
    await t.db.copyFromBinary('copy public.copy_binary_test (n, i, b, t, a) from stdin with (format binary)', chunks());
    expect(w.count).toBe(200);
    const back = await t.db.exclusive((s) => s.query<{ n: string | null; i: number; b: boolean; t: string; a: string | null }>("select n::text, i, b, t, array_to_string(a, ',') as a from public.copy_binary_test order by i"));
    expect(back.map((r) => [r.n === null ? null : Number(r.n), r.i, r.b, r.t, r.a === null ? null : r.a === '' ? [] : r.a.split(',').map(Number)])).toEqual(rows);
  });
});
