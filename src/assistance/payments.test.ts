/**
 * The payment run never pays twice: not after an injected failure half-way, and not after the process
 * running it is killed with SIGKILL; a re-run completes it and the totals match the written rule.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { dispatchOutbox, migrate, openDatabase } from '../db/index.js';
import { eventHandlers, migrationSources } from '../modules.js';
import { recordDeath, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, testConfig } from '../testing/db.js';
import { checkProjection } from './case-log.js';
import { AccountVault, tables, type AssistanceDeps } from './deps.js';
import { runPayments } from './payments.js';
import { policyInput, registryPolicyInputs } from './ports.js';
import { getCase } from './queries.js';
import { makeStaff, PUDONG, seedAssistanceDivisions, seedDestituteElders, STREETS, TestClock, type TestHousehold } from './testing.js';

const config = testConfig();
let ctx: AppContext;
let closeDb: () => Promise<void>;
let dataDir: string | undefined;
let deps: AssistanceDeps;
const clock = new TestClock('2024-05-20');
let caseworker: Actor;
let district: Actor;
let h: TestHousehold;
let caseIds: number[];
const N = 30;
// 特困供养: destitute.standardRatio × dibao.standard, rounded up to 5 yuan. May/June 2024: 1510 × 1.3 = 1963 → 1965.00 yuan.
const MAY_AMOUNT = 196500;

/** PostgreSQL when DATABASE_URL is set; otherwise PGlite in a folder, so a second process can open it after the first is gone. */
async function open(): Promise<void> {
  if (process.env.DATABASE_URL) {
    const t = await openTestDatabase(config);
    ctx = t.ctx;
    closeDb = t.close;
  } else {
    dataDir ??= mkdtempSync(join(tmpdir(), 'mz-assist-'));
    const db = await openDatabase({ dataDir });
    await migrate(db, migrationSources);
    ctx = { db, config };
    closeDb = () => db.close();
  }
  deps = { db: ctx.db, clock, accounts: new AccountVault(config.secretKey) };
}

beforeAll(async () => {
  await open();
  await seedAssistanceDivisions(ctx);
  caseworker = await makeStaff(ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  district = await makeStaff(ctx, 'pudong.pay', 'district_staff', PUDONG);
  ({ household: h, caseIds } = await seedDestituteElders(ctx, ctx.db, deps.accounts, { caseworker, district }, N, MAY_AMOUNT));
}, 180_000);
afterAll(async () => {
  await closeDb?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function ledger(month: string) {
  const rows = await tables(deps).selectFrom('assistance.payments').select(['case_id', 'amount_fen', 'status']).where('month', '=', month).execute();
  return { count: rows.length, cases: new Set(rows.map((r) => r.case_id)).size, totalFen: rows.reduce((n, r) => n + r.amount_fen, 0) };
}

async function progress(month: string): Promise<[number, number | null]> {
  const run = await tables(deps).selectFrom('assistance.payment_runs').select(['cases_done', 'cases_total']).where('month', '=', month).executeTakeFirstOrThrow();
  return [run.cases_done, run.cases_total];
}

async function runStatus(month: string) {
  return (await tables(deps).selectFrom('assistance.payment_runs').select('status').where('month', '=', month).executeTakeFirst())?.status;
}

describe('policy input for a run', () => {
  it('reads the registry policy rows for a batch with the same meaning as householdPolicyInput', async () => {
    const [batch] = await registryPolicyInputs(ctx.db, [h.householdId], '2024-05');
    const one = await policyInput(ctx.db, h.householdId, '2024-05');
    expect(batch).toEqual({ ...one, members: one.members.map((m) => ({ ...m, disability: m.disability && { ...m.disability, category: '' } })) });
    expect(batch.hasLegalSupporter).toBe(false);
    expect((await registryPolicyInputs(ctx.db, [999_999], '2024-05'))[0].members).toEqual([]);
  });
});

describe('payment run under a crash', () => {
  it('resumes after a failure injected after 10 payments, paying each case exactly once', async () => {
    // The progress the page polls moves batch by batch: cases with a ledger row, of the run's cases.
    const seen: [number, number | null][] = [];
    const crash = runPayments(deps, district, '310115', '2024-05', {
      batchSize: 5,
      afterBatch: async (written) => {
        seen.push(await progress('2024-05'));
        if (written >= 10) throw new Error('injected failure');
      },
    });
    await expect(crash).rejects.toThrow('injected failure');
    expect(seen).toEqual([
      [5, N],
      [10, N],
    ]);
    expect(await ledger('2024-05')).toEqual({ count: 10, cases: 10, totalFen: 10 * MAY_AMOUNT });
    expect(await runStatus('2024-05')).toBe('running');

    const resumed = await runPayments(deps, district, '310115', '2024-05', { batchSize: 5 });
    expect(resumed).toMatchObject({ status: 'completed', paidCount: N, paidTotalFen: N * MAY_AMOUNT, writtenNow: N - 10, casesDone: N, casesTotal: N });
    // 30 × 1965.00 = 58950.00 yuan.
    expect(await ledger('2024-05')).toEqual({ count: N, cases: N, totalFen: 5_895_000 });
    expect((await runPayments(deps, district, '310115', '2024-05')).writtenNow).toBe(0);
  });

  it('resumes after the process running it is killed with SIGKILL', async () => {
    if (!process.env.DATABASE_URL) await closeDb();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./payment-run-child.ts', import.meta.url)),
        JSON.stringify({
          url: ctx.config.databaseUrl,
          dataDir,
          secretKey: config.secretKey.toString('base64'),
          actor: district,
          district: '310115',
          month: '2024-06',
          batchSize: 1,
          delayMs: 150,
        }),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('batch 4\n')) resolve();
        if (out.includes('done')) reject(new Error('the run finished before it could be killed'));
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    if (!process.env.DATABASE_URL) await open();

    const half = await ledger('2024-06');
    expect(half.count).toBeGreaterThanOrEqual(4);
    expect(half.count).toBeLessThan(N);
    expect(await runStatus('2024-06')).toBe('running');
    const resumed = await runPayments(deps, district, '310115', '2024-06');
    expect(resumed).toMatchObject({ status: 'completed', paidCount: N, paidTotalFen: N * MAY_AMOUNT, writtenNow: N - half.count });
    expect(await ledger('2024-06')).toEqual({ count: N, cases: N, totalFen: 5_895_000 });
  }, 120_000);

  it('stops a case when its beneficiary dies, records the overpaid month, and pays the others at the July standard', async () => {
    await recordDeath(ctx.db.kysely.withTables<RegistryTables>(), caseworker, h.personIds[0], { deathDate: '2024-05-20' });
    await dispatchOutbox(ctx.db.kysely, eventHandlers());
    const stopped = await getCase(deps, district, caseIds[0]);
    expect(stopped).toMatchObject({ status: 'stopped', paymentUntil: '2024-06' });
    // June was paid before the death was known: 1965.00 yuan to recover.
    expect(stopped.actions.at(-1)?.payload).toMatchObject({ effectiveMonth: '2024-06', overpaidMonths: ['2024-06'], overpaidFen: MAY_AMOUNT });
    expect((await getCase(deps, district, caseIds[1])).actions.at(-1)).toMatchObject({ action: 'note_change' });

    const july = await runPayments(deps, district, '310115', '2024-07');
    // July 2024: 1595 × 1.3 = 2073.5 → 2075.00 yuan, for the 29 living: 29 × 2075.00 = 60175.00 yuan.
    expect(july).toMatchObject({ paidCount: N - 1, paidTotalFen: 6_017_500, withheldCount: 0 });
    for (const id of caseIds.slice(0, 3)) expect(await checkProjection(tables(deps), id)).toEqual([]);
  });
});
