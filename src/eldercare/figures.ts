/**
 * The figures of elderly care (养老服务指标): beds by type and district, the nursing-bed share and cognitive beds
 * against the five-year plan's targets, occupancy, the waitlist's length and waiting times. Computed from the
 * beds, stays and applications themselves; aggregates only (no personal data), scoped to the jurisdiction.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { addDays, divisionPrefix, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { requireRead, scopeOf } from './facilities.js';
import { loadSettings } from './settings.js';

export interface BedFigures {
  districtCode: string;
  nursing: number;
  cognitive: number;
  ordinary: number;
  total: number;
  basicGuarantee: number;
  occupied: number;
  /** Occupied ÷ total, in per cent with one decimal. */
  occupancyPercent: number;
  /** 护理型床位数 ÷ 养老床位数, per cent, one decimal (cognitive beds counted as set by the setting). */
  nursingSharePercent: number;
  familyCareBeds: number;
}

export interface WaitlistFigures {
  waiting: number;
  offered: number;
  byDistrict: { districtCode: string; waiting: number; offered: number }[];
  byGroup: { tier: number; waiting: number }[];
  /** Days waited so far by those still waiting. */
  currentWaitDays: { median: number | null; p90: number | null };
  /** Days from application to admission, admissions of the last 365 days. */
  admittedWaitDays: { median: number | null; p90: number | null; admissions: number };
}

export interface EldercareFigures {
  on: IsoDate;
  scope: string;
  institutions: number;
  mealPoints: number;
  communityCentres: number;
  dayCare: number;
  beds: BedFigures;
  byDistrict: BedFigures[];
  targets: {
    nursingShare: { targetPercent: number; actualPercent: number; met: boolean; cognitiveCountedAsNursing: boolean };
    cognitiveBeds: { target: number; actual: number; met: boolean; cityWide: boolean };
  };
  waitlist: WaitlistFigures;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : 0);

export async function eldercareFigures(deps: EldercareDeps, actor: Actor, query: { divisionCode?: string } = {}): Promise<EldercareFigures> {
  requireRead(actor);
  const scope = scopeOf(actor, query.divisionCode);
  const like = `${divisionPrefix(scope)}%`;
  const db = tables(deps);
  const on = today(deps);
  const settings = await loadSettings(db, on);
  const bedRows = await db
    .selectFrom('eldercare.beds as b')
    .innerJoin('eldercare.facilities as f', 'f.id', 'b.facility_id')
    .select('f.district_code')
    .select(sql<number>`count(*) filter (where f.kind = 'institution' and b.bed_type = 'nursing')::int`.as('nursing'))
    .select(sql<number>`count(*) filter (where f.kind = 'institution' and b.bed_type = 'cognitive')::int`.as('cognitive'))
    .select(sql<number>`count(*) filter (where f.kind = 'institution' and b.bed_type = 'ordinary')::int`.as('ordinary'))
    .select(sql<number>`count(*) filter (where f.kind = 'institution' and b.basic_guarantee)::int`.as('basic'))
    .select(sql<number>`count(*) filter (where f.kind = 'institution' and b.status = 'occupied')::int`.as('occupied'))
    .select(sql<number>`count(*) filter (where f.kind = 'family_bed_station')::int`.as('family'))
    .where('b.status', '<>', 'closed')
    .where('f.status', '<>', 'closed')
    .where('f.division_code', 'like', like)
    .groupBy('f.district_code')
    .orderBy('f.district_code')
    .execute();
  const figure = (districtCode: string, r: { nursing: number; cognitive: number; ordinary: number; basic: number; occupied: number; family: number }): BedFigures => {
    const total = r.nursing + r.cognitive + r.ordinary;
    const nursingType = r.nursing + (settings.cognitiveCountsAsNursing ? r.cognitive : 0);
    return {
      districtCode,
      nursing: r.nursing,
      cognitive: r.cognitive,
      ordinary: r.ordinary,
      total,
      basicGuarantee: r.basic,
      occupied: r.occupied,
      occupancyPercent: pct(r.occupied, total),
      nursingSharePercent: pct(nursingType, total),
      familyCareBeds: r.family,
    };
  };
  const byDistrict = bedRows.map((r) => figure(r.district_code, r));
  const sum = bedRows.reduce(
    (a, r) => ({ nursing: a.nursing + r.nursing, cognitive: a.cognitive + r.cognitive, ordinary: a.ordinary + r.ordinary, basic: a.basic + r.basic, occupied: a.occupied + r.occupied, family: a.family + r.family }),
    { nursing: 0, cognitive: 0, ordinary: 0, basic: 0, occupied: 0, family: 0 },
  );
  const beds = figure(scope, sum);
  const kinds = await db.selectFrom('eldercare.facilities').select(['kind']).select(sql<number>`count(*)::int`.as('n')).where('division_code', 'like', like).where('status', '<>', 'closed').groupBy('kind').execute();
  const kind = (k: string) => kinds.find((r) => r.kind === k)?.n ?? 0;
  return {
    on,
    scope,
    institutions: kind('institution'),
    mealPoints: kind('meal_point'),
    communityCentres: kind('community_centre'),
    dayCare: kind('day_care'),
    beds,
    byDistrict,
    targets: {
      nursingShare: {
        targetPercent: settings.nursingShareTargetPercent,
        actualPercent: beds.nursingSharePercent,
        met: beds.nursingSharePercent >= settings.nursingShareTargetPercent,
        cognitiveCountedAsNursing: settings.cognitiveCountsAsNursing,
      },
      cognitiveBeds: { target: settings.cognitiveBedsTarget, actual: beds.cognitive, met: beds.cognitive >= settings.cognitiveBedsTarget, cityWide: divisionPrefix(scope).length <= 2 },
    },
    waitlist: await waitlistFigures(deps, like, on),
  };
}

async function waitlistFigures(deps: EldercareDeps, like: string, on: IsoDate): Promise<WaitlistFigures> {
  const db = tables(deps);
  const byDistrict = await db
    .selectFrom('eldercare.applications')
    .select('district_code')
    .select(sql<number>`count(*) filter (where status = 'waiting')::int`.as('waiting'))
    .select(sql<number>`count(*) filter (where status = 'offered')::int`.as('offered'))
    .where('status', 'in', ['waiting', 'offered'])
    .where('division_code', 'like', like)
    .groupBy('district_code')
    .orderBy('district_code')
    .execute();
  const byGroup = await db.selectFrom('eldercare.applications').select('tier').select(sql<number>`count(*)::int`.as('waiting')).where('status', '=', 'waiting').where('division_code', 'like', like).groupBy('tier').orderBy('tier').execute();
  const current = await db
    .selectFrom('eldercare.applications')
    .select(sql<number | null>`percentile_disc(0.5) within group (order by ${on}::date - applied_on)`.as('median'))
    .select(sql<number | null>`percentile_disc(0.9) within group (order by ${on}::date - applied_on)`.as('p90'))
    .where('status', 'in', ['waiting', 'offered'])
    .where('division_code', 'like', like)
    .executeTakeFirstOrThrow();
  const admitted = await db
    .selectFrom('eldercare.applications')
    .select(sql<number | null>`percentile_disc(0.5) within group (order by admitted_on - applied_on)`.as('median'))
    .select(sql<number | null>`percentile_disc(0.9) within group (order by admitted_on - applied_on)`.as('p90'))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '=', 'admitted')
    .where('admitted_on', '>', addDays(on, -365))
    .where('division_code', 'like', like)
    .executeTakeFirstOrThrow();
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    waiting: byDistrict.reduce((a, r) => a + r.waiting, 0),
    offered: byDistrict.reduce((a, r) => a + r.offered, 0),
    byDistrict: byDistrict.map((r) => ({ districtCode: r.district_code, waiting: r.waiting, offered: r.offered })),
    byGroup,
    currentWaitDays: { median: n(current.median), p90: n(current.p90) },
    admittedWaitDays: { median: n(admitted.median), p90: n(admitted.p90), admissions: admitted.n },
  };
}
