import type { AppContext } from '../context.js';
import { addDays, todayInShanghai } from '../kernel/index.js';
import { assignWarning, closeWarning, escalateOverdue, handleWarning, ingestBatch, listWarnings, monitoringDeps, recordWarningVisit, type MonitoringDeps } from '../monitoring/index.js';
import type { RegistryTables } from '../registry/index.js';
import type { DemoStaff } from './lived-in-staff.js';

export interface WarningTally {
  raised: number;
  visited: number;
  handled: number;
  closed: number;
  escalated: number;
}

const HOUR = 3_600_000;
const clockAt = (at: Date) => ({ now: () => at });
const DEMO_STREETS = ['310115004000', '310115005000'];

/** One department row that should raise a warning for the person: a meter, a hospital bill, a new certificate. */
function rowFor(kind: number, personId: number, at: Date): Record<string, unknown> {
  const on = todayInShanghai(at);
  if (kind === 0) return { type: 'medical_cost', personId, date: addDays(on, -3), selfPaidFen: 3_200_000 + (personId % 7) * 100_000, hospital: '上海市第一人民医院' };
  if (kind === 1) return { type: 'water_idle', personId, observedAt: new Date(at.getTime() - HOUR).toISOString(), idleHours: 50 + (personId % 20), meterId: `SH-W-${String(personId).padStart(6, '0')}` };
  return { type: 'disability_certificate', personId, issuedOn: addDays(on, -5), grade: 1 + (personId % 2), category: '肢体' };
}

async function send(deps: MonitoringDeps, batchId: string, rows: Record<string, unknown>[]): Promise<number> {
  const bySource: Record<string, Record<string, unknown>[]> = {};
  const source = (type: unknown) => (type === 'medical_cost' ? 'medical_insurance' : type === 'water_idle' ? 'water' : 'disabled_federation');
  for (const row of rows) (bySource[source(row.type)] ??= []).push(row);
  let raised = 0;
  for (const [name, list] of Object.entries(bySource)) {
    const receipt = await ingestBatch(deps, { source: name, batchId: `${batchId}-${name}`, format: 'ndjson', content: list.map((r) => `${JSON.stringify(r)}\n`).join('') }, null);
    raised += receipt.warningsRaised;
  }
  return raised;
}

/**
 * Warnings in every state of the closed loop: department data sent on past days raises them; in the demo
 * streets the caseworkers visited, handled and closed most of the older ones (some late), a few are still
 * being worked on; the newest, city-wide, wait to be assigned or visited, and the overdue ones escalate.
 */
export async function seedWarnings(ctx: AppContext, staff: DemoStaff, random: () => number, now: Date): Promise<WarningTally> {
  const tally: WarningTally = { raised: 0, visited: 0, handled: 0, closed: 0, escalated: 0 };
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  const today = todayInShanghai(now);
  // Demo loader only: one read of the registry it has just generated, to pick whom the departments' rows are about.
  const elderly = await registry
    .selectFrom('registry.persons')
    .select(['id', 'residence_division'])
    .where('death_date', 'is', null)
    .where('birth_date', '<=', addDays(today, -70 * 366))
    .orderBy('id')
    .execute();
  const shuffled = elderly
    .map((p) => ({ p, k: random() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.p);
  const inDemo = shuffled.filter((p) => DEMO_STREETS.some((s) => p.residence_division.startsWith(s.slice(0, 9)))).slice(0, 30);
  const elsewhere = shuffled.filter((p) => !inDemo.includes(p)).slice(0, 60);

  // Older warnings in the demo streets, on six days of the last five weeks.
  for (let day = 0; day < 6; day++) {
    const at = new Date(`${addDays(today, -35 + day * 6)}T01:30:00Z`);
    const people = inDemo.filter((_, i) => i % 6 === day);
    tally.raised += await send(
      monitoringDeps(ctx, clockAt(at)),
      `demo-${today}-d${day}`,
      people.map((p, i) => rowFor((i + day) % 3, p.id, at)),
    );
  }
  for (const street of DEMO_STREETS) {
    const worker = await staff.caseworker(street);
    const page = await listWarnings(monitoringDeps(ctx, clockAt(now)), worker, { division: street, limit: 200 });
    for (const w of page.items) {
      const raised = new Date(w.raisedAt);
      const fate = random();
      // 20 % still open (assigned, overdue by now); the rest visited, most handled (some after the limit), most of those closed.
      if (fate < 0.2) continue;
      const visitAt = new Date(raised.getTime() + (3 + random() * 10) * HOUR);
      // No advisor in the committee: the street's caseworker takes it (派单) before going.
      if (w.status === 'new') await assignWarning(monitoringDeps(ctx, clockAt(new Date(raised.getTime() + HOUR))), worker, w.id, { userId: worker.userId, note: '街镇经办人员自行承接' });
      await recordWarningVisit(monitoringDeps(ctx, clockAt(visitAt)), worker, w.id, { visitedOn: todayInShanghai(visitAt), findings: '上门核实：老人在家，身体状况与家庭情况已了解' });
      tally.visited += 1;
      if (fate < 0.35) continue;
      const handleAt = new Date(visitAt.getTime() + (fate > 0.9 ? 30 : 2 + random() * 8) * HOUR);
      const outcome = fate < 0.6 ? 'referred_service' : fate < 0.8 ? 'referred_case' : 'no_action';
      await handleWarning(monitoringDeps(ctx, clockAt(handleAt)), worker, w.id, {
        outcome,
        reason: outcome === 'no_action' ? '核实后家庭生活无困难' : outcome === 'referred_case' ? '家庭符合临时救助条件，转介救助申请' : '需要助餐与上门照护服务',
        reference: outcome === 'referred_service' ? '街道社区综合为老服务中心' : outcome === 'referred_case' ? '街道社区事务受理服务中心' : undefined,
      });
      tally.handled += 1;
      if (fate > 0.5) {
        await closeWarning(monitoringDeps(ctx, clockAt(new Date(handleAt.getTime() + 24 * HOUR))), worker, w.id, { note: '已转介并回访，办结' });
        tally.closed += 1;
      }
    }
  }
  // Two days ago and this morning across the city: not yet visited; the older ones are past their limits.
  const recent = [new Date(now.getTime() - 50 * HOUR), new Date(now.getTime() - 2 * HOUR)];
  for (const [i, at] of recent.entries()) {
    const people = elsewhere.filter((_, j) => j % 2 === i);
    tally.raised += await send(
      monitoringDeps(ctx, clockAt(at)),
      `demo-${today}-r${i}`,
      people.map((p, j) => rowFor(j % 3, p.id, at)),
    );
  }
  tally.escalated = (await escalateOverdue(monitoringDeps(ctx, clockAt(now)))).escalated.length;
  return tally;
}
