import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, currentMonthInShanghai, todayInShanghai } from '../kernel/index.js';
import { listFacts } from '../registry/index.js';
import { monitoringDashboard } from './dashboards.js';
import { runDiscovery } from './discovery.js';
import { allowancePaymentFile } from './grant-payments.js';
import { grantAllowances, listGrants } from './grants.js';
import { ingestBatch } from './ingest.js';
import { listLeads } from './leads.js';
import { makeHousehold, ndjson, openMonitoringWorld, settle, type MonitoringWorld } from './testing.js';

let world: MonitoringWorld;
const month = currentMonthInShanghai();
const next = addMonths(month, 1);
const birthday = (age: number, monthOffset = 0) => `${Number(addMonths(month, monthOffset).slice(0, 4)) - age}-${addMonths(month, monthOffset).slice(5, 7)}-01`;
let turning65: number;
let seventy: number;
let sixtyFour: number;

beforeAll(async () => {
  world = await openMonitoringWorld();
  ({
    personIds: [turning65],
  } = await makeHousehold(world, [{ birthDate: birthday(65) }]));
  ({
    personIds: [seventy],
  } = await makeHousehold(world, [{ birthDate: birthday(70, -3) }]));
  ({
    personIds: [sixtyFour],
  } = await makeHousehold(world, [{ birthDate: birthday(65, 1), wageFen: 800_000 }]));
  await settle(world);
}, 180_000);
afterAll(() => world.close());

const grantsOf = async (personId: number) => (await listGrants(world.deps, world.users.pudong, { personId })).items;
const paymentFile = (m: string) => allowancePaymentFile(world.deps, world.users.pudong, { month: m, divisionCode: '310115' });

describe('免申即享: benefits without application', () => {
  it('grants the elderly allowance from the month of the 65th birthday, not before', async () => {
    const run = await grantAllowances(world.deps, world.users.pudong, month);
    expect(run.granted).toBe(2);
    const [grant] = await grantsOf(turning65);
    expect(grant).toMatchObject({ programme: 'elderly_allowance', fromMonth: month, untilMonth: null, status: 'active' });
    expect(grant.decisions[0].reasons[0]).toContain(`${month} 年满 65 周岁`);
    // 64 this month: nothing to pay now (an evaluation may already have recorded the grant from next month).
    expect((await grantsOf(sixtyFour)).every((g) => g.fromMonth === next)).toBe(true);
    expect((await grantAllowances(world.deps, world.users.pudong, month)).granted).toBe(0);
    await grantAllowances(world.deps, world.users.pudong, next);
    expect((await grantsOf(sixtyFour)).map((g) => [g.fromMonth, g.status])).toEqual([[next, 'active']]);
  });

  it('writes a monthly payment file once per person-month', async () => {
    const first = await paymentFile(month);
    expect(first).toMatchObject({ count: 2, totalFen: 7_500 + 15_000, writtenNow: 2 });
    const text = first.body.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeff序号,人员编号,项目,发放月份,金额（元）,户籍地区划,发放渠道');
    expect(text).toContain(`,${turning65},老年综合津贴,${month},75.00,`);
    const again = await paymentFile(month);
    expect(again).toMatchObject({ count: 2, writtenNow: 0 });
    expect(again.body.equals(first.body)).toBe(true);
    await expect(allowancePaymentFile(world.deps, world.users.advisor1, { month, divisionCode: '310115' })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });

  it('stops the allowance from the month after a death and closes the household’s open leads', async () => {
    await runDiscovery(world.deps, world.users.pudong, { month });
    const leads = await listLeads(world.deps, world.users.advisor1, {});
    const lead = leads.items.find((l) => l.householdId !== undefined && l.status === 'found' && l.reasons.length > 0 && l.programme === 'dibao' && l.personId === null);
    expect(lead).toBeDefined();
    const ownLeads = leads.items.filter((l) => l.status === 'found');
    expect(ownLeads.length).toBeGreaterThanOrEqual(2);

    const receipt = await ingestBatch(world.deps, { source: 'public_security', batchId: 'ga-death', format: 'ndjson', content: ndjson([{ type: 'death', personId: turning65, deathDate: todayInShanghai() }]) }, null);
    expect(receipt).toMatchObject({ accepted: 1, personChanges: 1 });
    await settle(world);
    const [grant] = await grantsOf(turning65);
    expect(grant).toMatchObject({ status: 'stopped', untilMonth: next });
    expect(grant.decisions.map((d) => d.decision)).toEqual(['grant', 'stop']);
    expect(grant.decisions[1].reasons[0]).toContain(`老年综合津贴自 ${next} 起停发`);
    const after = await listLeads(world.deps, world.users.advisor1, {});
    const closed = after.items.filter((l) => ownLeads.some((o) => o.id === l.id) && l.status === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(1);
    const nextFile = await paymentFile(next);
    expect(nextFile.body.toString('utf8')).not.toContain(`,${turning65},`);
    expect(nextFile.body.toString('utf8')).toContain(`,${seventy},`);
  });

  it('stops it when the person moves out of Shanghai, and grants the orphan allowance when an orphan is registered', async () => {
    await ingestBatch(world.deps, { source: 'public_security', batchId: 'ga-move', format: 'ndjson', content: ndjson([{ type: 'moved', personId: seventy, movedOn: todayInShanghai(), toDivision: '320102' }]) }, null);
    await settle(world);
    const [grant] = await grantsOf(seventy);
    expect(grant).toMatchObject({ status: 'stopped', untilMonth: next });
    expect(grant.decisions[1].reasons[0]).toContain('迁出本市');
    expect((await listFacts(world.registry, world.users.pudong, { type: 'person', id: seventy }, { kind: 'registration.moved_out' }))[0].attributes).toEqual({ to: '320102000000' });

    const { personIds } = await makeHousehold(world, [{ birthDate: '2015-05-05' }]);
    await settle(world);
    const orphan = await ingestBatch(world.deps, { source: 'civil_affairs', batchId: 'mz-orphan', format: 'ndjson', content: ndjson([{ type: 'orphan', personId: personIds[0], from: '2024-06-01' }]) }, null);
    expect(orphan.grantsMade).toBe(1);
    const [orphanGrant] = await grantsOf(personIds[0]);
    expect(orphanGrant).toMatchObject({ programme: 'orphan_allowance', fromMonth: month, status: 'active' });
    const file = await paymentFile(month);
    expect(file.body.toString('utf8')).toContain(`,${personIds[0]},孤儿基本生活费,${month},1800.00,`);

    const dashboard = await monitoringDashboard(world.deps, world.users.pudong);
    expect(dashboard.grants.find((g) => g.programme === 'orphan_allowance')).toMatchObject({ active: 1, paidThisMonth: 1, paidFenThisMonth: 180_000 });
    expect(dashboard.grants.find((g) => g.programme === 'elderly_allowance')).toMatchObject({ active: 1 });
  });
});
