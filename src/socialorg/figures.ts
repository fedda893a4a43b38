/**
 * The leader's figures: organisations by type, level and district; new and ended by year; the annual
 * inspection's 参检率 and 合格率（含基本合格）; list entries; charities and public fundraisers.
 * 合格率 divides by those that took part (the seeds do not say which; reference §6: default participants).
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { divisionPrefix, invalid } from '../kernel/index.js';
import { mustReportIfRegisteredBy } from './annual.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { loadSettings } from './settings.js';

export interface SocialorgFigures {
  year: number;
  active: { orgType: string; level: string; districtCode: string; count: number }[];
  byYear: { year: number; established: number; ended: number }[];
  inspection: { required: number; filed: number; concluded: number; passed: number; participationPercent: number; passPercent: number };
  lists: { list: string; open: number }[];
  charities: number;
  fundraisers: number;
}

const pct = (a: number, b: number) => (b === 0 ? 0 : Math.round((a * 10000) / b) / 100);

export async function socialorgFigures(deps: SocialorgDeps, actor: Actor, year: number): Promise<SocialorgFigures> {
  requirePermission(actor, 'socialorg.read');
  if (!Number.isInteger(year) || year < 1990 || year > 2999) throw invalid('SOCIALORG_INVALID_YEAR', `年度无效：${year}`);
  const db = tables(deps);
  const scope = `${divisionPrefix(actor.jurisdiction)}%`;
  const settings = await loadSettings(db, today(deps));
  const active = await sql<{ org_type: string; level: string; district_code: string; n: number }>`
    select org_type, level, district_code, count(*)::int as n from socialorg.organisations
     where status in ('registered', 'liquidating') and registrar_division like ${scope}
     group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  const byYear = await sql<{ year: number; established: number; ended: number }>`
    with ys as (
      select extract(year from registered_on)::int as year, 1 as est, 0 as ended from socialorg.organisations where registered_on is not null and registrar_division like ${scope}
      union all
      select extract(year from ended_on)::int, 0, 1 from socialorg.organisations where ended_on is not null and registered_on is not null and registrar_division like ${scope}
    ) select year, sum(est)::int as established, sum(ended)::int as ended from ys group by year order by year`.execute(db);
  const registeredBy = mustReportIfRegisteredBy(settings, year);
  const [inspection] = (
    await sql<{ required: number; filed: number; concluded: number; passed: number }>`
    select count(*)::int as required,
           count(r.year)::int as filed,
           count(r.conclusion)::int as concluded,
           count(*) filter (where r.conclusion in ('pass', 'basic_pass'))::int as passed
      from socialorg.organisations o
      left join socialorg.annual_reports r on r.organisation_id = o.id and r.year = ${year}
     where o.registered_on <= ${registeredBy}::date and (o.ended_on is null or o.ended_on > ${`${year}-12-31`}::date)
       and o.registrar_division like ${scope}`.execute(db)
  ).rows;
  const lists = await sql<{ list: string; n: number }>`
    select e.list, count(distinct e.organisation_id)::int as n from socialorg.list_entries e join socialorg.organisations o on o.id = e.organisation_id
     where e.removed_on is null and o.registrar_division like ${scope} group by 1 order by 1`.execute(db);
  const [charity] = (
    await sql<{ charities: number; fundraisers: number }>`
    select count(charity_since)::int as charities, count(fundraising_since)::int as fundraisers from socialorg.organisations
     where status in ('registered', 'liquidating') and registrar_division like ${scope}`.execute(db)
  ).rows;
  return {
    year,
    active: active.rows.map((r) => ({ orgType: r.org_type, level: r.level, districtCode: r.district_code, count: Number(r.n) })),
    byYear: byYear.rows.map((r) => ({ year: Number(r.year), established: Number(r.established), ended: Number(r.ended) })),
    inspection: { ...inspection, participationPercent: pct(inspection.filed, inspection.required), passPercent: pct(inspection.passed, inspection.concluded) },
    lists: lists.rows.map((r) => ({ list: r.list, open: Number(r.n) })),
    charities: charity.charities,
    fundraisers: charity.fundraisers,
  };
}
