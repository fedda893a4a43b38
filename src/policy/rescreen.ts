/**
 * Re-screening a few households after their facts changed: the registry's policy rows of just those
 * households (one small query, inside the caller's transaction), the cached compiled kernel, and their
 * current results and snapshot patches replaced — milliseconds, not a run. The outbox handler below
 * does this for every registry event that can change a decision, for the months being screened.
 */
import type { Kysely } from 'kysely';
import type { CoreTables, Database, EventHandler, StoredEvent } from '../db/index.js';
import { firstDayOfMonth, invalid, isValidMonth, type Month } from '../kernel/index.js';
import { householdsOfPersons, policyRowsText } from '../registry/index.js';
import { activePack } from './active-pack.js';
import { PolicyRowParser } from './copy-parse.js';
import { effectiveParameters } from './parameter-store.js';
import type { ParameterTable } from './params.js';
import { PopulationBuilder } from './population.js';
import type { PolicyPack } from './programme.js';
import { runKernel } from './screen.js';
import { screeningKernel } from './screen-part.js';
import { liveMonths, markOtherSnapshotsStale, markSnapshotStale, writeSnapshotPatches } from './snapshot-store.js';
import { policyDb, registryOf, type PolicyDb, type PolicyTables } from './store-model.js';

export interface CurrentResult {
  readonly programme: string;
  /** Eligible members (person programmes); null for household programmes. */
  readonly memberIds: number[] | null;
  readonly monthlyAmountFen: number;
}

export interface RescreenedHousehold {
  readonly householdId: number;
  /** The household's division; null when it has no current member (then it has no results). */
  readonly divisionCode: string | null;
  readonly results: CurrentResult[];
}

/** Re-screens households for month M in the caller's transaction (or handle). */
export async function rescreenHouseholds(db: PolicyDb, pack: PolicyPack, householdIds: readonly number[], month: Month, parameters?: ParameterTable): Promise<RescreenedHousehold[]> {
  const ids = [...new Set(householdIds)];
  if (ids.length === 0) return [];
  const table = parameters ?? (await effectiveParameters(db, pack));
  const text = await policyRowsText(registryOf(db), { month, divisionPrefixes: [''], householdIds: ids });
  const builder = new PopulationBuilder(ids.length + 1, ids.length * 4);
  const parser = new PolicyRowParser(builder);
  parser.push(new TextEncoder().encode(text));
  parser.end();
  const population = builder.finish();
  const kernel = screeningKernel(pack, month, table);
  const { outputs } = runKernel(pack, kernel, population.columns);
  const off = population.columns.memberOffsets;
  const byHousehold = new Map<number, RescreenedHousehold>();
  for (let h = 0; h < population.columns.householdCount; h++) {
    const results: CurrentResult[] = [];
    for (const p of kernel.programmes) {
      const o = outputs[p.id];
      if (p.unit === 'household') {
        if (o.eligible[h] === 1) results.push({ programme: p.id, memberIds: null, monthlyAmountFen: o.amountFen[h] });
        continue;
      }
      const members: number[] = [];
      let amount = 0;
      for (let i = off[h]; i < off[h + 1]; i++) {
        if (o.eligible[i] !== 1) continue;
        members.push(population.memberIds[i]);
        amount += o.amountFen[i];
      }
      if (members.length) results.push({ programme: p.id, memberIds: members.sort((a, b) => a - b), monthlyAmountFen: amount });
    }
    byHousehold.set(population.householdIds[h], { householdId: population.householdIds[h], divisionCode: String(population.divisionCodes[h]), results });
  }
  const outcome = ids.map((id) => byHousehold.get(id) ?? { householdId: id, divisionCode: null, results: [] });
  await db.deleteFrom('policy.household_results').where('month', '=', month).where('household_id', 'in', ids).execute();
  const rows = outcome.flatMap((o) =>
    o.results.map((r) => ({ month, programme: r.programme, household_id: o.householdId, division_code: o.divisionCode as string, member_ids: r.memberIds, monthly_amount_fen: r.monthlyAmountFen, run_id: null, rescreened_at: new Date() })),
  );
  if (rows.length) await db.insertInto('policy.household_results').values(rows).execute();
  await writeSnapshotPatches(
    db,
    month,
    population,
    outcome.filter((o) => o.divisionCode === null).map((o) => o.householdId),
  );
  return outcome;
}

/** One household, its own transaction: used by monitoring and discovery after a change they know of. */
export async function rescreenHousehold(db: Database, householdId: number, month: Month, pack?: PolicyPack): Promise<RescreenedHousehold> {
  if (!isValidMonth(month)) throw invalid('POLICY_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  if (!Number.isSafeInteger(householdId)) throw invalid('POLICY_INVALID_HOUSEHOLD', `家庭编号无效：${householdId}`);
  const p = pack ?? (await activePack());
  const [one] = await policyDb(db)
    .transaction()
    .execute((trx) => rescreenHouseholds(trx, p, [householdId], month));
  return one;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(num).filter((n): n is number => n !== null) : []);

/** The households and persons an event names, or 'unknown' when it does not say (a very large fact batch). */
function subjectsOf(event: StoredEvent): { persons: number[]; households: number[] } | 'unknown' {
  const p = event.payload;
  const persons: number[] = [];
  const households: number[] = [];
  switch (event.topic) {
    case 'registry.facts.recorded': {
      const subjects = p.subjects as { persons?: unknown; households?: unknown } | null | undefined;
      if (!subjects) return 'unknown';
      persons.push(...nums(subjects.persons));
      households.push(...nums(subjects.households));
      break;
    }
    case 'registry.fact.corrected':
      (p.subjectType === 'household' ? households : persons).push(...nums([p.subjectId]));
      break;
    default:
      households.push(...nums([p.householdId]));
      persons.push(...nums([p.personId]));
  }
  return { persons, households };
}

/** Households some events may have changed (one lookup of the persons' households), and whether one did not say. */
async function affectedHouseholds(db: PolicyDb, events: readonly StoredEvent[], day: string): Promise<{ households: number[]; unknown: boolean }> {
  const persons: number[] = [];
  const households: number[] = [];
  let unknown = false;
  for (const event of events) {
    const s = subjectsOf(event);
    if (s === 'unknown') unknown = true;
    else {
      persons.push(...s.persons);
      households.push(...s.households);
    }
  }
  const ofPersons = persons.length ? await householdsOfPersons(registryOf(db), [...new Set(persons)], day) : [];
  return { households: [...new Set([...households, ...ofPersons])], unknown };
}

/**
 * Keeps current results and the snapshot of the months being screened (the latest three) in step. Registered (name and topics) in store-api.ts, which loads this module on the first event.
 */
export const rescreenOnRegistryChange: Required<Pick<EventHandler, 'handle' | 'handleMany'>> = {
  async handle(trx: Kysely<CoreTables>, event: StoredEvent) {
    await rescreenAfter(trx, [event]);
  },
  /**
   * A chunk: the union of the households its events name, re-screened once per month. The results are read
   * from the registry as it is now, which the events do not change, so once for all equals once per event.
   */
  async handleMany(trx: Kysely<CoreTables>, events: StoredEvent[]) {
    await rescreenAfter(trx, events);
  },
};

async function rescreenAfter(trx: Kysely<CoreTables>, events: readonly StoredEvent[]): Promise<void> {
  const db: PolicyDb = trx.withTables<PolicyTables>();
  const months = await liveMonths(db);
  await markOtherSnapshotsStale(db, months);
  if (months.length === 0) return;
  const pack = await activePack();
  const parameters = await effectiveParameters(db, pack);
  for (const month of months) {
    const { households, unknown } = await affectedHouseholds(db, events, firstDayOfMonth(month));
    // An event that does not name its households: the month's snapshot is stale (as one by one would leave it).
    if (unknown) await markSnapshotStale(db, [month]);
    if (households.length) await rescreenHouseholds(db, pack, households, month, parameters);
  }
}
