/**
 * Figures of adoption registration (no person): adoptions by year and by the child's kind (第1093条), dissolutions by
 * year and way, for the city or one district's office. 收养秘密: for roles that may not read the records (the figures'
 * readers outside the office), counts of 1–4 are shown as "<5" with the complementary cells (kernel small-counts).
 */
import { sql } from 'kysely';
import { hasPermission, requirePermission, type Actor } from '../access/index.js';
import { type HIDDEN_MARK, invalid, suppressSmallCounts, type SuppressionGroup } from '../kernel/index.js';
import { tables, type AdoptionDeps } from './deps.js';
import { CHILD_KIND_LABELS, CHILD_KINDS } from './model.js';
import { offices } from './offices.js';

type Count = number | typeof HIDDEN_MARK;

export interface AdoptionFigures {
  fromYear: number;
  toYear: number;
  office: { id: number; name: string } | null;
  suppressed: boolean;
  rows: { year: number; byKind: { kind: string; label: string; adoptions: Count }[]; adoptions: Count; dissolvedByAgreement: Count; dissolvedByCourt: Count }[];
}

export async function adoptionFigures(deps: AdoptionDeps, actor: Actor, query: { fromYear: number; toYear: number; division?: string }): Promise<AdoptionFigures> {
  requirePermission(actor, 'adoption.figures');
  const { fromYear, toYear } = query;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear || toYear - fromYear > 30) throw invalid('ADOPTION_INVALID_YEARS', '年份范围无效（起止年份，不超过30年）');
  const all = await offices(deps.db);
  const office = query.division ? all.find((o) => o.districtCode.slice(0, 6) === query.division?.slice(0, 6)) : undefined;
  if (query.division && !office) throw invalid('ADOPTION_UNKNOWN_DIVISION', '该区划没有收养登记机关');
  const mine = office ? sql`office_id = ${office.id}` : sql`true`;
  const registered = await sql<{ year: number; kind: string; n: string }>`
    select extract(year from registered_on)::int as year, child_kind as kind, count(*)::text as n from adoption.adoptions
    where registered_on between ${`${fromYear}-01-01`} and ${`${toYear}-12-31`} and ${mine} group by 1, 2`.execute(tables(deps));
  const dissolved = await sql<{ year: number; by: string; n: string }>`
    select extract(year from dissolved_on)::int as year, dissolved_by as by, count(*)::text as n from adoption.adoptions
    where dissolved_on between ${`${fromYear}-01-01`} and ${`${toYear}-12-31`} and ${mine} group by 1, 2`.execute(tables(deps));
  const counts = new Map<string, number>();
  const years: number[] = [];
  for (let y = fromYear; y <= toYear; y++) years.push(y);
  for (const y of years) {
    for (const k of CHILD_KINDS) counts.set(`${y}:${k}`, 0);
    counts.set(`${y}:total`, 0);
    counts.set(`${y}:agreement`, 0);
    counts.set(`${y}:court`, 0);
  }
  for (const r of registered.rows) {
    counts.set(`${r.year}:${r.kind}`, Number(r.n));
    counts.set(`${r.year}:total`, (counts.get(`${r.year}:total`) ?? 0) + Number(r.n));
  }
  for (const r of dissolved.rows) counts.set(`${r.year}:${r.by}`, Number(r.n));
  const suppress = !hasPermission(actor.role, 'adoption.read');
  const groups: SuppressionGroup[] = years.map((y) => ({ cells: CHILD_KINDS.map((k) => `${y}:${k}`), total: `${y}:total` }));
  const values = suppress ? suppressSmallCounts(counts, groups).values : counts;
  const at = (key: string): Count => values.get(key) ?? 0;
  return {
    fromYear,
    toYear,
    office: office ? { id: office.id, name: office.name } : null,
    suppressed: suppress,
    rows: years.map((y) => ({
      year: y,
      byKind: CHILD_KINDS.map((k) => ({ kind: k, label: CHILD_KIND_LABELS[k], adoptions: at(`${y}:${k}`) })),
      adoptions: at(`${y}:total`),
      dissolvedByAgreement: at(`${y}:agreement`),
      dissolvedByCourt: at(`${y}:court`),
    })),
  };
}
