/**
 * A screening run through connections the database server ends midway (as in a restart): the run waits for
 * the database, starts over under the same id and completes once, with the same current results as an
 * undisturbed run and no rows left from the interrupted attempt. In this process and with worker processes.
 * PostgreSQL only: PGlite runs in this process and has no connection to lose.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdVault, loadDemoCity } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { backendTerminator, type BackendTerminator } from '../testing/terminate.js';
import { runScreen } from './screen-jobs.js';
import { policyDb, type PolicyContext } from './store-model.js';

const MONTH = '2025-03';

describe.skipIf(!process.env.DATABASE_URL)('screening across lost connections (PostgreSQL only: set DATABASE_URL; PGlite has no connection to lose)', () => {
  let t: TestDatabase;
  let ctx: PolicyContext;
  let terminator: BackendTerminator;
  let baseline: string[];

  const currentResults = async () =>
    (await policyDb(t.db).selectFrom('policy.household_results').select(['programme', 'household_id', 'member_ids', 'monthly_amount_fen']).where('month', '=', MONTH).execute())
      .map((r) => `${r.programme}|${r.household_id}|${(r.member_ids ?? []).map(Number).join(',')}|${r.monthly_amount_fen}`)
      .sort();

  beforeAll(async () => {
    t = await openTestDatabase();
    ctx = { db: t.db, databaseUrl: t.ctx.config.databaseUrl };
    await loadDemoCity(t.db, new IdVault(randomBytes(32)), { seed: 9, persons: 3000, today: '2025-03-15' });
    await runScreen(ctx, null, { month: MONTH, source: 'registry' });
    baseline = await currentResults();
    terminator = await backendTerminator(t.ownerUrl as string);
  }, 180_000);
  afterAll(async () => {
    await terminator?.close();
    await t?.close();
  });

  for (const workers of [1, 2]) {
    it(`completes once with the undisturbed results (${workers === 1 ? 'in this process' : 'two worker processes'})`, async () => {
      let armed: Promise<boolean> | undefined;
      const runId = await runScreen(ctx, null, { month: MONTH, source: 'registry', workers }, undefined, () => {
        // Once the run is under way (not while it is being recorded): cut whatever it is running.
        armed ??= terminator.terminateWhenActive();
      });
      expect(await armed).toBe(true);
      const run = await policyDb(t.db).selectFrom('policy.screen_runs').select(['status', 'result_rows', 'error']).where('id', '=', runId).executeTakeFirstOrThrow();
      expect(run).toMatchObject({ status: 'done', error: null });
      // The interrupted attempt's rows were dropped: the run holds exactly what it reports.
      const stored = await policyDb(t.db)
        .selectFrom('policy.screen_results')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(run.result_rows);
      const staged = await policyDb(t.db)
        .selectFrom('policy.current_staging')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(staged.n)).toBe(0);
      expect(await currentResults()).toEqual(baseline);
    }, 120_000);
  }
});
