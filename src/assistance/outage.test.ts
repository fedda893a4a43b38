/**
 * A payment run through connections the database server ends midway (as in a restart): the run waits for
 * the database, resumes from the ledger and completes once, every due case paid exactly once.
 * PostgreSQL only: PGlite runs in this process and has no connection to lose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { backendTerminator, type BackendTerminator } from '../testing/terminate.js';
import { AccountVault, tables, type AssistanceDeps } from './deps.js';
import { runPayments } from './payments.js';
import { makeStaff, PUDONG, seedAssistanceDivisions, seedDestituteElders, STREETS, TestClock } from './testing.js';

const N = 24;
// 特困供养 in May 2024: 1510 × 1.3 = 1963 → 1965.00 yuan (as in payments.test.ts).
const MAY_AMOUNT = 196500;

describe.skipIf(!process.env.DATABASE_URL)('payment run across lost connections (PostgreSQL only: set DATABASE_URL; PGlite has no connection to lose)', () => {
  const config = testConfig();
  let t: TestDatabase;
  let deps: AssistanceDeps;
  let district: Actor;
  let terminator: BackendTerminator;

  beforeAll(async () => {
    t = await openTestDatabase(config);
    deps = { db: t.db, clock: new TestClock('2024-05-20'), accounts: new AccountVault(config.secretKey) };
    await seedAssistanceDivisions(t.ctx);
    const caseworker = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
    district = await makeStaff(t.ctx, 'pudong.pay', 'district_staff', PUDONG);
    await seedDestituteElders(t.ctx, t.db, deps.accounts, { caseworker, district }, N, MAY_AMOUNT);
    terminator = await backendTerminator(t.ownerUrl as string);
  }, 180_000);
  afterAll(async () => {
    await terminator?.close();
    await t?.close();
  });

  it('completes once, each case paid once, after every connection was ended in the middle of the run (up to twice)', async () => {
    let kills = 0;
    let armed: Promise<unknown> | undefined;
    const thresholds = [4, 10];
    const summary = await runPayments(deps, district, '310115', '2024-05', {
      batchSize: 2,
      afterBatch: (written) => {
        // Not awaited: the loss must land in the next batch's statements, not while the run waits here. At or past a
        // threshold (a resumed run may count past it), and only once the previous loss has landed.
        if (!armed && thresholds.length && written >= thresholds[0]) {
          thresholds.shift();
          armed = terminator
            .terminateWhenActive()
            .then((hit) => (kills += hit ? 1 : 0))
            .finally(() => (armed = undefined));
        }
      },
    });
    await armed;
    // The second loss needs a statement in flight before the run ends; on a busy machine it can miss the last batch.
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(summary).toMatchObject({ status: 'completed', paidCount: N, paidTotalFen: N * MAY_AMOUNT, withheldCount: 0 });
    const rows = await tables(deps).selectFrom('assistance.payments').select(['case_id', 'amount_fen']).where('month', '=', '2024-05').execute();
    expect({ rows: rows.length, cases: new Set(rows.map((r) => r.case_id)).size, totalFen: rows.reduce((n, r) => n + r.amount_fen, 0) }).toEqual({ rows: N, cases: N, totalFen: N * MAY_AMOUNT });
    const runs = await tables(deps).selectFrom('assistance.payment_runs').select(['status', 'paid_count']).where('month', '=', '2024-05').execute();
    expect(runs).toEqual([{ status: 'completed', paid_count: N }]);
    // Run again: nothing more to pay.
    expect((await runPayments(deps, district, '310115', '2024-05')).writtenNow).toBe(0);
  }, 60_000);
});
