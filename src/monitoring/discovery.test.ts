import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit } from '../db/index.js';
import { todayInShanghai } from '../kernel/index.js';
import { listFacts } from '../registry/index.js';
import { monitoringDashboard } from './dashboards.js';
import { runDiscovery } from './discovery.js';
import { ingestBatch } from './ingest.js';
import { contactLead, getLead, listLeads, recordLeadOutcome } from './leads.js';
import { listWarnings } from './warning-queries.js';
import { makeHousehold, ndjson, openMonitoringWorld, settle, type MonitoringWorld } from './testing.js';

let world: MonitoringWorld;
let worker: { householdId: number; personIds: number[] };
let pensioners: { householdId: number; personIds: number[] };

beforeAll(async () => {
  world = await openMonitoringWorld();
  worker = await makeHousehold(world, [{ birthDate: '1985-08-08', wageFen: 500_000 }]);
  pensioners = await makeHousehold(world, [
    { birthDate: '1952-01-20', wageFen: 100_000 },
    { birthDate: '1956-02-02', relation: 'spouse' },
  ]);
  await makeHousehold(world, [
    { birthDate: '1980-01-01', wageFen: 1_200_000 },
    { birthDate: '1982-01-01', relation: 'spouse', wageFen: 900_000 },
  ]);
  await settle(world);
}, 180_000);
afterAll(() => world.close());

const leadsOf = async (householdId: number) => (await listLeads(world.deps, world.users.advisor1, { limit: 200 })).items.filter((l) => l.householdId === householdId);

describe('政策找人: proactive discovery', () => {
  it('raises a lead when a job loss takes a household across the dibao line', async () => {
    expect(await leadsOf(worker.householdId)).toEqual([]);
    const lostOn = todayInShanghai(world.clock.now());
    const receipt = await ingestBatch(world.deps, { source: 'hr', batchId: 'rs-loss', format: 'ndjson', content: ndjson([{ type: 'unemployment', personId: worker.personIds[0], date: lostOn }]) }, null);
    expect(receipt).toMatchObject({ accepted: 1, personChanges: 1, leadsFound: 1 });
    const [lead] = await leadsOf(worker.householdId);
    expect(lead).toMatchObject({ programme: 'dibao', status: 'found', assignedTo: world.users.advisor1.userId, amountFen: 159_500 });
    expect(lead.reasons[0]).toBe('符合低保条件，按规则测算月救助金额 1595.00 元，尚未纳入');
    expect(lead.reasons.join('\n')).toContain('1595.00');
    // The wage ended where the department said: a correction in the registry, the old row kept as history.
    const wages = await listFacts(world.registry, world.users.pudong, { type: 'person', id: worker.personIds[0] }, { kind: 'income.wage' });
    expect(wages.map((w) => [w.validTo, w.supersededBy === null])).toEqual([
      [null, false],
      [lostOn, true],
    ]);
    const warnings = (await listWarnings(world.deps, world.users.advisor1)).items.filter((w) => w.householdId === worker.householdId);
    expect(warnings.map((w) => w.type).sort()).toEqual(['income_below_line', 'job_loss']);
  });

  it('finds the households that qualify for a programme they are not in, once', async () => {
    await expect(runDiscovery(world.deps, world.users.advisor1, {})).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    const run = await runDiscovery(world.deps, world.users.pudong, {});
    // The engine screened the district; this month only the pensioners qualify (the job loss counts from next month).
    expect(run.screenRunId).toBeGreaterThan(0);
    expect(run.households).toBe(1);
    const [lead] = await leadsOf(pensioners.householdId);
    expect(lead).toMatchObject({ programme: 'dibao', status: 'found', amountFen: 2 * 159_500 - 100_000 });
    expect(await leadsOf(worker.householdId)).toHaveLength(1);
    const again = await runDiscovery(world.deps, world.users.pudong, {});
    expect(again.leads).toBe(0);
  });

  it('follows a lead through the funnel: found → contacted → applied → approved', async () => {
    const [lead] = await leadsOf(pensioners.householdId);
    await expect(recordLeadOutcome(world.deps, world.users.advisor1, lead.id, { outcome: 'applied', reason: '已申请' })).rejects.toMatchObject({ code: 'MONITORING_ILLEGAL_TRANSITION' });
    await expect(contactLead(world.deps, world.users.lujiazui, lead.id, { contactedOn: todayInShanghai(), channel: 'visit', note: '—' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await contactLead(world.deps, world.users.advisor1, lead.id, { contactedOn: todayInShanghai(), channel: 'visit', note: '上门宣传低保政策，老人愿意申请' });
    await recordLeadOutcome(world.deps, world.users.advisor1, lead.id, { outcome: 'applied', reason: '协助在街道受理中心提交申请' });
    let funnel = (await monitoringDashboard(world.deps, world.users.pudong)).funnel.find((f) => f.programme === 'dibao');
    expect(funnel).toMatchObject({ found: 2, contacted: 1, applied: 1, approved: 0 });

    await emit(world.t.db.kysely, {
      topic: 'assistance.case.approved',
      key: '901',
      payload: { caseId: 901, programme: 'dibao', householdId: pensioners.householdId, districtCode: '310115000000', amountFen: 219_000, paymentFrom: '2025-04' },
    });
    await settle(world);
    const approved = await getLead(world.deps, world.users.advisor1, lead.id);
    expect(approved.status).toBe('approved');
    expect(approved.actions.map((a) => a.action)).toEqual(['found', 'contact', 'outcome', 'approve']);
    funnel = (await monitoringDashboard(world.deps, world.users.leader, { division: '310115' })).funnel.find((f) => f.programme === 'dibao');
    expect(funnel).toMatchObject({ found: 2, contacted: 1, applied: 1, approved: 1 });
    await expect(listLeads(world.deps, world.users.leader)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });

  it('does not lead a household already in the programme, and records why a lead ended', async () => {
    const run = await runDiscovery(world.deps, world.users.pudong, {});
    expect(run.leads).toBe(0);
    const [lead] = await leadsOf(worker.householdId);
    await contactLead(world.deps, world.users.advisor1, lead.id, { contactedOn: todayInShanghai(), channel: 'phone', note: '电话联系' });
    const ended = await recordLeadOutcome(world.deps, world.users.advisor1, lead.id, { outcome: 'not_eligible', reason: '入户核实：已在外地就业，收入稳定' });
    expect(ended).toMatchObject({ status: 'not_eligible', statusName: '核实后不符合' });
  });
});
