/**
 * Everything the residents' end asks of the registry, the policy engine and monitoring, through their public
 * index files only: one seam, and the whole dependency at a glance. Calls are made as the portal actor of
 * the resident (deps.ts), after this module has decided the resident may see the person.
 */
import type { Actor } from '../access/index.js';
import type { Month } from '../kernel/index.js';
import { activePack, effectiveParameters, explainHousehold, type ParameterTable, type PolicyTables, type ProgrammeResult } from '../policy/index.js';
import { findPersonIds, getPersons, personCircle, readHouseholdPolicyInput, findDivision, type PersonCircle, type HouseholdPolicyInput, type HouseholdView, type PersonView, type RegistryTables } from '../registry/index.js';
import { marriageDeps, type MarriageDeps } from '../marriage/index.js';
import type { ResidentDeps } from './deps.js';

export type { HouseholdPolicyInput, HouseholdView, PersonView, ProgrammeResult };

const registry = (deps: ResidentDeps) => deps.db.kysely.withTables<RegistryTables>();

/** The registry id of an ID number, or null (looked up by keyed hash; the audit entry holds it masked). */
export async function personIdByIdNumber(deps: ResidentDeps, actor: Actor, idNumber: string): Promise<number | null> {
  const found = await findPersonIds(registry(deps), deps.vault, actor, [idNumber], 'resident-login');
  return found.get(idNumber) ?? null;
}

export async function personsById(deps: ResidentDeps, actor: Actor, ids: readonly number[], reference: string): Promise<PersonView[]> {
  return ids.length ? getPersons(registry(deps), actor, ids, reference) : [];
}

/** The person, their household, wards and (with a month) the household's policy input: one registry read. */
export function circleRead(deps: ResidentDeps, actor: Actor, personId: number, on: string, month: Month | undefined, reference: string): Promise<PersonCircle | null> {
  return personCircle(registry(deps), actor, personId, { on, month, reference });
}

// Division names change a few times a decade and every page shows two: kept per code and day, in process.
const divisionNames = new Map<string, string>();

export async function divisionName(deps: ResidentDeps, code: string, on: string): Promise<string> {
  const key = `${code}|${on}`;
  const known = divisionNames.get(key);
  if (known !== undefined) return known;
  const name = (await findDivision(registry(deps), code, on))?.name ?? code;
  if (divisionNames.size >= 10_000) divisionNames.clear();
  divisionNames.set(key, name);
  return name;
}

export function policyInputOf(deps: ResidentDeps, actor: Actor, householdId: number, month: Month): Promise<HouseholdPolicyInput> {
  return readHouseholdPolicyInput(registry(deps), actor, householdId, month);
}

/**
 * How long a page may use the stored parameters it read: an administrator's change reaches residents within a
 * minute (a decision is made on the caseworker's side, on parameters read then), instead of one read per page.
 */
export const PARAMETER_CACHE_MS = 60_000;
const parameterCache = new WeakMap<ResidentDeps, { packId: string; at: number; table: Promise<ParameterTable> }>();

async function parametersOf(deps: ResidentDeps): Promise<ParameterTable> {
  const pack = await activePack();
  const now = Date.now();
  const held = parameterCache.get(deps);
  if (held && held.packId === pack.id && now - held.at < PARAMETER_CACHE_MS) return held.table;
  const table = effectiveParameters(deps.db.kysely.withTables<PolicyTables>(), pack);
  parameterCache.set(deps, { packId: pack.id, at: now, table });
  // A failed read is not kept: the next page reads again.
  table.catch(() => parameterCache.get(deps)?.table === table && parameterCache.delete(deps));
  return table;
}

/** The engine's verdict with its Chinese reasons for every programme of the pack, on the stored parameters. */
export async function explainFor(deps: ResidentDeps, facts: HouseholdPolicyInput, month: Month): Promise<ProgrammeResult[]> {
  const [pack, parameters] = await Promise.all([activePack(), parametersOf(deps)]);
  return explainHousehold(pack, facts, month, { parameters }).results;
}

/** Programme names of the installed pack, by id. */
export async function programmeNames(): Promise<Map<string, string>> {
  return new Map((await activePack()).programmes.map((p) => [p.id, p.name]));
}

/** Marriage's services on the residents' clock (booking days are counted from the same "today"). */
export const marriageDepsOf = (deps: ResidentDeps): MarriageDeps => marriageDeps(deps.ctx, deps.clock);
