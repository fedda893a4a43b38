/**
 * Figures (no personal data): registrations by month and office, 全国通办 share, mean age at first marriage, cooling-off
 * outcomes — for the city, or for one district (its office: one registry per district), as the cockpit drills down.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { requirePermission } from '../access/index.js';
import { divisionLevel, invalid, normaliseDivisionCode } from '../kernel/index.js';
import { tables, type MarriageDeps } from './deps.js';

export interface MarriageFigures {
  year: number;
  /** The district's office when the figures are for one district; null for the whole city. */
  office: { id: number; name: string; districtCode: string } | null;
  byMonth: { month: string; officeId: number | null; officeName: string; districtCode: string | null; marriages: number; divorcesAgreement: number; divorcesCourt: number }[];
  /** Native marriages where neither party has a Shanghai 户籍 (全国通办 / 跨省). */
  nationwideShare: { marriages: number; nationwide: number; percent: number };
  meanAgeFirstMarriage: { men: number | null; women: number | null };
  coolingOff: { withdrawn: number; deemedWithdrawn: number; registered: number; refused: number; ended: number };
}

export async function marriageFigures(deps: MarriageDeps, actor: Actor, year: number, division?: string): Promise<MarriageFigures> {
  requirePermission(actor, 'marriage.figures');
  if (!Number.isInteger(year) || year < 1950 || year > 2100) throw invalid('MARRIAGE_INVALID_YEAR', '年份无效');
  const db = tables(deps);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const office = division === undefined ? null : await districtOffice(deps, division);
  // One office's figures: the marriages, certificates and applications it holds (a court divorce counts where the marriage was registered).
  const mine = (column: string) => (office ? sql`${sql.ref(column)} = ${office.id}` : sql`true`);
  const rows = await sql<{ month: string; office_id: number | null; name: string | null; district_code: string | null; marriages: string; agreement: string; court: string }>`
    with m as (
      select to_char(registered_on, 'YYYY-MM') as month, office_id, 1 as marriages, 0 as agreement, 0 as court from marriage.marriages where registered_on between ${from} and ${to} and provenance = 'native'
      union all
      select to_char(c.issued_on, 'YYYY-MM'), c.office_id, 0, 1, 0 from marriage.certificates c where c.kind = 'L' and c.issued_on between ${from} and ${to}
      union all
      select to_char(j.effective_on, 'YYYY-MM'), mm.office_id, 0, 0, 1 from marriage.judgements j join marriage.marriages mm on mm.id = j.marriage_id where j.kind = 'divorce' and j.effective_on between ${from} and ${to}
    )
    select m.month, m.office_id, o.name, o.district_code, sum(marriages)::text as marriages, sum(agreement)::text as agreement, sum(court)::text as court
    from m left join marriage.offices o on o.id = m.office_id where ${mine('m.office_id')}
    group by m.month, m.office_id, o.name, o.district_code order by m.month, m.office_id`.execute(db);
  const share = await db
    .selectFrom('marriage.marriages')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('id').filterWhere('husband_hukou_sh', '=', false).filterWhere('wife_hukou_sh', '=', false).as('nationwide')])
    .where('provenance', '=', 'native')
    .where('registered_on', '>=', from)
    .where('registered_on', '<=', to)
    .$if(office !== null, (q) => q.where('office_id', '=', office?.id ?? 0))
    .executeTakeFirstOrThrow();
  const ages = await sql<{ men: string | null; women: string | null }>`
    select round(avg(case when first_marriage_husband then extract(year from age(registered_on, husband_birth)) end)::numeric, 1)::text as men,
           round(avg(case when first_marriage_wife then extract(year from age(registered_on, wife_birth)) end)::numeric, 1)::text as women
    from marriage.marriages where provenance = 'native' and registered_on between ${from} and ${to} and ${mine('office_id')}`.execute(db);
  const outcomes = await db
    .selectFrom('marriage.divorce_actions as a')
    .innerJoin('marriage.divorce_applications as d', 'd.id', 'a.application_id')
    .select(['a.kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('a.on_day', '>=', from)
    .where('a.on_day', '<=', to)
    .$if(office !== null, (q) => q.where('d.office_id', '=', office?.id ?? 0))
    .groupBy('a.kind')
    .execute();
  const count = (k: string) => Number(outcomes.find((o) => o.kind === k)?.n ?? 0);
  const n = Number(share.n);
  const nationwide = Number(share.nationwide);
  return {
    year,
    office,
    byMonth: rows.rows.map((r) => ({
      month: r.month,
      officeId: r.office_id,
      officeName: r.name ?? '历史档案',
      districtCode: r.district_code,
      marriages: Number(r.marriages),
      divorcesAgreement: Number(r.agreement),
      divorcesCourt: Number(r.court),
    })),
    nationwideShare: { marriages: n, nationwide, percent: n ? Math.round((nationwide / n) * 1000) / 10 : 0 },
    meanAgeFirstMarriage: { men: ages.rows[0]?.men ? Number(ages.rows[0].men) : null, women: ages.rows[0]?.women ? Number(ages.rows[0].women) : null },
    coolingOff: { withdrawn: count('withdrawn'), deemedWithdrawn: count('deemed_withdrawn'), registered: count('registered'), refused: count('refused'), ended: count('ended') },
  };
}

/** The office of the district a division code lies in (a street's figures are its district's office's); the city → null. */
async function districtOffice(deps: MarriageDeps, division: string): Promise<MarriageFigures['office']> {
  const code = normaliseDivisionCode(division);
  if (!code) throw invalid('MARRIAGE_INVALID_DIVISION', '区划代码无效（6、9 或 12 位数字）');
  if (divisionLevel(code) === 'province') return null;
  const o = await tables(deps)
    .selectFrom('marriage.offices')
    .select(['id', 'name', 'district_code'])
    .where('district_code', '=', `${code.slice(0, 6)}000000`)
    .executeTakeFirst();
  if (!o) throw invalid('MARRIAGE_UNKNOWN_OFFICE', '该区划没有本市婚姻登记机关');
  return { id: o.id, name: o.name, districtCode: o.district_code };
}
