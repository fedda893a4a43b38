/**
 * The leader's figures: organisations by type, level and district; new and ended by year; the annual
 * inspection's 参检率 and 合格率（含基本合格）; grading (graded, evaluation rate against its target, 3A+ share, 5A);
 * list entries; charities, public fundraisers and trusts; the year's spending breaches; certified social workers
 * (imported dated figures, social-workers.ts) against the plan's target.
 * 合格率 divides by those that took part (the seeds do not say which; reference §6: default participants).
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { divisionPrefix, invalid } from '../kernel/index.js';
import { mustReportIfRegisteredBy } from './annual.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { loadSettings, type SocialorgSettings } from './settings.js';
import { socialWorkerFigures, type SocialWorkerFigure } from './social-workers.js';
import { checkSpending } from './spending.js';
import type { OrgType, SocialorgDb } from './model.js';

export interface SocialorgFigures {
  year: number;
  active: { orgType: string; level: string; districtCode: string; count: number }[];
  byYear: { year: number; established: number; ended: number }[];
  inspection: { required: number; filed: number; concluded: number; passed: number; participationPercent: number; passPercent: number };
  lists: { list: string; open: number }[];
  charities: number;
  fundraisers: number;
  /** Grades in force on the figures' day (the year's 31 December, or today for the running year). */
  grading: { asOf: string; graded: number; evaluationRatePercent: number; targetPercent: number; threeAPlus: number; threeAPlusPercent: number; fiveA: number };
  trusts: { filed: number; published: number };
  /** Charities whose spending check of the year could be made (both reports there), and those that failed it. */
  spending: { checked: number; breaches: number; breachedNames: string[] };
  socialWorkers: { latest: SocialWorkerFigure | null; targetPeople: number; targetSource: string; progressPercent: number | null; series: SocialWorkerFigure[] };
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
  const asOf = [`${year}-12-31`, today(deps)].sort()[0] as string;
  const [grading] = (
    await sql<{ graded: number; three: number; five: number }>`
    select count(distinct g.organisation_id)::int as graded,
           count(distinct g.organisation_id) filter (where g.grade >= 3)::int as three,
           count(distinct g.organisation_id) filter (where g.grade = 5)::int as five
      from socialorg.grades g join socialorg.organisations o on o.id = g.organisation_id
     where g.evaluated_on <= ${asOf}::date and g.valid_until >= ${asOf}::date and (g.expired_on is null or g.expired_on > ${asOf}::date)
       and o.status in ('registered', 'liquidating') and o.registrar_division like ${scope}`.execute(db)
  ).rows;
  const [trusts] = (
    await sql<{ filed: number; published: number }>`
    select count(*)::int as filed, count(published_on)::int as published from socialorg.charitable_trusts
     where registrar_division like ${scope} and filed_on <= ${asOf}::date`.execute(db)
  ).rows;
  const activeTotal = active.rows.reduce((n, r) => n + Number(r.n), 0);
  const series = await socialWorkerFigures(db);
  const latest = [...series].reverse().find((f) => f.asOf <= asOf) ?? null;
  const targetPeople = settings.num('figures.socialWorkersTarget');
  return {
    year,
    active: active.rows.map((r) => ({ orgType: r.org_type, level: r.level, districtCode: r.district_code, count: Number(r.n) })),
    byYear: byYear.rows.map((r) => ({ year: Number(r.year), established: Number(r.established), ended: Number(r.ended) })),
    inspection: { ...inspection, participationPercent: pct(inspection.filed, inspection.required), passPercent: pct(inspection.passed, inspection.concluded) },
    lists: lists.rows.map((r) => ({ list: r.list, open: Number(r.n) })),
    charities: charity.charities,
    fundraisers: charity.fundraisers,
    grading: {
      asOf,
      graded: grading.graded,
      evaluationRatePercent: pct(grading.graded, activeTotal),
      targetPercent: settings.num('figures.evaluationRateTarget'),
      threeAPlus: grading.three,
      threeAPlusPercent: pct(grading.three, grading.graded),
      fiveA: grading.five,
    },
    trusts,
    spending: await spendingBreaches(db, scope, year, settings),
    socialWorkers: {
      latest,
      targetPeople,
      targetSource: settings.used['figures.socialWorkersTarget'].source,
      progressPercent: latest ? pct(latest.certified, targetPeople) : null,
      series: series.filter((f) => f.asOf <= asOf),
    },
  };
}

/**
 * The year's spending check (spending.ts) over every charity of the scope in one read of their reports (the year
 * and the three before it): a charity is checked when both the year's and the previous year's reports are there.
 */
async function spendingBreaches(db: SocialorgDb, scope: string, year: number, settings: SocialorgSettings): Promise<SocialorgFigures['spending']> {
  const rows = (
    await sql<{ id: number; name: string; org_type: OrgType; fundraising: boolean; year: number; income_fen: string; net_assets_fen: string; expenditure_fen: string; charitable_spending_fen: string; management_cost_fen: string }>`
    select o.id, o.name, o.org_type, (o.fundraising_since is not null and o.fundraising_since <= ${`${year}-12-31`}::date) as fundraising,
           r.year, r.income_fen, r.net_assets_fen, r.expenditure_fen, r.charitable_spending_fen, r.management_cost_fen
      from socialorg.organisations o join socialorg.annual_reports r on r.organisation_id = o.id and r.year between ${year - 3} and ${year}
     where o.charity_since <= ${`${year}-12-31`}::date and o.registrar_division like ${scope}
     order by o.id, r.year desc`.execute(db)
  ).rows;
  const byOrg = new Map<number, typeof rows>();
  for (const r of rows) byOrg.set(Number(r.id), [...(byOrg.get(Number(r.id)) ?? []), r]);
  let checked = 0;
  const breachedNames: string[] = [];
  for (const reports of byOrg.values()) {
    const [current, ...previous] = reports;
    if (!current || current.year !== year || previous[0]?.year !== year - 1) continue;
    const consecutive = previous.filter((r, i) => r.year === year - 1 - i);
    const result = checkSpending(
      {
        orgType: current.org_type,
        fundraising: current.fundraising,
        current: { expenditureFen: Number(current.expenditure_fen), charitableSpendingFen: Number(current.charitable_spending_fen), managementCostFen: Number(current.management_cost_fen) },
        previous: consecutive.map((r) => ({ incomeFen: Number(r.income_fen), netAssetsFen: Number(r.net_assets_fen) })),
      },
      settings,
    );
    checked++;
    if (!result.ok) breachedNames.push(current.name);
  }
  return { checked, breaches: breachedNames.length, breachedNames: breachedNames.sort().slice(0, 50) };
}
