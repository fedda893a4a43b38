/**
 * 政策找人 leads as the advisor uses them (issue 15): one lead per household listing every programme it seems
 * to qualify for, none where the household has already applied, the head of household's name and the address
 * (masked for roles that do not visit, revealed with a purpose, audited), and a discovery run's progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { applyForAssistance, assistanceDeps } from '../assistance/index.js';
import { INTERRUPTED_MESSAGE, resetStopSignalForTests, stopBackgroundJobs } from '../db/index.js';
import { listMyJobs } from '../jobs/index.js';
import { todayInShanghai } from '../kernel/index.js';
import { recordFactBatch } from '../registry/index.js';
import { tables } from './deps.js';
import { discoveriesSettled, discoveryProgress, runDiscovery, startDiscovery } from './discovery.js';
import { ingestBatch } from './ingest.js';
import { getLead, listLeads, maskAddress, maskName } from './leads.js';
import { makeHousehold, ndjson, openMonitoringWorld, settle, type MonitoringWorld } from './testing.js';

let world: MonitoringWorld;
let elder: { householdId: number; personIds: number[] };
let couple: { householdId: number; personIds: number[] };
let coupleCaseId: number;

beforeAll(async () => {
  world = await openMonitoringWorld();
  // A widow of 81 living alone with no income and nobody bound to support her: 低保 for the household and
  // 特困供养 for her (rule text: 无劳动能力（60 周岁及以上）；本人无收入；无能够履行义务的法定赡养、抚养、扶养人).
  elder = await makeHousehold(world, [{ birthDate: '1945-03-08', name: '王秀英' }], undefined, undefined, '潍坊路100弄3号201室');
  await recordFactBatch(world.registry, {
    batchId: 'leads-supporters',
    source: '测试',
    facts: [{ subjectType: 'household', subjectId: elder.householdId, kind: 'legal_supporter', attributes: { able: false }, validFrom: '2020-01-01' }],
  });
  // Two pensioners on 1000 yuan a month between them: under the 低保 line (2 × 1595), but they applied already.
  couple = await makeHousehold(world, [
    { birthDate: '1952-01-20', wageFen: 100_000, name: '李建国' },
    { birthDate: '1956-02-02', relation: 'spouse', name: '张桂兰' },
  ]);
  const applied = await applyForAssistance(assistanceDeps(world.t.ctx), world.users.weifang, {
    programme: 'dibao',
    householdId: couple.householdId,
    applicantPersonId: couple.personIds[0],
    reason: '退休金低，申请低保',
    bankAccount: { holderName: '李建国', bankName: '工商银行', accountNo: '622202000000123456' },
  });
  coupleCaseId = applied.id;
  await settle(world);
}, 180_000);
afterAll(async () => {
  await discoveriesSettled();
  await world.close();
});

const leadsOf = async (householdId: number) => (await listLeads(world.deps, world.users.advisor1, { limit: 200 })).items.filter((l) => l.householdId === householdId);

describe('政策找人 leads, one per household', () => {
  it('lists every programme under one lead, raises none where a case is open, and records progress as it goes', async () => {
    const seen: [number, number | null][] = [];
    const run = await runDiscovery(world.deps, world.users.pudong, {
      chunk: 1,
      onChunk: async () => {
        // What the page polls: the run's row, read while the run is still going.
        const latest = await tables(world.deps).selectFrom('monitoring.discovery_runs').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
        const p = await discoveryProgress(world.deps, world.users.pudong, latest.id);
        seen.push([p.householdsDone, p.householdsTotal]);
      },
    });
    // Both households qualify for something; chunks of one household: the count moves 1, 2 of 2.
    expect(run.households).toBe(2);
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(await discoveryProgress(world.deps, world.users.pudong, run.runId)).toMatchObject({ status: 'done', householdsDone: 2, householdsTotal: 2, leadsFound: run.leads });

    const leads = await leadsOf(elder.householdId);
    expect(leads).toHaveLength(1);
    expect(leads[0].programmes.map((p) => [p.programme, p.personId]).sort()).toEqual([
      ['destitute', elder.personIds[0]],
      ['dibao', null],
    ]);
    // The couple applied for 低保 (case open): no lead for it.
    expect(await leadsOf(couple.householdId)).toEqual([]);
    const again = await runDiscovery(world.deps, world.users.pudong, {});
    expect(again.leads).toBe(0);
    expect((await leadsOf(elder.householdId))[0].programmes).toHaveLength(2);
  });

  it('shows the advisor the head of household and the address; district staff see them masked unless they give a purpose', async () => {
    const [summary] = await leadsOf(elder.householdId);
    const lead = await getLead(world.deps, world.users.advisor1, summary.id);
    expect(lead.household).toEqual({ headPersonId: elder.personIds[0], headName: '王秀英', address: '潍坊路100弄3号201室', masked: false });

    const district = await getLead(world.deps, world.users.pudong, summary.id);
    expect(district.household).toEqual({ headPersonId: elder.personIds[0], headName: '王*英', address: '潍坊路***弄*号***室', masked: true });
    await expect(getLead(world.deps, world.users.pudong, summary.id, { reveal: true })).rejects.toMatchObject({ code: 'REGISTRY_PURPOSE_REQUIRED' });
    // A role without pii.reveal cannot ask.
    await expect(getLead(world.deps, world.users.leader, summary.id, { reveal: true, purpose: 'home_visit' })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });

    const revealed = await getLead(world.deps, world.users.pudong, summary.id, { reveal: true, purpose: 'home_visit', purposeRef: '走访-17' });
    expect(revealed.household).toMatchObject({ headName: '王秀英', address: '潍坊路100弄3号201室', masked: false });
    const audit = await world.t.db.kysely
      .withTables<AccessTables>()
      .selectFrom('access.audit_log')
      .select(['action', 'purpose', 'actor_username', 'result'])
      .where('entity_type', '=', 'lead')
      .where('entity_id', '=', String(summary.id))
      .where('action', '=', 'monitoring.lead.reveal')
      .execute();
    expect(audit).toEqual([{ action: 'monitoring.lead.reveal', purpose: '入户调查核实：走访-17', actor_username: 'pudong.staff', result: 'ok' }]);
  });

  it('links the case once the household applies (已申请)', async () => {
    const [summary] = await leadsOf(elder.householdId);
    expect(summary.caseId).toBeNull();
    const applied = await applyForAssistance(assistanceDeps(world.t.ctx), world.users.weifang, {
      programme: 'dibao',
      householdId: elder.householdId,
      applicantPersonId: elder.personIds[0],
      reason: '顾问上门告知后申请低保',
      bankAccount: { holderName: '王秀英', bankName: '工商银行', accountNo: '622202000000654321' },
    });
    const lead = await getLead(world.deps, world.users.advisor1, summary.id);
    expect(lead.caseId).toBe(applied.id);
    expect(lead.programmes.find((p) => p.programme === 'dibao')).toMatchObject({ caseId: applied.id, caseStatusName: '已申请' });
    expect(lead.programmes.find((p) => p.programme === 'destitute')).toMatchObject({ caseId: null });
    expect(applied.id).not.toBe(coupleCaseId);
  });

  it('runs in the background from the screen, listed in the starter’s jobs, its progress readable until done', async () => {
    await expect(startDiscovery(world.deps, world.users.advisor1, {})).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    const started = await startDiscovery(world.deps, world.users.pudong, {});
    expect(started.runId).toBeGreaterThan(0);
    await discoveriesSettled();
    const done = await discoveryProgress(world.deps, world.users.pudong, started.runId);
    expect(done).toMatchObject({ status: 'done', error: null });
    expect(done.householdsDone).toBe(done.householdsTotal);
    const jobs = await listMyJobs(world.t.db, world.users.pudong);
    expect(jobs.items[0]).toMatchObject({ kind: 'discovery', moduleJobId: String(started.runId), statusPath: `/api/v1/monitoring/discovery/runs/${started.runId}` });
    // Another district's staff may not read it.
    await expect(discoveryProgress(world.deps, world.users.lujiazui, started.runId)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });

  it('a graceful stop ends a background run after the chunk under way and records it as interrupted; a new run goes to the end', async () => {
    let stop: Promise<unknown> | undefined;
    const started = await startDiscovery(world.deps, world.users.pudong, {
      chunk: 1,
      // The stop is asked while the first chunk is recorded: that chunk stays, no further one is taken.
      onChunk: (done) => {
        if (done === 1) stop = stopBackgroundJobs(30_000);
      },
    });
    await discoveriesSettled();
    const report = (await stop) as Awaited<ReturnType<typeof stopBackgroundJobs>>;
    resetStopSignalForTests();
    expect(report.settled).toContainEqual({ kind: 'discovery', id: String(started.runId) });
    expect(report.interrupted).toEqual([]);
    const cut = await discoveryProgress(world.deps, world.users.pudong, started.runId);
    expect(cut).toMatchObject({ status: 'failed', error: INTERRUPTED_MESSAGE, householdsDone: 1 });
    expect(cut.householdsTotal).toBeGreaterThan(1);
    const again = await startDiscovery(world.deps, world.users.pudong, {});
    await discoveriesSettled();
    expect(await discoveryProgress(world.deps, world.users.pudong, again.runId)).toMatchObject({ status: 'done', error: null, householdsDone: cut.householdsTotal });
  });

  it('records a department batch’s steps and line counts while it is received (the import page polls them)', async () => {
    const seen: { steps: number; rows: number; accepted: number; rejected: number; status: string }[] = [];
    const receiptNow = async () => {
      const b = await tables(world.deps).selectFrom('monitoring.exchange_batches').selectAll().where('source', '=', 'hr').where('batch_id', '=', 'progress-1').executeTakeFirstOrThrow();
      seen.push({ steps: b.steps_done, rows: b.row_count, accepted: b.accepted_count, rejected: b.rejected_count, status: b.status });
    };
    // The registry seam: the batch's facts are recorded after the rows were checked and the person changes made.
    const registry = world.deps.registry;
    const deps = {
      ...world.deps,
      registry: {
        ...registry,
        recordFacts: async (batch: Parameters<typeof registry.recordFacts>[0]) => {
          await receiptNow();
          return registry.recordFacts(batch);
        },
      },
    };
    const today = todayInShanghai(world.clock.now());
    const content = ndjson([
      { type: 'wage', personId: couple.personIds[0], from: today, monthlyWageFen: 90_000 },
      { type: 'wage', personId: 999_999_999, from: today, monthlyWageFen: 90_000 },
    ]);
    const receipt = await ingestBatch(deps, { source: 'hr', batchId: 'progress-1', format: 'ndjson', content }, null);
    expect(seen).toEqual([{ steps: 2, rows: 2, accepted: 1, rejected: 1, status: 'receiving' }]);
    expect(receipt).toMatchObject({ status: 'done', stepsDone: 5, stepsTotal: 5, currentStep: null, rows: 2, accepted: 1, rejected: 1 });
  });

  it('masks a name keeping its first and last character, and an address keeping all but its numbers', () => {
    expect([maskName('王'), maskName('王芳'), maskName('王秀英'), maskName('欧阳秀英')]).toEqual(['王', '王*', '王*英', '欧**英']);
    expect(maskAddress('浦东新区潍坊路100弄3号201室')).toBe('浦东新区潍坊路***弄*号***室');
  });
});
