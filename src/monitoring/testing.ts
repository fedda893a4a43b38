/**
 * Test world for monitoring: a migrated database (PGlite, or PostgreSQL with DATABASE_URL), the test
 * divisions, staff (advisors per committee, a street caseworker), households built through the registry's
 * public functions, and a clock the test moves. For tests only.
 */
import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { dispatchOutbox } from '../db/index.js';
import { eventHandlers } from '../modules.js';
import { addMember, createHousehold, IdVault, recordFactBatch, registerPerson, type RegistryTables, type Relation } from '../registry/index.js';
import { newPerson, seedTestDivisions, TEST_COMMITTEES } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { todayInShanghai } from '../kernel/index.js';
import { monitoringDeps, type Clock, type MonitoringDeps } from './deps.js';
import { processPendingEvaluations } from './jobs.js';

export { TEST_COMMITTEES };

export interface MovableClock extends Clock {
  set(at: Date): void;
  advanceHours(hours: number): void;
}

export function movableClock(start: Date = new Date()): MovableClock {
  let at = start;
  return { now: () => at, set: (d) => (at = d), advanceHours: (h) => (at = new Date(at.getTime() + h * 3_600_000)) };
}

export interface MonitoringWorld {
  t: TestDatabase;
  deps: MonitoringDeps;
  clock: MovableClock;
  registry: Kysely<RegistryTables>;
  vault: IdVault;
  /** District staff of 浦东新区: registers the test households. */
  clerk: Actor;
  users: Record<string, Actor>;
  close(): Promise<void>;
}

async function user(world: { t: TestDatabase }, username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const view = await createUser(world.t.db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction, password: 'test-pass-123' });
  return { userId: view.id, username, displayName: username, role, jurisdiction: view.jurisdiction };
}

export async function openMonitoringWorld(): Promise<MonitoringWorld> {
  const t = await openTestDatabase();
  const clock = movableClock();
  const registry = t.db.kysely.withTables<RegistryTables>();
  await seedTestDivisions(registry);
  const base = { t };
  const users: Record<string, Actor> = {
    admin: await user(base, 'city.admin', 'city_admin', '310000000000'),
    pudong: await user(base, 'pudong.staff', 'district_staff', '310115000000'),
    weifang: await user(base, 'weifang.cw', 'street_caseworker', '310115004000'),
    advisor1: await user(base, 'weifang1.adv', 'community_advisor', TEST_COMMITTEES.weifang1),
    advisor2: await user(base, 'weifang2.adv', 'community_advisor', TEST_COMMITTEES.weifang2),
    lujiazui: await user(base, 'lujiazui.adv', 'community_advisor', TEST_COMMITTEES.lujiazui1),
    leader: await user(base, 'leader', 'leader', '310000000000'),
  };
  return { t, deps: monitoringDeps(t.ctx, clock), clock, registry, vault: new IdVault(t.ctx.config.secretKey), clerk: users.pudong, users, close: () => t.close() };
}

export interface MemberSpec {
  birthDate: string;
  name?: string;
  relation?: Relation;
  /** Monthly wage in fen, as an open-ended income.wage fact from `since`. */
  wageFen?: number;
}

/** A household at the committee with its members (registered in the registry) and their wages. */
export async function makeHousehold(world: MonitoringWorld, members: MemberSpec[], committee: string = TEST_COMMITTEES.weifang1, since = '2020-01-01', address?: string): Promise<{ householdId: number; personIds: number[] }> {
  const household = await createHousehold(world.registry, world.clerk, { divisionCode: committee, address });
  const personIds: number[] = [];
  for (const [i, m] of members.entries()) {
    const person = await registerPerson(world.registry, world.vault, world.clerk, newPerson({ birthDate: m.birthDate, residenceDivision: committee, name: m.name }));
    await addMember(world.registry, world.clerk, household.id, { personId: person.id, relation: m.relation ?? (i === 0 ? 'head' : 'child'), since: since > m.birthDate ? since : m.birthDate });
    personIds.push(person.id);
  }
  const wages = members.flatMap((m, i) => (m.wageFen ? [{ subjectType: 'person' as const, subjectId: personIds[i], kind: 'income.wage', amountFen: m.wageFen, validFrom: since }] : []));
  if (wages.length) await recordFactBatch(world.registry, { batchId: `seed-wages-${household.id}`, source: '测试', facts: wages });
  return { householdId: household.id, personIds };
}

/** What the serve loop does every few hundred milliseconds: the outbox, then monitoring's queue. */
export async function settle(world: MonitoringWorld): Promise<void> {
  await dispatchOutbox(world.t.db.kysely, eventHandlers());
  await processPendingEvaluations(world.deps);
  await dispatchOutbox(world.t.db.kysely, eventHandlers());
}

/** An NDJSON batch from rows. */
export const ndjson = (rows: Record<string, unknown>[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A date `years` years before today, in the month and day given (default: the 1st of this month). */
export function yearsAgo(years: number, monthDay?: string): string {
  const today = todayInShanghai();
  return `${Number(today.slice(0, 4)) - years}-${monthDay ?? `${today.slice(5, 7)}-01`}`;
}
