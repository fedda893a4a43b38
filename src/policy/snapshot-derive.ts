/**
 * A month's screening input without re-aggregating the whole registry: the nearest month's current
 * snapshot, minus the households whose dates (memberships, deaths, facts' validity, the expense window)
 * fall between the two months, plus those households read from the registry for the month wanted. The
 * registry names them (policyChangedHouseholds); every other household's rows are the same in both months
 * because a row depends on the month only through those dates. A new month's first run thus reads a few
 * per cent of the city instead of all of it.
 */
import { sql } from 'kysely';
import { hasPendingEvents } from '../db/index.js';
import type { Month } from '../kernel/index.js';
import { policyChangedHouseholds } from '../registry/index.js';
import { PopulationBuilder, type Population } from './population.js';
import { readPopulation } from './screen-part.js';
import { mergePopulations } from './snapshot-codec.js';
import { loadSnapshot } from './snapshot-store.js';
import { policyDb, registryOf, type PolicyContext } from './store-model.js';

export interface DerivedPopulation {
  readonly population: Population;
  /** The month whose snapshot it started from. */
  readonly from: Month;
  /** Households read again from the registry. */
  readonly changedHouseholds: number;
  /** Milliseconds: loading the base snapshot, finding the changed households, re-reading them (the first overlaps the others). */
  readonly timings: { snapshotMs: number; changesMs: number; rereadMs: number };
}

/**
 * Above this share of changed households the derivation reads nearly as much as a full read and costs the
 * snapshot load on top: then the registry is read instead. An engineering threshold, not a policy figure.
 */
export const MAX_CHANGED_SHARE = 0.4;

const monthIndex = (m: Month) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));

/**
 * The population of `month` for the prefixes derived from the nearest other month with a fresh snapshot,
 * or null (no such month, a district missing there, a registry event not yet re-screened, or too much
 * changed). The base month must be current — fresh chunks and no pending event — for the result to be.
 */
export async function derivedSnapshot(ctx: PolicyContext, month: Month, prefixes: readonly string[], handler: { name: string; topics: string[] }, districts?: readonly string[]): Promise<DerivedPopulation | null> {
  if (await hasPendingEvents(ctx.db.kysely, handler)) return null;
  const months = await policyDb(ctx.db).selectFrom('policy.snapshot_chunks').select('month').where('month', '!=', month).groupBy('month').having(sql<number>`count(stale_since)`, '=', 0).execute();
  const from = months.map((r) => r.month).sort((a, b) => Math.abs(monthIndex(a) - monthIndex(month)) - Math.abs(monthIndex(b) - monthIndex(month)) || (a < b ? 1 : -1))[0];
  if (from === undefined) return null;
  const [{ households }] = await policyDb(ctx.db)
    .selectFrom('policy.snapshot_chunks')
    .select(sql<number>`coalesce(sum(households), 0)::int`.as('households'))
    .where('month', '=', from)
    .where(sql<boolean>`district like any (${sql.val(prefixes.map((p) => `${p.slice(0, 6)}%`))}::text[])`)
    .execute();
  // The chunks are decoded here while the server looks up and re-reads the changed households: on
  // PostgreSQL the two overlap (PGlite takes them in turn).
  const started = performance.now();
  const timings = { snapshotMs: 0, changesMs: 0, rereadMs: 0 };
  const reread = async () => {
    const changed = await policyChangedHouseholds(registryOf(ctx.db.kysely), { from, month, divisionPrefixes: prefixes });
    timings.changesMs = Math.round(performance.now() - started);
    if (changed.length > households * MAX_CHANGED_SHARE) return null;
    const fresh = changed.length ? await readPopulation(ctx, month, prefixes, undefined, changed) : new PopulationBuilder(1, 1).finish();
    timings.rereadMs = Math.round(performance.now() - started) - timings.changesMs;
    return { changed, fresh };
  };
  const load = async () => {
    const base = await loadSnapshot(ctx.db, from, prefixes, districts);
    timings.snapshotMs = Math.round(performance.now() - started);
    return base;
  };
  const [base, again] = await Promise.all([load(), reread()]);
  if (!base || !again) return null;
  const { changed, fresh } = again;
  return { population: mergePopulations([base], new Set(changed), [fresh]), from, changedHouseholds: changed.length, timings };
}
