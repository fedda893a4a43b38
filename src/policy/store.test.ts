/**
 * Database-backed screening over a small generated city, on PGlite and (DATABASE_URL) PostgreSQL:
 * the stored results equal explaining each household from householdPolicyInput; a new income fact
 * re-screens its household through the outbox; the snapshot equals the registry; a simulation leaves
 * every stored result alone; worker processes produce the same results as one process.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../db/index.js';
import { eventHandlers } from '../modules.js';
import { shanghaiPack } from '../policies/shanghai/index.js';
import { householdPolicyInput, IdVault, loadDemoCity, recordFactBatch, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { explainHousehold } from './explain.js';
import type { Population } from './population.js';
import { rescreenHousehold } from './rescreen.js';
import { runScreen } from './screen-jobs.js';
import { readPopulation } from './screen-part.js';
import { eligibleHouseholds, getScreenRun } from './screen-queries.js';
import { simulateStored } from './simulate-db.js';
import { loadSnapshot } from './snapshot-store.js';
import { policyDb, type PolicyContext } from './store-model.js';

const MONTH = '2025-03';
let t: TestDatabase;
let ctx: PolicyContext;
let runId = 0;
const registry = () => t.db.kysely.withTables<RegistryTables>();
const query = <R>(text: string) => t.db.exclusive((s) => s.query<R>(text));

/** Current results as comparable strings: programme|household|members|amount. */
async function currentResults(): Promise<string[]> {
  const rows = await policyDb(t.db).selectFrom('policy.household_results').select(['programme', 'household_id', 'member_ids', 'monthly_amount_fen']).where('month', '=', MONTH).execute();
  return rows.map((r) => `${r.programme}|${r.household_id}|${(r.member_ids ?? []).map(Number).join(',')}|${r.monthly_amount_fen}`).sort();
}

/** A population as sorted per-household strings (order of households is not part of its meaning). */
function households(p: Population): string[] {
  const c = p.columns;
  const out: string[] = [];
  for (let h = 0; h < c.householdCount; h++) {
    const members: string[] = [];
    for (let i = c.memberOffsets[h]; i < c.memberOffsets[h + 1]; i++) {
      members.push([p.memberIds[i], c.birthYmd[i], c.hukouShanghai[i], c.disabilityGrade[i], c.laborCapacity[i], c.orphan[i], c.monthlyIncomeFen[i], c.monetaryAssetsFen[i], c.ownsVehicle[i]].join(','));
    }
    out.push(`${p.householdIds[h]}|${p.divisionCodes[h]}|${c.districts[c.districtIndex[h]]}|${c.rigidExpensesLast12MonthsFen[h]}|${c.hasLegalSupporter[h]}|${members.join(';')}`);
  }
  return out.sort();
}

beforeAll(async () => {
  t = await openTestDatabase();
  ctx = { db: t.db, databaseUrl: t.ctx.config.databaseUrl };
  await loadDemoCity(t.db, new IdVault(randomBytes(32)), { seed: 9, persons: 500, today: '2025-03-15' });
  runId = await runScreen(ctx, null, { month: MONTH });
}, 180_000);
afterAll(async () => t?.close());

describe('screening from the database', () => {
  it('stores what explaining each household from householdPolicyInput says', async () => {
    const run = await getScreenRun(ctx, null, runId);
    expect(run).toMatchObject({ status: 'done', progressPercent: 100, ruleVersion: 'shanghai@1', month: MONTH, divisionCode: '310000000000' });
    const ids = (await registry().selectFrom('registry.households').select('id').orderBy('id').execute()).map((r) => r.id);
    const expected: string[] = [];
    let persons = 0;
    for (const id of ids) {
      const input = await householdPolicyInput(registry(), id, MONTH);
      if (input.members.length === 0) continue;
      persons += input.members.length;
      const byProgramme = new Map<string, { members: number[]; amount: number }>();
      for (const r of explainHousehold(shanghaiPack, input, MONTH).results) {
        if (!r.eligible) continue;
        const e = byProgramme.get(r.programme) ?? { members: [], amount: 0 };
        if (r.memberId !== undefined) e.members.push(Number(r.memberId));
        e.amount += r.monthlyAmountFen;
        byProgramme.set(r.programme, e);
      }
      for (const [programme, e] of byProgramme) expected.push(`${programme}|${id}|${e.members.sort((a, b) => a - b).join(',')}|${e.amount}`);
    }
    expect(run.persons).toBe(persons);
    expect(await currentResults()).toEqual(expected.sort());
    expect(new Set(expected.map((e) => e.split('|')[0])).size).toBeGreaterThanOrEqual(4); // the demo city has recipients of most programmes
    const [{ n }] = await query<{ n: number }>(`select count(*)::int as n from policy.screen_results where run_id = ${runId}`);
    expect(n).toBe(run.resultRows);
    const total = run.summaries.reduce((sum, s) => sum + s.monthlyAmountFen, 0);
    const [{ amount }] = await query<{ amount: number }>(`select coalesce(sum(monthly_amount_fen), 0)::int8 as amount from policy.screen_results where run_id = ${runId}`);
    expect(total).toBe(Number(amount));
  }, 60_000);

  it('keeps a snapshot equal to the registry, and answers eligibility lists for other modules', async () => {
    const snapshot = await loadSnapshot(t.db, MONTH, ['31']);
    expect(snapshot).not.toBeNull();
    expect(households(snapshot as Population)).toEqual(households(await readPopulation(ctx, MONTH, ['31'])));
    const street = await loadSnapshot(t.db, MONTH, ['310115004']);
    expect(households(street as Population)).toEqual(households(await readPopulation(ctx, MONTH, ['310115004'])));
    const elderly = await eligibleHouseholds(ctx, { programme: 'elderly_allowance', divisionCode: '310115', month: MONTH });
    expect(elderly.runId).toBe(runId);
    expect(elderly.households.length).toBeGreaterThan(0);
    expect(elderly.households.every((h) => h.divisionCode.startsWith('310115') && (h.memberIds?.length ?? 0) > 0)).toBe(true);
  });

  it('re-screens a household in milliseconds after a new income fact arrives through the outbox', async () => {
    const [target] = await query<{ household_id: number; member_ids: null }>(`select household_id from policy.household_results where month = '${MONTH}' and programme = 'dibao' order by household_id limit 1`);
    expect(target).toBeDefined();
    const householdId = Number(target.household_id);
    const input = await householdPolicyInput(registry(), householdId, MONTH);
    await dispatchOutbox(t.db.kysely, eventHandlers()); // earlier events (the demo load emits none, but be sure)
    await recordFactBatch(registry(), { batchId: 'store-test-income', source: '人社局', facts: [{ subjectType: 'person', subjectId: Number(input.members[0].id), kind: 'income.wage', amountFen: 2_000_000, validFrom: '2025-02-01' }] });
    expect(await dispatchOutbox(t.db.kysely, eventHandlers())).toBeGreaterThan(0);
    const after = await currentResults();
    expect(after.some((r) => r.startsWith(`dibao|${householdId}|`))).toBe(false);
    const snapshot = await loadSnapshot(t.db, MONTH, ['31']);
    expect(households(snapshot as Population)).toEqual(households(await readPopulation(ctx, MONTH, ['31'])));
    const started = performance.now();
    const again = await rescreenHousehold(t.db, householdId, MONTH);
    const ms = performance.now() - started;
    expect(again.results.map((r) => r.programme)).not.toContain('dibao');
    expect(ms).toBeLessThan(1000); // milliseconds in practice; generous for a loaded CI machine
  });

  it('simulates from the snapshot and never touches runs, results or current results', async () => {
    const digest = async () =>
      query<{ h: string }>(`select md5(coalesce((select string_agg(concat_ws('|', run_id, household_id, programme, member_id, monthly_amount_fen), ',' order by run_id, programme, household_id, member_id) from policy.screen_results), '') ||
        coalesce((select string_agg(concat_ws('|', household_id, programme, monthly_amount_fen), ',' order by household_id, programme) from policy.household_results), '') ||
        (select count(*) from policy.screen_runs)::text || coalesce((select string_agg(concat_ws('|', month, district, md5(columns)), ',' order by month, district) from policy.snapshot_chunks), '')) as h`);
    const before = await digest();
    const report = await simulateStored(ctx, null, { startMonth: MONTH, overrides: [{ name: 'dibao.standard', from: '2025-03-01', scalePermille: 1050 }], programmes: ['dibao', 'low_income'] });
    expect(await digest()).toEqual(before);
    expect(report.source).toBe('snapshot');
    const dibao = report.programmes.find((p) => p.programme === 'dibao');
    expect(dibao?.total.scenarioHouseholds).toBeGreaterThanOrEqual(dibao?.total.baselineHouseholds ?? Infinity);
    expect(dibao?.total.scenarioMonthlyCostFen).toBeGreaterThan(dibao?.total.baselineMonthlyCostFen ?? Infinity);
    expect(report.scenarioParameters.find((p) => p.name === 'dibao.standard')?.value).toBe(167_500); // 1595 × 1.05 = 1674.75 → 1675
  });

  it('screens from the current snapshot when no registry change is waiting, with the same results as from the registry', async () => {
    const rows = async (id: number) => (await query<{ r: string }>(`select concat_ws('|', household_id, programme, member_id, monthly_amount_fen, fail_mask) as r from policy.screen_results where run_id = ${id} order by 1`)).map((x) => x.r);
    const source = async (id: number) => ((await getScreenRun(ctx, null, id)).timings as { parts: { source: string }[] }).parts[0].source;
    await dispatchOutbox(t.db.kysely, eventHandlers());
    const fromSnapshot = await runScreen(ctx, null, { month: MONTH });
    const fromRegistry = await runScreen(ctx, null, { month: MONTH, source: 'registry' });
    expect(await source(fromSnapshot)).toBe('snapshot');
    expect(await source(fromRegistry)).toBe('registry');
    expect(await rows(fromSnapshot)).toEqual(await rows(fromRegistry));

    // A change the re-screen handler has not seen yet: the snapshot would miss it, so the run reads the registry.
    const [target] = await query<{ household_id: number }>(`select household_id from policy.household_results where month = '${MONTH}' and programme = 'dibao' order by household_id limit 1`);
    const input = await householdPolicyInput(registry(), Number(target.household_id), MONTH);
    await recordFactBatch(registry(), { batchId: 'store-test-pending', source: '人社局', facts: [{ subjectType: 'person', subjectId: Number(input.members[0].id), kind: 'income.wage', amountFen: 2_000_000, validFrom: '2025-02-01' }] });
    const pending = await runScreen(ctx, null, { month: MONTH });
    expect(await source(pending)).toBe('registry');
    expect((await rows(pending)).some((r) => r.startsWith(`${target.household_id}|dibao|`))).toBe(false);
    await dispatchOutbox(t.db.kysely, eventHandlers());
    const caughtUp = await runScreen(ctx, null, { month: MONTH });
    expect(await source(caughtUp)).toBe('snapshot');
    expect(await rows(caughtUp)).toEqual(await rows(pending));
  }, 60_000);

  it('gives the same results with two worker processes (PostgreSQL) as in one process', async () => {
    const two = await runScreen(ctx, null, { month: MONTH, workers: 2, source: 'registry' });
    const rows = async (id: number) => (await query<{ r: string }>(`select concat_ws('|', household_id, programme, member_id, monthly_amount_fen, fail_mask) as r from policy.screen_results where run_id = ${id} order by 1`)).map((x) => x.r);
    const rescreened = await runScreen(ctx, null, { month: MONTH, source: 'registry' });
    expect(await rows(two)).toEqual(await rows(rescreened));
    const run = await getScreenRun(ctx, null, two);
    expect(run.status).toBe('done');
    expect((run.timings as { parts: unknown[] }).parts).toHaveLength(t.db.kind === 'pg' ? 2 : 1);
    const [{ n }] = await query<{ n: number }>(`select count(*)::int as n from policy.snapshot_chunks where month = '${MONTH}' and stale_since is null`);
    expect(n).toBeGreaterThan(1);
  }, 60_000);

  it("starts a new month from the nearest month's snapshot, re-reading only households whose dates lie between", async () => {
    const rows = async (id: number) => (await query<{ r: string }>(`select concat_ws('|', household_id, programme, member_id, monthly_amount_fen, fail_mask) as r from policy.screen_results where run_id = ${id} order by 1`)).map((x) => x.r);
    const timings = async (id: number) => (await getScreenRun(ctx, null, id)).timings as { derivedFrom: { month: string; changedHouseholds: number } | null; parts: { source: string }[] };
    const households_ = (await query<{ n: number }>('select count(*)::int as n from registry.households'))[0].n;
    // A dibao household whose wage rises from 2025-04-01: only a run of April (or later) may see it.
    const [target] = await query<{ household_id: number }>(`select household_id from policy.household_results where month = '${MONTH}' and programme = 'dibao' order by household_id desc limit 1`);
    const input = await householdPolicyInput(registry(), Number(target.household_id), MONTH);
    await recordFactBatch(registry(), { batchId: 'store-test-april', source: '人社局', facts: [{ subjectType: 'person', subjectId: Number(input.members[0].id), kind: 'income.wage', amountFen: 2_000_000, validFrom: '2025-04-01' }] });
    await dispatchOutbox(t.db.kysely, eventHandlers());

    for (const month of ['2025-04', '2025-02']) {
      const derived = await runScreen(ctx, null, { month });
      const info = await timings(derived);
      expect(info.parts[0].source).toBe('derived');
      expect(info.derivedFrom?.month).toBe(MONTH);
      expect(info.derivedFrom?.changedHouseholds).toBeLessThan(households_ / 2);
      const fromRegistry = await runScreen(ctx, null, { month, source: 'registry' });
      expect(await rows(derived), month).toEqual(await rows(fromRegistry));
      // The derived columns became the month's snapshot, equal to reading the registry.
      expect(households((await loadSnapshot(t.db, month, ['31'])) as Population)).toEqual(households(await readPopulation(ctx, month, ['31'])));
    }
    const april = await query<{ n: number }>(`select count(*)::int as n from policy.household_results where month = '2025-04' and programme = 'dibao' and household_id = ${target.household_id}`);
    expect(april[0].n).toBe(0);
    const march = await query<{ n: number }>(`select count(*)::int as n from policy.household_results where month = '${MONTH}' and programme = 'dibao' and household_id = ${target.household_id}`);
    expect(march[0].n).toBe(1);
  }, 120_000);

  it('marks the snapshot of a month no longer kept up to date stale at the next registry event', async () => {
    // Live months are the latest three with a run or snapshot (2025-04, 2025-03, 2025-02); 2024-06 is older.
    await runScreen(ctx, null, { month: '2024-06', source: 'registry' });
    const fresh = async (month: string) => (await query<{ n: number }>(`select count(*)::int as n from policy.snapshot_chunks where month = '${month}' and stale_since is null`))[0].n;
    expect(await fresh('2024-06')).toBeGreaterThan(0);
    const [someone] = await query<{ person_id: number }>('select person_id from registry.household_members where until is null order by person_id limit 1');
    await recordFactBatch(registry(), { batchId: 'store-test-stale', source: '人社局', facts: [{ subjectType: 'person', subjectId: Number(someone.person_id), kind: 'income.other', amountFen: 100, validFrom: '2024-01-01' }] });
    await dispatchOutbox(t.db.kysely, eventHandlers());
    expect(await fresh('2024-06')).toBe(0);
    expect(await fresh(MONTH)).toBeGreaterThan(0);
    // Its next run reads the registry or derives from a live month, never the stale chunks.
    const again = await runScreen(ctx, null, { month: '2024-06' });
    const source = ((await getScreenRun(ctx, null, again)).timings as { parts: { source: string }[] }).parts[0].source;
    expect(source).not.toBe('snapshot');
  }, 60_000);

  it('leaves current results untouched and nothing staged when a run fails to write its results', async () => {
    const current = async () => (await query<{ r: string }>(`select concat_ws('|', month, programme, household_id, monthly_amount_fen, run_id) as r from policy.household_results order by 1`)).map((x) => x.r);
    const before = await current();
    await t.db.exclusive((s) =>
      s.exec(`create function policy.refuse_results() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$;
        create trigger refuse_results before insert on policy.screen_results for each row execute function policy.refuse_results();`),
    );
    try {
      // A month whose current results would all be new: a committed merge would show at once.
      await expect(runScreen(ctx, null, { month: '2025-05' })).rejects.toThrow(/disk full/);
    } finally {
      await t.db.exclusive((s) => s.exec('drop trigger refuse_results on policy.screen_results; drop function policy.refuse_results();'));
    }
    expect(await current()).toEqual(before);
    expect((await query<{ n: number }>('select count(*)::int as n from policy.current_staging'))[0].n).toBe(0);
    const [run] = await query<{ status: string; error: string }>("select status, error from policy.screen_runs where month = '2025-05' order by id desc limit 1");
    expect(run.status).toBe('failed');
    expect(run.error).toContain('disk full');
  }, 60_000);
});
