/**
 * Allocation of freed 保基本床位: each free bed, oldest-freed first, goes to the first applicant in queue order who
 * is eligible (valid assessment at or above the threshold, the bed type wanted) and would take a bed there (own
 * district, a preferred district or institution, or any district when they allow it), skipping anyone who already
 * declined that bed. The queue is read once per run and matched in memory: one pass over per-(place, bed type)
 * lists in queue order with a pointer each, so a run over 100 thousand applicants stays linear.
 */
import { sql } from 'kysely';
import { hasPermission, type Actor } from '../access/index.js';
import { divisionPrefix, formatShanghaiDateTime, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { scopeOf } from './facilities.js';
import { guardedTransaction, auditSystem } from './guard.js';
import type { BedType, EldercareDb } from './model.js';
import { loadSettings, type EldercareSettings } from './settings.js';

export interface OfferMade {
  offerId: number;
  bedId: number;
  facilityId: number;
  applicationId: number;
  position: number;
  crossDistrict: boolean;
}

export interface AllocationRun {
  bedsConsidered: number;
  offers: OfferMade[];
  /** Free beds nobody in the queue can take now. */
  unmatchedBeds: number[];
  queueLength: number;
}

interface Bed {
  id: number;
  facility_id: number;
  bed_type: BedType;
  district_code: string;
  freed_at?: Date;
}

interface Candidate {
  id: number;
  position: number;
  bed_type: BedType;
  district_code: string;
  preferred_districts: string[];
  preferred_facilities: (number | string)[];
  accept_any_district: boolean;
}

/** Per list, the candidates in queue order and a pointer past those already given a bed. */
class Lists {
  private readonly lists = new Map<string, { items: number[]; next: number }>();

  add(key: string, index: number): void {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = { items: [], next: 0 }));
    list.items.push(index);
  }

  /** The first candidate of the list not taken and not excluded for this bed (exclusions do not move the pointer). */
  head(key: string, taken: Uint8Array, excluded: Set<number> | undefined): number {
    const list = this.lists.get(key);
    if (!list) return -1;
    while (list.next < list.items.length && taken[list.items[list.next]]) list.next++;
    for (let i = list.next; i < list.items.length; i++) {
      const c = list.items[i];
      if (!taken[c] && !excluded?.has(c)) return c;
    }
    return -1;
  }
}

/** Matches beds to candidates (both in their order); pure, exported for the benchmark and tests. */
export function matchBeds(beds: readonly Bed[], candidates: readonly Candidate[], declined: ReadonlyMap<number, Set<number>>): { bed: Bed; candidate: number }[] {
  const lists = new Lists();
  candidates.forEach((c, i) => {
    if (c.accept_any_district) lists.add(`*:${c.bed_type}`, i);
    else {
      const districts = c.preferred_districts.length || c.preferred_facilities.length ? c.preferred_districts : [c.district_code];
      for (const d of districts) lists.add(`d${d}:${c.bed_type}`, i);
      for (const f of c.preferred_facilities) lists.add(`f${f}:${c.bed_type}`, i);
    }
  });
  const taken = new Uint8Array(candidates.length);
  const matches: { bed: Bed; candidate: number }[] = [];
  for (const bed of beds) {
    const excluded = declined.get(bed.id);
    let best = -1;
    for (const key of [`*:${bed.bed_type}`, `d${bed.district_code}:${bed.bed_type}`, `f${bed.facility_id}:${bed.bed_type}`]) {
      const c = lists.head(key, taken, excluded);
      if (c >= 0 && (best < 0 || c < best)) best = c;
    }
    if (best >= 0) {
      taken[best] = 1;
      matches.push({ bed, candidate: best });
    }
  }
  return matches;
}

/** Free basic-guarantee beds of the scope (or the ids given), oldest-freed first, locked for this run. */
async function freeBeds(trx: EldercareDb, scope: string, bedIds?: readonly number[]): Promise<Bed[]> {
  let q = trx
    .selectFrom('eldercare.beds as b')
    .innerJoin('eldercare.facilities as f', 'f.id', 'b.facility_id')
    .select(['b.id', 'b.facility_id', 'b.bed_type', 'f.district_code', 'b.freed_at'])
    .where('b.status', '=', 'free')
    .where('b.basic_guarantee', '=', true)
    .where('f.status', '=', 'open')
    .where('f.division_code', 'like', `${divisionPrefix(scope)}%`);
  if (bedIds) q = q.where('b.id', 'in', bedIds.length ? bedIds : [0]);
  return q.orderBy('b.freed_at').orderBy('b.id').forUpdate('b').execute();
}

/** Waiting applicants who could take a bed today, in queue order, with their city-wide position. */
async function candidatesFor(trx: EldercareDb, settings: EldercareSettings, on: IsoDate, bedTypes: readonly BedType[]): Promise<Candidate[]> {
  const result = await sql<Candidate>`
    select id, position::int as position, bed_type, district_code, preferred_districts, preferred_facilities, accept_any_district
      from (select a.*, row_number() over (order by tier, assessment_level desc, applied_on, id) as position
              from eldercare.applications a where status = 'waiting') q
     where assessment_valid_until >= ${on}::date and assessment_level >= ${settings.minAssessmentLevel}
       and bed_type = any(${sql.val([...bedTypes])}::text[])
     order by position`.execute(trx);
  return result.rows;
}

/**
 * One allocation run over the free beds of `scope` (or the ids given): offers written, beds and applications
 * marked offered, one audit entry naming every offer. `actor` null = the system (a job, a freed bed).
 */
export async function allocateBeds(deps: EldercareDeps, actor: Actor | null, options: { divisionCode?: string; bedIds?: readonly number[] } = {}): Promise<AllocationRun> {
  const on = today(deps);
  const now = deps.clock.now();
  const db = tables(deps);
  const settings = await loadSettings(db, on);
  const scope = actor ? scopeOf(actor, options.divisionCode) : (options.divisionCode ?? '310000000000');
  const work = async (trx: EldercareDb, allow: (detail: Record<string, unknown>) => Promise<void>): Promise<AllocationRun> => {
    // One allocation at a time city-wide: two runs must not offer one applicant two beds.
    await sql`select pg_advisory_xact_lock(hashtext('eldercare.allocation'))`.execute(trx);
    const beds = await freeBeds(trx, scope, options.bedIds);
    if (beds.length === 0) {
      await allow({ scope, beds: 0, offers: [] });
      return { bedsConsidered: 0, offers: [], unmatchedBeds: [], queueLength: 0 };
    }
    const candidates = await candidatesFor(trx, settings, on, [...new Set(beds.map((b) => b.bed_type))]);
    const index = new Map(candidates.map((c, i) => [c.id, i]));
    // Someone who refused this bed since it was last freed is not asked again for it (they may be for the next vacancy).
    const declinedRows = await trx
      .selectFrom('eldercare.offers')
      .select(['bed_id', 'application_id', 'offered_at'])
      .where(
        'bed_id',
        'in',
        beds.map((b) => b.id),
      )
      .where('status', 'in', ['declined', 'expired'])
      .execute();
    const freedAt = new Map(beds.map((b) => [b.id, new Date(b.freed_at ?? 0).getTime()]));
    const declined = new Map<number, Set<number>>();
    for (const r of declinedRows) {
      const i = index.get(r.application_id);
      if (i === undefined || new Date(r.offered_at).getTime() < (freedAt.get(r.bed_id) ?? 0)) continue;
      if (!declined.has(r.bed_id)) declined.set(r.bed_id, new Set());
      declined.get(r.bed_id)!.add(i);
    }
    const matches = matchBeds(beds, candidates, declined);
    const expiresAt = new Date(now.getTime() + settings.offerDays * 86_400_000);
    const offers: OfferMade[] = [];
    for (let i = 0; i < matches.length; i += 500) {
      const chunk = matches.slice(i, i + 500);
      const rows = await trx
        .insertInto('eldercare.offers')
        .values(chunk.map((m) => ({ application_id: candidates[m.candidate].id, bed_id: m.bed.id, facility_id: m.bed.facility_id, position: candidates[m.candidate].position, offered_at: now, expires_at: expiresAt })))
        .returning(['id', 'bed_id', 'application_id'])
        .execute();
      rows.forEach((r, j) => {
        const m = chunk[j];
        offers.push({
          offerId: r.id,
          bedId: r.bed_id,
          facilityId: m.bed.facility_id,
          applicationId: r.application_id,
          position: candidates[m.candidate].position,
          crossDistrict: candidates[m.candidate].district_code !== m.bed.district_code,
        });
      });
      const bedIds = chunk.map((m) => m.bed.id);
      const applicationIds = chunk.map((m) => candidates[m.candidate].id);
      await trx.updateTable('eldercare.beds').set({ status: 'offered', allocation_tried_at: now }).where('id', 'in', bedIds).execute();
      await trx.updateTable('eldercare.applications').set({ status: 'offered', status_changed_at: now }).where('id', 'in', applicationIds).execute();
      await trx
        .insertInto('eldercare.application_log')
        .values(
          rows.map((r, j) => ({
            application_id: r.application_id,
            action: 'offered',
            actor_user: actor?.userId ?? null,
            at: now,
            reason: `轮候第 ${candidates[chunk[j].candidate].position} 位，床位通知答复期限至 ${formatShanghaiDateTime(expiresAt)}`,
            detail: JSON.stringify({ offerId: r.id, bedId: r.bed_id }),
          })),
        )
        .execute();
    }
    const matched = new Set(matches.map((m) => m.bed.id));
    const unmatchedBeds = beds.filter((b) => !matched.has(b.id)).map((b) => b.id);
    if (unmatchedBeds.length) await trx.updateTable('eldercare.beds').set({ allocation_tried_at: now }).where('id', 'in', unmatchedBeds).execute();
    await allow({ scope, beds: beds.length, offers: offers.map((o) => [o.bedId, o.applicationId]) });
    return { bedsConsidered: beds.length, offers, unmatchedBeds, queueLength: candidates.length };
  };
  if (actor === null) {
    return db.transaction().execute((trx) => work(trx, (detail) => auditSystem(trx, 'eldercare.allocation.run', 'division', scope, detail)));
  }
  const request = { permission: 'eldercare.waitlist.allocate' as const, action: 'eldercare.allocation.run', entityType: 'division', entityId: scope, divisionCodes: [scope] };
  return guardedTransaction(db, actor, async (trx, allow) => {
    // Refused before the queue is read (the allowed run's entry, written last, names every offer).
    if (!hasPermission(actor.role, request.permission)) await allow(request);
    return work(trx, (detail) => allow({ ...request, detail }));
  });
}

/** Beds freed by a discharge, a declined or expired offer or a withdrawal go to the next applicant at once. */
export async function offerFreedBeds(deps: EldercareDeps, bedIds: readonly number[]): Promise<AllocationRun> {
  return allocateBeds(deps, null, { bedIds });
}

/**
 * The scheduler's run: free beds never tried, or tried before the queue last changed, are allocated again
 * (a new applicant, a renewed assessment or a returned offer can make a bed takeable).
 */
export async function allocatePending(deps: EldercareDeps): Promise<AllocationRun | null> {
  const db = tables(deps);
  const due = await sql<{ n: number }>`
    select count(*)::int as n from eldercare.beds b
     where b.status = 'free' and b.basic_guarantee
       and (b.allocation_tried_at is null or exists (select 1 from eldercare.applications a where a.status = 'waiting' and a.status_changed_at > b.allocation_tried_at)
            or exists (select 1 from eldercare.assessments s where s.recorded_at > b.allocation_tried_at))`.execute(db);
  if ((due.rows[0]?.n ?? 0) === 0) return null;
  return allocateBeds(deps, null);
}
