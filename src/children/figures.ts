/**
 * The cockpit's figures: children by category and district, allowances by month, first-visit time (p90) vs the
 * SLA, 儿童主任 coverage, indicator 11 (trained workers: 22 in 2020 → ≥ 500 in 2025, the plan) and the 两项补贴 vs
 * 2024 (seed 2024 总结: 生活补贴 8.66万人 3.74亿元, 护理补贴 21.97万人 5.13亿元). Counts are the only personal
 * figures here; outside district staff a cell below 5 shows as "<5" (small cells identify children).
 */
import { paidByMonth } from '../monitoring/index.js';
import type { Actor } from '../access/index.js';
import { jurisdictionPrefix } from '../access/index.js';
import { addMonths, currentMonthInShanghai, type Month } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { allowRead } from './guard.js';
import { CATEGORIES, categoryNames, SUBSIDY_KINDS, subsidyKindNames, type Category } from './model.js';
import { protectionFigures, type ProtectionFigures } from './protection.js';
import { rehabCoverage, type RehabCoverage } from './rehab.js';
import { loadSettings } from './settings.js';

export type Cell = number | '<5';

export interface ChildrenFigures {
  suppressed: boolean;
  byDistrict: { districtCode: string; districtName: string; counts: Record<Category, Cell>; total: Cell }[];
  categories: { category: Category; name: string }[];
  allowancesByMonth: { month: Month; children: Cell; totalFen: number }[];
  firstVisit: { measured: number; p90Hours: number | null; slaHours: number };
  directorCoverage: { committees: number; withDirector: number; percent: number | null };
  trainedWorkers: { count: number; target2025: number; baseline2020: number };
  subsidies: { kind: string; name: string; recipients: number; yearFen: number; baseline2024: { recipients: number; yearFen: number } }[];
  protection: ProtectionFigures;
  /** 精神障碍社区康复: street coverage on the day vs the target (reference §4.4). */
  rehab: RehabCoverage;
}

const BASELINE_2024 = { living: { recipients: 86_600, yearFen: 37_400_000_000 }, care: { recipients: 219_700, yearFen: 51_300_000_000 } } as const;

export async function childrenFigures(deps: ChildrenDeps, actor: Actor): Promise<ChildrenFigures> {
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'children.figures', action: 'children.figures.read', entityType: 'division', entityId: actor.jurisdiction });
  const prefix = `${jurisdictionPrefix(actor)}%`;
  const suppressed = actor.role !== 'district_staff';
  const cell = (n: number): Cell => (suppressed && n > 0 && n < 5 ? '<5' : n);
  const on = today(deps);
  const s = await loadSettings(db, on);

  const counts = await db
    .selectFrom('children.cases')
    .select(['district_code', 'category', (eb) => eb.fn.countAll<string>().as('n')])
    .where('division_code', 'like', prefix)
    .where('status', '=', 'decided')
    .groupBy(['district_code', 'category'])
    .execute();
  const districts = [...new Set(counts.map((c) => c.district_code))].sort();
  const names = new Map(districts.length ? (await db.withTables<RegistryTables>().selectFrom('registry.divisions').select(['code', 'name']).where('code', 'in', districts).execute()).map((d) => [d.code, d.name]) : []);
  const byDistrict = districts.map((d) => {
    const row = Object.fromEntries(CATEGORIES.map((c) => [c, cell(Number(counts.find((x) => x.district_code === d && x.category === c)?.n ?? 0))])) as Record<Category, Cell>;
    const total = counts.filter((x) => x.district_code === d).reduce((n, x) => n + Number(x.n), 0);
    return { districtCode: d, districtName: names.get(d) ?? d, counts: row, total: cell(total) };
  });

  const since = addMonths(currentMonthInShanghai(deps.clock.now()), -11);
  const months = await paidByMonth(deps.db, 'child_plight_allowance', prefix, since);

  const firsts = await db.selectFrom('children.cases').select(['reported_on', 'first_visit_on', 'no_carer']).where('division_code', 'like', prefix).where('first_visit_on', 'is not', null).execute();
  const hours = firsts.map((f) => (Date.parse(f.first_visit_on as string) - Date.parse(f.reported_on)) / 3_600_000).sort((a, b) => a - b);
  const p90 = hours.length ? (hours[Math.min(hours.length - 1, Math.ceil(hours.length * 0.9) - 1)] as number) : null;

  const reg = db.withTables<RegistryTables>();
  const committees = Number(
    (
      await reg
        .selectFrom('registry.divisions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('level', '=', 'committee')
        .where('valid_to', 'is', null)
        .where('code', 'like', prefix)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const withDirector = Number(
    (
      await db
        .selectFrom('children.workers')
        .select((eb) => eb.fn.count<string>('division_code').distinct().as('n'))
        .where('role', '=', 'child_director')
        .where('division_code', 'like', prefix)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const trained = Number(
    (
      await db
        .selectFrom('children.workers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('trained_on', 'is not', null)
        .where('division_code', 'like', prefix)
        .executeTakeFirstOrThrow()
    ).n,
  );

  const year = on.slice(0, 4);
  const subsidies = [];
  for (const kind of SUBSIDY_KINDS) {
    const r = await db
      .selectFrom('children.subsidy_payments')
      .select([(eb) => eb.fn.count<string>('person_id').distinct().as('n'), (eb) => eb.fn.sum<string>('amount_fen').as('fen')])
      .where('kind', '=', kind)
      .where('division_code', 'like', prefix)
      .where('month', 'like', `${year}-%`)
      .executeTakeFirstOrThrow();
    subsidies.push({ kind, name: subsidyKindNames[kind], recipients: Number(r.n), yearFen: Number(r.fen ?? 0), baseline2024: BASELINE_2024[kind] });
  }
  return {
    suppressed,
    byDistrict,
    categories: CATEGORIES.map((c) => ({ category: c, name: categoryNames[c] })),
    allowancesByMonth: months.map((m) => ({ month: m.month, children: cell(m.count), totalFen: m.totalFen })),
    firstVisit: { measured: hours.length, p90Hours: p90, slaHours: s.firstDays * 24 },
    directorCoverage: { committees, withDirector, percent: committees ? Math.round((withDirector / committees) * 1000) / 10 : null },
    trainedWorkers: { count: trained, target2025: 500, baseline2020: 22 },
    subsidies,
    // Indicator 10 is assessed for a whole year: last year's result until this year's is in.
    protection: await protectionFigures(db, jurisdictionPrefix(actor), await latestAssessedYear(db, Number(year))),
    rehab: await rehabCoverage(db, jurisdictionPrefix(actor), on, s.rehabCoverageTargetPercent, suppressed),
  };
}

/** The latest year with a 达标 result (indicator 10 is assessed once a year), else this year. */
async function latestAssessedYear(db: ReturnType<typeof tables>, thisYear: number): Promise<number> {
  const row = await db
    .selectFrom('children.protection_assessments')
    .select((eb) => eb.fn.max<number | null>('year').as('y'))
    .where('year', '<=', thisYear)
    .executeTakeFirst();
  return row?.y ?? thisYear;
}
