import { performance } from 'node:perf_hooks';
import type { AccessTables } from '../access/index.js';
import type { AppContext } from '../context.js';
import { dispatchOutbox } from '../db/index.js';
import { addDays, addMonths, monthOf, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { eventHandlers } from '../modules.js';
import { grantAllowances, monitoringDeps } from '../monitoring/index.js';
import { eligibleHouseholds, rng } from '../policy/index.js';
import { CaseWork, monthsBack, type AssistanceTally, type CasePlan } from './lived-in-assistance.js';
import { seedEldercareLife, type EldercareTally } from './lived-in-eldercare.js';
import { scheduleDiscovery, type LeadTally } from './lived-in-leads.js';
import { DemoStaff } from './lived-in-staff.js';
import { Timeline } from './lived-in-timeline.js';
import { seedWarnings, type WarningTally } from './lived-in-warnings.js';

export interface LivedInOptions {
  seed: number;
  /** The demo's "now" (default: the real one); the year before it is what gets lived. */
  now?: Date;
  /** Households taken into the caseload before the discovery run (the rest are left for it to find). */
  maxCaseload?: number;
  /** Leads the advisors work on after the discovery run. */
  maxLeadsWorked?: number;
}

export interface LivedInSummary {
  assistance: AssistanceTally;
  leads: LeadTally;
  warnings: WarningTally;
  eldercare: EldercareTally;
  /** Steps the product refused, by error code (a household found ineligible on the day, …). */
  refused: Record<string, number>;
  /** Seconds per phase (reported at start: the demo's first start should stay short). */
  phases: Record<string, number>;
  seconds: number;
}

const CITY = '310000000000';
const streetOf = (code: string) => `${code.slice(0, 9)}000`;

/**
 * A lived-in year for the demo city, done through the modules' own functions on their own dates: 低保 and
 * 特困 cases applied for over the past year (most approved, some refused, a few stopped), paid month by month,
 * some due for review this month; a discovery run three months ago whose leads were contacted, applied and
 * approved; 免申即享 grants; warnings in every state; admissions, meals and rectifications in elderly care.
 * Deterministic for a seed and a day. Run once, after the demo city and the demo logins are loaded.
 */
export async function seedLivedInYear(ctx: AppContext, options: LivedInOptions): Promise<LivedInSummary> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let lap = started;
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round((t - lap) / 100) / 10;
    lap = t;
  };
  const now = options.now ?? new Date();
  const today = todayInShanghai(now);
  const random = rng(options.seed + 15);
  const staff = new DemoStaff(ctx.db.kysely.withTables<AccessTables>());
  const tl = new Timeline(today);
  const work = new CaseWork(ctx, tl, staff, today);
  const settle = async () => {
    await dispatchOutbox(ctx.db.kysely, eventHandlers());
  };

  // The caseload: households the policy engine found eligible half a year ago, in a seeded order.
  const policy = { db: ctx.db, databaseUrl: ctx.config.databaseUrl };
  const screened = monthsBack(today, 6);
  const candidates: Omit<CasePlan, 'appliedOn' | 'fate'>[] = [];
  for (const programme of ['dibao', 'destitute'] as const) {
    const { households } = await eligibleHouseholds(policy, { programme, divisionCode: CITY, month: screened, limit: 100_000 });
    for (const h of households) {
      if (programme === 'destitute' && !h.memberIds?.length) continue;
      candidates.push({ programme, householdId: h.householdId, beneficiaryPersonId: programme === 'destitute' ? h.memberIds?.[0] : undefined, streetCode: streetOf(h.divisionCode) });
    }
  }
  const seen = new Set<number>();
  const shuffled = candidates
    .map((c) => ({ c, k: random() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c)
    .filter((c) => !seen.has(c.householdId) && seen.add(c.householdId));
  const caseload = shuffled.slice(0, Math.min(options.maxCaseload ?? 60, Math.ceil(shuffled.length * 0.7)));

  const discoveryOn: IsoDate = `${monthsBack(today, 3)}-05`;
  const firstOfYearAgo: IsoDate = `${monthsBack(today, 12)}-01`;
  const earliest = addDays(today, -395);
  const span = Math.max(1, daysBetween(earliest, addDays(discoveryOn, -25)));
  for (const [i, c] of caseload.entries()) {
    // One in six approved in the same month a year ago: their yearly review falls due this month.
    const appliedOn = i % 6 === 0 ? addDays(firstOfYearAgo, Math.floor(random() * 18) - 11) : addDays(earliest, Math.floor(random() * span));
    const r = random();
    work.plan({ ...c, appliedOn, fate: r < 0.1 ? 'reject_after_visit' : r < 0.16 ? 'stop_later' : 'approve' });
  }
  work.schedulePayments(monthsBack(today, 12), monthOf(today));
  // 先行救助 for three households outside the caseload: one reviewed, one with its paperwork overdue, one due soon.
  // Each from its own few candidates: the first one the street can help.
  for (const [i, back] of [-30, -9, -1].entries()) {
    const pool = shuffled.slice(caseload.length + i * 4, caseload.length + i * 4 + 4);
    work.planEmergency(pool, addDays(today, back), i === 0 ? 'reviewed' : 'paperwork_open');
  }

  const leads: LeadTally = { found: 0, contacted: 0, applied: 0, declined: 0 };
  scheduleDiscovery(ctx, tl, staff, work, random, discoveryOn, monthsBack(today, 3), options.maxLeadsWorked ?? 40, leads, settle);
  // 老年综合津贴 runs of the last three months, early in each month.
  for (let m = monthsBack(today, 2); m <= monthOf(today); m = addMonths(m, 1)) {
    const month = m;
    const on = `${month}-03` > today ? today : `${month}-03`;
    tl.at(on, 'grants', async () => {
      await grantAllowances(monitoringDeps(ctx, { now: () => new Date(`${on}T02:00:00Z`) }), null, month);
    });
  }
  phase('screening');
  await tl.play();
  await settle();
  phase('year');
  for (const [kind, ms] of tl.spent) phases[`year.${kind}`] = Math.round(ms / 100) / 10;

  const warnings = await seedWarnings(ctx, staff, random, now);
  phase('warnings');
  const eldercare = await seedEldercareLife(ctx, random, now);
  await settle();
  phase('eldercare');
  return { assistance: work.tally, leads, warnings, eldercare, refused: Object.fromEntries(tl.refused), phases, seconds: (performance.now() - started) / 1000 };
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
