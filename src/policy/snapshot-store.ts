/**
 * The columnar snapshot (ARCHITECTURE: "keep a columnar snapshot that is updated incrementally"): the
 * screening input of one month, one bytea chunk per district, written by every district-level screening
 * run, plus one patch per household re-screened after a registry event. A reader takes the chunks, drops
 * the patched households and appends the patches — about 45 bytes per member instead of re-aggregating
 * the registry's facts. A chunk is unusable when missing or stale (an event that did not name its
 * households); readers then go back to the registry.
 */
import { sql } from 'kysely';
import { hasPendingEvents, type Database } from '../db/index.js';
import type { Month } from '../kernel/index.js';
import { countPolicyHouseholds } from '../registry/index.js';
import { PopulationBuilder, selectHouseholds, splitByDistrict, type Population } from './population.js';
import { decodePopulation, encodePopulation, mergePopulations } from './snapshot-codec.js';
import { policyDb, type PolicyDb } from './store-model.js';

/** Writes one chunk per district of the population plus empty chunks for `districts` it has no household of. */
export async function writeSnapshotChunks(db: Database, month: Month, runId: number, readStartedAt: Date, population: Population, districts: readonly string[] = []): Promise<void> {
  const pdb = policyDb(db);
  const c = population.columns;
  const all = [...new Set([...c.districts, ...districts])];
  const parts = c.districts.length === 1 ? [population] : splitByDistrict(population);
  for (const district of all) {
    const d = c.districts.indexOf(district);
    const part = d < 0 ? new PopulationBuilder(1, 1).finish() : parts[d];
    const bytes = encodePopulation(part);
    await pdb
      .insertInto('policy.snapshot_chunks')
      .values({ month, district, households: part.columns.householdCount, members: part.columns.memberCount, columns: bytes, run_id: runId, read_started_at: readStartedAt, stale_since: null })
      .onConflict((oc) =>
        oc.columns(['month', 'district']).doUpdateSet({
          households: sql`excluded.households`,
          members: sql`excluded.members`,
          columns: sql`excluded.columns`,
          run_id: sql`excluded.run_id`,
          read_started_at: sql`excluded.read_started_at`,
          // Staleness that arose after this run began reading is still there.
          stale_since: sql`case when policy.snapshot_chunks.stale_since > excluded.read_started_at then policy.snapshot_chunks.stale_since end`,
        }),
      )
      .execute();
  }
  // Patches older than the read are in the new chunks; newer ones still apply on top.
  await pdb
    .deleteFrom('policy.snapshot_patches')
    .where('month', '=', month)
    .where('recorded_at', '<', readStartedAt)
    .where('district', 'in', [...all, ''])
    .execute();
}

/** Replaces (or, with no members, removes) households in the month's snapshot. */
export async function writeSnapshotPatches(db: PolicyDb, month: Month, population: Population, goneHouseholdIds: readonly number[]): Promise<void> {
  const rows: { month: Month; household_id: number; district: string; columns: Buffer }[] = [];
  for (let h = 0; h < population.columns.householdCount; h++) {
    const builder = new PopulationBuilder(2, population.columns.memberOffsets[h + 1] - population.columns.memberOffsets[h]);
    builder.appendFrom(population, h);
    const one = builder.finish();
    rows.push({ month, household_id: population.householdIds[h], district: population.columns.districts[population.columns.districtIndex[h]], columns: encodePopulation(one) });
  }
  const empty = encodePopulation(new PopulationBuilder(1, 1).finish());
  for (const id of goneHouseholdIds) rows.push({ month, household_id: id, district: '', columns: empty });
  if (rows.length === 0) return;
  await db
    .insertInto('policy.snapshot_patches')
    .values(rows)
    .onConflict((oc) => oc.columns(['month', 'household_id']).doUpdateSet({ district: sql`excluded.district`, columns: sql`excluded.columns`, recorded_at: sql`now()` }))
    .execute();
}

/** Marks the month's chunks stale: the next reader goes to the registry, the next run rebuilds them. */
export async function markSnapshotStale(db: PolicyDb, months: readonly Month[]): Promise<void> {
  if (months.length)
    await db
      .updateTable('policy.snapshot_chunks')
      .set({ stale_since: sql`now()` })
      .where('month', 'in', [...months])
      .execute();
}

/** Marks the snapshots of months other than `live` stale: events no longer patch them, so they fall behind. */
export async function markOtherSnapshotsStale(db: PolicyDb, live: readonly Month[]): Promise<void> {
  let q = db.updateTable('policy.snapshot_chunks').set({ stale_since: sql`now()` }).where('stale_since', 'is', null);
  if (live.length) q = q.where('month', 'not in', [...live]);
  await q.execute();
}

const matches = (divisionCode: number, prefixes: readonly string[]) => prefixes.some((p) => String(divisionCode).startsWith(p));

/**
 * The snapshot of `month` for the prefixes, or null when a district is missing or stale. Which districts
 * are needed is asked of the registry (households per district), so a district added since is noticed;
 * a caller that has just asked passes them (`districts`: counting 10 M households takes a second or two).
 */
export async function loadSnapshot(db: Database, month: Month, prefixes: readonly string[], districts?: readonly string[]): Promise<Population | null> {
  const needed = districts ? [...districts] : (await countPolicyHouseholds(db, prefixes)).map((d) => d.district);
  if (needed.length === 0) return new PopulationBuilder(1, 1).finish();
  const pdb = policyDb(db);
  const versions = async () => {
    const rows = await pdb.selectFrom('policy.snapshot_chunks').select(['district', 'run_id', 'stale_since']).where('month', '=', month).where('district', 'in', needed).execute();
    return rows.length === needed.length && rows.every((c) => c.stale_since === null) ? new Map(rows.map((c) => [c.district, Number(c.run_id)])) : null;
  };
  const present = await versions();
  if (!present) return null;
  // One district per query: no result holds the whole city at once (a second connection reading other
  // districts was measured no faster: the server's page cache, not a core, is the limit).
  const decoded: Population[] = [];
  for (const district of needed) {
    const chunk = await pdb.selectFrom('policy.snapshot_chunks').select(['columns', 'run_id', 'stale_since']).where('month', '=', month).where('district', '=', district).executeTakeFirst();
    if (!chunk || chunk.stale_since !== null || Number(chunk.run_id) !== present.get(district)) return null;
    decoded.push(decodePopulation(chunk.columns));
  }
  const patches = await pdb
    .selectFrom('policy.snapshot_patches')
    .select(['household_id', 'columns'])
    .where('month', '=', month)
    .where('district', 'in', [...needed, ''])
    .execute();
  // A run that rewrote chunks meanwhile also dropped the patches older than its read: the chunks read and
  // the patches read would not belong together. The writer replaces chunks before it drops patches, so
  // unchanged chunk versions now mean the patches read were the ones of the chunks read.
  const after = await versions();
  if (!after || [...present].some(([district, run]) => after.get(district) !== run)) return null;
  const narrow = prefixes.some((p) => p.length > 6);
  let parts = decoded;
  let extra = patches.map((p) => decodePopulation(p.columns));
  if (narrow) {
    // A street or committee: the district chunks hold more than asked for.
    const keep = (p: Population) => selectHouseholds(p, (h) => matches(p.divisionCodes[h], prefixes));
    parts = parts.map(keep);
    extra = extra.map(keep);
  }
  return mergePopulations(parts, new Set(patches.map((p) => p.household_id)), extra);
}

/**
 * The snapshot of `month` when it is current: every district present and fresh, and no registry event
 * waiting for the re-screen handler (its patch would be missing). Null means: read the registry.
 */
export async function currentSnapshot(db: Database, month: Month, prefixes: readonly string[], handler: { name: string; topics: string[] }, districts?: readonly string[]): Promise<Population | null> {
  if (await hasPendingEvents(db.kysely, handler)) return null;
  return loadSnapshot(db, month, prefixes, districts);
}

/**
 * Months whose screening state (snapshot or current results) events keep up to date: the most recent
 * `count` months that have a finished run or a snapshot — this month and the last, in normal operation.
 */
export async function liveMonths(db: PolicyDb, count = 3): Promise<Month[]> {
  const rows = await db
    .selectFrom('policy.snapshot_chunks')
    .select('month')
    // Current results exist for the months a run finished (the runs table is small; the results are not);
    // a month being screened counts too, so that its changes after the run began reading reach its results.
    .union(db.selectFrom('policy.screen_runs').select('month').where('status', 'in', ['done', 'queued', 'running']))
    .execute();
  return [...new Set(rows.map((r) => r.month))].sort().reverse().slice(0, count);
}
