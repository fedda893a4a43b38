/**
 * Figures of the funeral line for the cockpit: deaths by month, district and source; cremations; 节地生态安葬率
 * (plan indicator 15: in commercial cemeteries, burials in newly opened areas with plots ≤ `kpi.smallPlotM2` m²
 * over all burials of the year, against `kpi.ecoTargetPercent`); sea burials; subsidies paid; days from death to
 * a complete checklist.
 */
import { sql } from 'kysely';
import { jurisdictionPrefix, requirePermission, type Actor } from '../access/index.js';
import { invalid, type Fen } from '../kernel/index.js';
import { allowRead, tables, type FuneralDeps } from './deps.js';
import { settingOn } from './setting-defs.js';

export interface FuneralFigures {
  year: number;
  deathsByMonth: { month: string; count: number }[];
  deathsBySource: { source: string; count: number }[];
  deathsByDistrict: { district: string; count: number }[];
  cremations: number;
  ecoBurial: { small: number; total: number; percent: number | null; targetPercent: number };
  seaBurials: number;
  subsidies: { kind: string; count: number; amountFen: Fen; paidFen: Fen }[];
  checklists: { complete: number; open: number; averageDays: number | null };
}

export async function funeralFigures(deps: FuneralDeps, actor: Actor, query: { year: number }): Promise<FuneralFigures> {
  requirePermission(actor, 'funeral.read');
  const year = Number(query.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('FUNERAL_INVALID_YEAR', '年度有误');
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.figures.read', entityType: 'figures', detail: { year } });
  const prefix = `${jurisdictionPrefix(actor)}%`;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const deaths = db.selectFrom('funeral.deaths as d').where('d.death_date', '>=', from).where('d.death_date', '<=', to).where('d.residence_division', 'like', prefix);
  const byMonth = await deaths
    .select([sql<string>`to_char(d.death_date, 'YYYY-MM')`.as('month'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const bySource = await deaths
    .select(['d.source', sql<string>`count(*)`.as('n')])
    .groupBy('d.source')
    .orderBy('d.source')
    .execute();
  const byDistrict = await deaths
    .select([sql<string>`substr(d.residence_division, 1, 6)`.as('district'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const cremations = await deaths.innerJoin('funeral.cremations as c', 'c.death_id', 'd.id').select(sql<string>`count(*)`.as('n')).where('c.cremated_on', 'is not', null).executeTakeFirstOrThrow();
  const smallM2 = Number(settingOn('kpi.smallPlotM2', to).value);
  const target = Number(settingOn('kpi.ecoTargetPercent', to).value);
  const plots = await db
    .selectFrom('funeral.plots as p')
    .innerJoin('funeral.units as u', 'u.id', 'p.unit_id')
    .select([sql<string>`count(*)`.as('total'), sql<string>`count(*) filter (where p.new_area and p.area_m2 <= ${smallM2})`.as('small')])
    .where('u.kind', '=', 'cemetery_commercial')
    .where('u.division_code', 'like', prefix)
    .where('p.buried_on', '>=', from)
    .where('p.buried_on', '<=', to)
    .executeTakeFirstOrThrow();
  const sea = await db
    .selectFrom('funeral.plots as p')
    .innerJoin('funeral.units as u', 'u.id', 'p.unit_id')
    .select(sql<string>`count(*)`.as('n'))
    .where('p.burial_type', '=', 'sea')
    .where('u.division_code', 'like', prefix)
    .where('p.buried_on', '>=', from)
    .where('p.buried_on', '<=', to)
    .executeTakeFirstOrThrow();
  const seaSubsidies = await db
    .selectFrom('funeral.subsidies as s')
    .innerJoin('funeral.deaths as d', 'd.id', 's.death_id')
    .select(sql<string>`count(*)`.as('n'))
    .where('s.kind', '=', 'sea')
    .where('d.death_date', '>=', from)
    .where('d.death_date', '<=', to)
    .where('d.residence_division', 'like', prefix)
    .executeTakeFirstOrThrow();
  const subsidies = await deaths
    .innerJoin('funeral.subsidies as s', 's.death_id', 'd.id')
    .select(['s.kind', sql<string>`count(*)`.as('n'), sql<string>`sum(s.amount_fen)`.as('fen'), sql<string>`coalesce(sum(s.amount_fen) filter (where s.status = 'paid'), 0)`.as('paid')])
    .groupBy('s.kind')
    .orderBy('s.kind')
    .execute();
  const checklists = await deaths
    .select([
      sql<string>`count(*) filter (where d.completed_at is not null)`.as('complete'),
      sql<string>`count(*) filter (where d.completed_at is null)`.as('open'),
      sql<string | null>`avg(extract(epoch from (d.completed_at - d.opened_at)) / 86400) filter (where d.completed_at is not null)`.as('days'),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(plots.total);
  const small = Number(plots.small);
  return {
    year,
    deathsByMonth: byMonth.map((r) => ({ month: r.month, count: Number(r.n) })),
    deathsBySource: bySource.map((r) => ({ source: r.source, count: Number(r.n) })),
    deathsByDistrict: byDistrict.map((r) => ({ district: `${r.district}000000`, count: Number(r.n) })),
    cremations: Number(cremations.n),
    ecoBurial: { small, total, percent: total ? Math.round((small / total) * 1000) / 10 : null, targetPercent: target },
    seaBurials: Math.max(Number(sea.n), Number(seaSubsidies.n)),
    subsidies: subsidies.map((r) => ({ kind: r.kind, count: Number(r.n), amountFen: Number(r.fen), paidFen: Number(r.paid) })),
    checklists: { complete: Number(checklists.complete), open: Number(checklists.open), averageDays: checklists.days === null ? null : Math.round(Number(checklists.days) * 10) / 10 },
  };
}
