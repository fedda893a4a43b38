/**
 * Test world for elderly care: a migrated database (PGlite, or PostgreSQL with DATABASE_URL), the test
 * divisions, staff of two districts (浦东新区, 徐汇区), persons built through the registry's public functions,
 * and a clock the test moves. For tests only.
 */
import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { dispatchOutbox } from '../db/index.js';
import type { IsoDate } from '../kernel/index.js';
import { eventHandlers } from '../modules.js';
import { addMember, createHousehold, IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { newPerson, seedTestDivisions, TEST_COMMITTEES, type PersonOptions } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { eldercareDeps, type Clock, type EldercareDeps } from './deps.js';

export { TEST_COMMITTEES };

export interface MovableClock extends Clock {
  set(at: Date): void;
  advanceHours(hours: number): void;
}

export function movableClock(start: Date = new Date('2025-03-03T02:00:00Z')): MovableClock {
  let at = start;
  return { now: () => at, set: (d) => (at = d), advanceHours: (h) => (at = new Date(at.getTime() + h * 3_600_000)) };
}

export interface EldercareWorld {
  t: TestDatabase;
  deps: EldercareDeps;
  clock: MovableClock;
  registry: Kysely<RegistryTables>;
  vault: IdVault;
  /** admin (city), pudong (district staff), xuhui (district staff), weifang (street caseworker), advisor, leader, auditor. */
  users: Record<'admin' | 'pudong' | 'xuhui' | 'weifang' | 'advisor' | 'leader' | 'auditor', Actor>;
  /** Registers a person (in a household of their own) at a committee; returns the person id. */
  person(options?: PersonOptions & { committee?: string }): Promise<number>;
  /** Delivers pending domain events to every module's handlers (as the serve loop would). */
  dispatch(): Promise<void>;
  close(): Promise<void>;
}

async function user(t: TestDatabase, username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const view = await createUser(t.db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction, password: 'test-pass-123' });
  return { userId: view.id, username, displayName: username, role, jurisdiction: view.jurisdiction };
}

export async function openEldercareWorld(clock: MovableClock = movableClock()): Promise<EldercareWorld> {
  const t = await openTestDatabase();
  const registry = t.db.kysely.withTables<RegistryTables>();
  await seedTestDivisions(registry);
  const users = {
    admin: await user(t, 'city.admin', 'city_admin', '310000000000'),
    pudong: await user(t, 'pudong.staff', 'district_staff', '310115000000'),
    xuhui: await user(t, 'xuhui.staff', 'district_staff', '310104000000'),
    weifang: await user(t, 'weifang.cw', 'street_caseworker', '310115004000'),
    advisor: await user(t, 'weifang1.adv', 'community_advisor', TEST_COMMITTEES.weifang1),
    leader: await user(t, 'leader', 'leader', '310000000000'),
    auditor: await user(t, 'auditor', 'auditor', '310000000000'),
  };
  const vault = new IdVault(t.ctx.config.secretKey);
  const clerkOf = (committee: string) => (committee.startsWith('310104') ? users.xuhui : users.pudong);
  return {
    t,
    deps: eldercareDeps(t.ctx, clock),
    clock,
    registry,
    vault,
    users,
    async person(options = {}) {
      const committee = options.committee ?? TEST_COMMITTEES.weifang1;
      const clerk = clerkOf(committee);
      const person = await registerPerson(registry, vault, clerk, newPerson({ residenceDivision: committee, ...options }));
      const household = await createHousehold(registry, clerk, { divisionCode: committee });
      const birth = options.birthDate ?? '1940-01-01';
      await addMember(registry, clerk, household.id, { personId: person.id, relation: 'head', since: (birth > '2000-01-01' ? birth : '2000-01-01') as IsoDate });
      return person.id;
    },
    async dispatch() {
      await dispatchOutbox(t.db.kysely, eventHandlers());
    },
    close: () => t.close(),
  };
}
