import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../kernel/index.js';
import { monitoringDashboard } from './dashboards.js';
import { ingestBatch } from './ingest.js';
import { escalateOverdue } from './jobs.js';
import { closeWarning, handleWarning, recordWarningVisit } from './warning-actions.js';
import { getWarning, listWarnings } from './warning-queries.js';
import { makeHousehold, ndjson, openMonitoringWorld, settle, TEST_COMMITTEES, yearsAgo, type MonitoringWorld } from './testing.js';

let world: MonitoringWorld;
let elder: number;

beforeAll(async () => {
  world = await openMonitoringWorld();
  ({
    personIds: [elder],
  } = await makeHousehold(world, [{ birthDate: yearsAgo(81, '03-15') }]));
  await settle(world);
}, 180_000);
afterAll(() => world.close());

const water = (personId: number, idleHours: number, observedAt: string) => ndjson([{ type: 'water_idle', personId, observedAt, idleHours, meterId: 'SH-W-0001' }]);
const observed = (hoursAgo: number) => new Date(world.clock.now().getTime() - hoursAgo * 3_600_000).toISOString();

describe('warnings: raised by rules, handled as a closed loop', () => {
  let warningId: number;

  it('raises a water-meter warning for an elderly person living alone and pushes it to the committee advisor', async () => {
    const receipt = await ingestBatch(world.deps, { source: 'water', batchId: 'w-1', format: 'ndjson', content: water(elder, 50, observed(1)) }, null);
    expect(receipt.warningsRaised).toBe(1);
    const page = await listWarnings(world.deps, world.users.advisor1, { mine: true });
    expect(page.items).toHaveLength(1);
    const warning = page.items[0];
    warningId = warning.id;
    expect(warning).toMatchObject({ type: 'water_idle', level: 'high', status: 'assigned', assignedTo: world.users.advisor1.userId, divisionCode: TEST_COMMITTEES.weifang1, overdue: false });
    expect(warning.reasons.join('')).toContain('已连续 50 小时无用水');
    expect(warning.reasons.join('')).toContain('属独居老人');
    expect(new Date(warning.dueAt).getTime() - new Date(warning.raisedAt).getTime()).toBe(24 * 3_600_000);
  });

  it('raises no second open warning of the same type for the household; a new reading is logged on the open one', async () => {
    const receipt = await ingestBatch(world.deps, { source: 'water', batchId: 'w-2', format: 'ndjson', content: water(elder, 60, observed(0.5)) }, null);
    expect(receipt.warningsRaised).toBe(0);
    const detail = await getWarning(world.deps, world.users.advisor1, warningId);
    expect(detail.actions.map((a) => a.action)).toEqual(['raise', 'assign', 'retrigger']);
    const short = await ingestBatch(world.deps, { source: 'water', batchId: 'w-3', format: 'ndjson', content: water(elder, 12, observed(0.2)) }, null);
    expect(short.warningsRaised).toBe(0);
  });

  it('keeps the warning to the jurisdiction: another committee’s advisor may neither read nor visit it', async () => {
    await expect(getWarning(world.deps, world.users.lujiazui, warningId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(recordWarningVisit(world.deps, world.users.lujiazui, warningId, { visitedOn: todayInShanghai(), findings: '—' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(handleWarning(world.deps, world.users.leader, warningId, { outcome: 'no_action', reason: '—' })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect((await listWarnings(world.deps, world.users.lujiazui)).items).toHaveLength(0);
  });

  it('goes overdue after 24 hours and escalates to the street once', async () => {
    expect((await escalateOverdue(world.deps, new Date(world.clock.now().getTime() + 23 * 3_600_000))).escalated).toEqual([]);
    world.clock.advanceHours(25);
    const dashboard = await monitoringDashboard(world.deps, world.users.weifang);
    expect(dashboard.warnings.overdue).toBe(1);
    expect(dashboard.warnings.byType.find((t) => t.type === 'water_idle')).toMatchObject({ open: 1, total: 1 });
    expect(dashboard.warnings.byStreet).toEqual([{ streetCode: '310115004000', open: 1, overdue: 1 }]);
    const { escalated } = await escalateOverdue(world.deps);
    expect(escalated).toEqual([warningId]);
    expect((await escalateOverdue(world.deps)).escalated).toEqual([]);
    const detail = await getWarning(world.deps, world.users.weifang, warningId);
    expect(detail).toMatchObject({ overdue: true, assignedTo: world.users.weifang.userId, status: 'assigned' });
    expect(detail.escalatedAt).not.toBeNull();
    expect(detail.actions.at(-1)).toMatchObject({ action: 'escalate', reason: expect.stringContaining('超过处置时限 24 小时') });
    expect((await monitoringDashboard(world.deps, world.users.weifang)).warnings.escalated).toBe(1);
  });

  it('is visited, handled with a reason, and closed; the status comes from the log', async () => {
    await expect(handleWarning(world.deps, world.users.advisor1, warningId, { outcome: 'no_action', reason: '老人外出' })).rejects.toMatchObject({ code: 'MONITORING_ILLEGAL_TRANSITION' });
    await recordWarningVisit(world.deps, world.users.advisor1, warningId, { visitedOn: todayInShanghai(world.clock.now()), findings: '老人住院，邻居告知', photoRefs: ['photo:w1/door.jpg'] });
    await expect(handleWarning(world.deps, world.users.advisor1, warningId, { outcome: 'referred_service', reason: '出院后需照护' })).rejects.toMatchObject({ code: 'MONITORING_REFERENCE_REQUIRED' });
    await handleWarning(world.deps, world.users.advisor1, warningId, { outcome: 'referred_service', reason: '出院后需照护', reference: '潍坊综合为老服务中心' });
    const closed = await closeWarning(world.deps, world.users.weifang, warningId, { note: '已转介' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'referred_service', overdue: false });
    expect(closed.actions.map((a) => [a.action, a.actorUsername])).toEqual([
      ['raise', null],
      ['assign', null],
      ['retrigger', null],
      ['escalate', null],
      ['visit', 'weifang1.adv'],
      ['handle', 'weifang1.adv'],
      ['close', 'weifang.cw'],
    ]);
    // Handled 25 hours after it was raised, past its 24-hour limit: the cockpit's handling-time figures say so.
    const handling = (await monitoringDashboard(world.deps, world.users.weifang)).warnings.handling.find((h) => h.type === 'water_idle');
    expect(handling).toMatchObject({ handled: 1, handledLate: 1 });
    expect(handling?.medianHours).toBeGreaterThanOrEqual(24);
    expect(handling?.medianHours).toBe(handling?.p90Hours);
    // Closed: the next reading may raise a new warning.
    const next = await ingestBatch(world.deps, { source: 'water', batchId: 'w-4', format: 'ndjson', content: water(elder, 49, observed(0.1)) }, null);
    expect(next.warningsRaised).toBe(1);
  });

  it('warns of a new severe disability, of large medical costs, and of the death of the main earner', async () => {
    const { personIds } = await makeHousehold(world, [{ birthDate: '1970-02-02', wageFen: 900_000 }, { birthDate: '1972-03-03', relation: 'spouse', wageFen: 100_000 }, { birthDate: '2010-06-06' }], TEST_COMMITTEES.weifang2);
    await settle(world);
    const [head, spouse, child] = personIds;
    await ingestBatch(world.deps, { source: 'disabled_federation', batchId: 'cl-1', format: 'ndjson', content: ndjson([{ type: 'disability_certificate', personId: child, issuedOn: '2025-01-20', grade: 2, category: '智力' }]) }, null);
    await ingestBatch(
      world.deps,
      {
        source: 'medical_insurance',
        batchId: 'yb-2',
        format: 'ndjson',
        content: ndjson([
          { type: 'medical_cost', personId: spouse, date: '2024-11-20', selfPaidFen: 1_800_000 },
          { type: 'medical_cost', personId: spouse, date: '2025-01-05', selfPaidFen: 1_500_000 },
        ]),
      },
      null,
    );
    const death = await ingestBatch(world.deps, { source: 'public_security', batchId: 'ga-1', format: 'ndjson', content: ndjson([{ type: 'death', personId: head, deathDate: '2025-02-10' }]) }, null);
    expect(death).toMatchObject({ accepted: 1, personChanges: 1 });
    await settle(world);
    const page = await listWarnings(world.deps, world.users.advisor2);
    const byType = Object.fromEntries(page.items.map((w) => [w.type, w]));
    expect(Object.keys(byType).sort()).toEqual(['earner_death', 'income_below_line', 'medical_cost', 'severe_disability']);
    expect(byType.income_below_line.reasons[0]).toContain('家庭新落入低保范围');
    expect(byType.severe_disability.reasons[0]).toContain('智力2级残疾证（此前无残疾证）');
    expect(byType.medical_cost.reasons[0]).toContain('合计 33000.00 元，超过预警线 30000.00 元（参数待核实）');
    expect(byType.earner_death.reasons[0]).toContain('占家庭月收入 10000.00 元的 90%');
    // The death was recorded in the registry (which emitted registry.person.died) — sending it again changes nothing.
    const again = await ingestBatch(world.deps, { source: 'public_security', batchId: 'ga-2', format: 'ndjson', content: ndjson([{ type: 'death', personId: head, deathDate: '2025-02-10' }]) }, null);
    expect(again).toMatchObject({ accepted: 1, personChanges: 0, warningsRaised: 0 });
  });
});
