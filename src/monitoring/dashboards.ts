/**
 * 监测驾驶舱: counts only (no person is named), scoped to the actor's jurisdiction — warnings by type,
 * status and street with the overdue ones, the 政策找人 funnel, and what 免申即享 granted and paid.
 */
import { sql } from 'kysely';
import { requirePermission, scopeDivision, type Actor } from '../access/index.js';
import { divisionPrefix, normaliseDivisionCode, type Fen, type Month } from '../kernel/index.js';
import { tables, thisMonth, type MonitoringDeps } from './deps.js';
import { programmeNames } from './evaluate-policy.js';
import { autoProgrammeNames } from './grant-log.js';
import type { AutoProgramme, WarningType } from './model.js';
import { WARNING_TYPE_DEFS } from './rules.js';
import { warningStatusNames, type WarningStatus } from './warning-states.js';

export interface MonitoringDashboard {
  divisionCode: string;
  month: Month;
  warnings: {
    byType: { type: WarningType; name: string; open: number; total: number }[];
    byStatus: { status: WarningStatus; name: string; count: number }[];
    byStreet: { streetCode: string; open: number; overdue: number }[];
    overdue: number;
    escalated: number;
    /** Hours from raising to handling, per type: the time limits are kept when p90 stays under them. */
    handling: { type: WarningType; name: string; handled: number; medianHours: number; p90Hours: number; handledLate: number }[];
  };
  funnel: { programme: string; name: string; found: number; contacted: number; applied: number; approved: number }[];
  grants: { programme: AutoProgramme; name: string; active: number; grantedThisMonth: number; stoppedThisMonth: number; paidThisMonth: number; paidFenThisMonth: Fen }[];
}

export async function monitoringDashboard(deps: MonitoringDeps, actor: Actor, options: { division?: string; month?: Month } = {}): Promise<MonitoringDashboard> {
  requirePermission(actor, 'stats.read');
  const division = scopeDivision(actor, options.division ? (normaliseDivisionCode(options.division) ?? options.division) : undefined);
  const month = options.month ?? thisMonth(deps);
  const like = `${divisionPrefix(division)}%`;
  const now = deps.clock.now();
  const db = tables(deps);
  const open = sql<number>`count(*) filter (where status in ('new', 'assigned', 'visited'))::int`;
  const overdue = sql<number>`count(*) filter (where status in ('new', 'assigned', 'visited') and due_at < ${now})::int`;

  const byType = await db
    .selectFrom('monitoring.warnings')
    .select(['type', open.as('open'), sql<number>`count(*)::int`.as('total')])
    .where('division_code', 'like', like)
    .groupBy('type')
    .execute();
  const byStatus = await db
    .selectFrom('monitoring.warnings')
    .select(['status', sql<number>`count(*)::int`.as('count')])
    .where('division_code', 'like', like)
    .groupBy('status')
    .execute();
  const byStreet = await db
    .selectFrom('monitoring.warnings')
    .select(['street_code', open.as('open'), overdue.as('overdue')])
    .where('division_code', 'like', like)
    .groupBy('street_code')
    .orderBy('street_code')
    .execute();
  const totals = await db
    .selectFrom('monitoring.warnings')
    .select([overdue.as('overdue'), sql<number>`count(*) filter (where escalated_at is not null and status in ('new', 'assigned', 'visited'))::int`.as('escalated')])
    .where('division_code', 'like', like)
    .executeTakeFirstOrThrow();

  const handled = await db
    .selectFrom('monitoring.warnings as w')
    .innerJoin('monitoring.warning_actions as a', (join) => join.onRef('a.warning_id', '=', 'w.id').on('a.action', '=', 'handle'))
    .select([
      'w.type',
      sql<number>`count(*)::int`.as('handled'),
      sql<number>`percentile_cont(0.5) within group (order by extract(epoch from a.at - w.raised_at) / 3600)`.as('median'),
      sql<number>`percentile_cont(0.9) within group (order by extract(epoch from a.at - w.raised_at) / 3600)`.as('p90'),
      sql<number>`count(*) filter (where a.at > w.due_at)::int`.as('late'),
    ])
    .where('w.division_code', 'like', like)
    .groupBy('w.type')
    .execute();

  // One lead per household lists its programmes: the funnel counts a household under each programme it lists.
  const funnel = await db
    .selectFrom('monitoring.leads as l')
    .innerJoin('monitoring.lead_programmes as lp', 'lp.lead_id', 'l.id')
    .select([
      'lp.programme',
      sql<number>`count(distinct l.id)::int`.as('found'),
      sql<number>`count(distinct l.id) filter (where exists (select 1 from monitoring.lead_actions a where a.lead_id = l.id and a.action = 'contact'))::int`.as('contacted'),
      sql<number>`count(distinct l.id) filter (where l.status in ('applied', 'approved'))::int`.as('applied'),
      sql<number>`count(distinct l.id) filter (where l.status = 'approved')::int`.as('approved'),
    ])
    .where('l.division_code', 'like', like)
    .groupBy('lp.programme')
    .execute();

  const grants = await db
    .selectFrom('monitoring.benefit_grants as g')
    .select([
      'g.programme',
      sql<number>`count(*) filter (where g.status = 'active')::int`.as('active'),
      sql<number>`count(*) filter (where g.from_month = ${month})::int`.as('granted'),
      sql<number>`count(*) filter (where g.until_month = ${month})::int`.as('stopped'),
    ])
    .where('g.division_code', 'like', like)
    .groupBy('g.programme')
    .execute();
  const paid = await db
    .selectFrom('monitoring.allowance_payments')
    .select(['programme', sql<number>`count(*)::int`.as('count'), sql<number>`coalesce(sum(amount_fen), 0)::int8`.as('fen')])
    .where('month', '=', month)
    .where('division_code', 'like', like)
    .groupBy('programme')
    .execute();

  return {
    divisionCode: division,
    month,
    warnings: {
      byType: (Object.keys(WARNING_TYPE_DEFS) as WarningType[]).map((type) => {
        const row = byType.find((r) => r.type === type);
        return { type, name: WARNING_TYPE_DEFS[type].name, open: row?.open ?? 0, total: row?.total ?? 0 };
      }),
      byStatus: (Object.keys(warningStatusNames) as WarningStatus[]).map((status) => ({ status, name: warningStatusNames[status], count: byStatus.find((r) => r.status === status)?.count ?? 0 })),
      byStreet: byStreet.map((r) => ({ streetCode: r.street_code, open: r.open, overdue: r.overdue })),
      overdue: totals.overdue,
      escalated: totals.escalated,
      handling: handled.map((h) => ({
        type: h.type,
        name: WARNING_TYPE_DEFS[h.type].name,
        handled: h.handled,
        medianHours: Math.round(Number(h.median) * 10) / 10,
        p90Hours: Math.round(Number(h.p90) * 10) / 10,
        handledLate: h.late,
      })),
    },
    funnel: funnel.map((f) => ({ programme: f.programme, name: programmeNames[f.programme] ?? f.programme, found: f.found, contacted: f.contacted, applied: f.applied, approved: f.approved })),
    grants: (['elderly_allowance', 'orphan_allowance'] as const).map((programme) => {
      const g = grants.find((r) => r.programme === programme);
      const p = paid.find((r) => r.programme === programme);
      return { programme, name: autoProgrammeNames[programme], active: g?.active ?? 0, grantedThisMonth: g?.granted ?? 0, stoppedThisMonth: g?.stopped ?? 0, paidThisMonth: p?.count ?? 0, paidFenThisMonth: Number(p?.fen ?? 0) };
    }),
  };
}
