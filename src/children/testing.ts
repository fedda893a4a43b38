/**
 * Test world for children's and disability welfare: a migrated database (PGlite, or PostgreSQL with
 * DATABASE_URL), the test divisions, staff (district, street, 儿童主任 of 潍坊一村 and of 梅园一村, 督导员 of
 * 潍坊新村街道, leader), families built through the registry's public functions, and a clock the test sets.
 */
import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { dispatchOutbox } from '../db/index.js';
import type { IsoDate, Sex } from '../kernel/index.js';
import { eventHandlers } from '../modules.js';
import { addMember, createHousehold, IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { newPerson, seedTestDivisions, TEST_COMMITTEES } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { childrenDeps, type ChildrenDeps, type Clock } from './deps.js';
import { appointWorker } from './workers.js';

export { TEST_COMMITTEES };

export interface SettableClock extends Clock {
  set(day: IsoDate): void;
}

/** Noon in Shanghai on the day. */
export function settableClock(day: IsoDate = '2025-03-10'): SettableClock {
  let at = new Date(`${day}T04:00:00Z`);
  return { now: () => at, set: (d) => (at = new Date(`${d}T04:00:00Z`)) };
}

export type WorldUsers = Record<'admin' | 'pudong' | 'xuhui' | 'weifang' | 'director' | 'supervisor' | 'otherDirector' | 'leader', Actor>;

export interface ChildrenWorld {
  t: TestDatabase;
  deps: ChildrenDeps;
  clock: SettableClock;
  registry: Kysely<RegistryTables>;
  vault: IdVault;
  users: WorldUsers;
  /** A household in 潍坊一村 with the parents (head and spouse) and children; returns the ids. */
  family(input: {
    father?: { birthDate?: IsoDate; name?: string } | null;
    mother?: { birthDate?: IsoDate; name?: string } | null;
    children: { birthDate: IsoDate; name?: string; sex?: Sex }[];
    committee?: string;
  }): Promise<{ householdId: number; fatherId: number | null; motherId: number | null; childIds: number[] }>;
  person(input: { birthDate: IsoDate; name?: string; committee?: string }): Promise<number>;
  dispatch(): Promise<void>;
  close(): Promise<void>;
}

async function user(t: TestDatabase, username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const view = await createUser(t.db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction, password: 'test-pass-123' });
  return { userId: view.id, username, displayName: username, role, jurisdiction: view.jurisdiction };
}

export async function openChildrenWorld(clock: SettableClock = settableClock()): Promise<ChildrenWorld> {
  const t = await openTestDatabase();
  const registry = t.db.kysely.withTables<RegistryTables>();
  await seedTestDivisions(registry);
  const users: WorldUsers = {
    admin: await user(t, 'city.admin', 'city_admin', '310000000000'),
    pudong: await user(t, 'pudong.staff', 'district_staff', '310115000000'),
    xuhui: await user(t, 'xuhui.staff', 'district_staff', '310104000000'),
    weifang: await user(t, 'weifang.cw', 'street_caseworker', '310115004000'),
    director: await user(t, 'weifang1.director', 'child_director', TEST_COMMITTEES.weifang1),
    supervisor: await user(t, 'weifang.supervisor', 'child_supervisor', '310115004000'),
    otherDirector: await user(t, 'meiyuan1.director', 'child_director', TEST_COMMITTEES.lujiazui1),
    leader: await user(t, 'leader', 'leader', '310000000000'),
  };
  const deps = childrenDeps(t.ctx, clock);
  await appointWorker(deps, users.pudong, { userId: users.director.userId, divisionCode: TEST_COMMITTEES.weifang1, since: '2024-01-01', trainedOn: '2024-06-01' });
  await appointWorker(deps, users.pudong, { userId: users.supervisor.userId, divisionCode: '310115004000', since: '2024-01-01', trainedOn: null });
  await appointWorker(deps, users.pudong, { userId: users.otherDirector.userId, divisionCode: TEST_COMMITTEES.lujiazui1, since: '2024-01-01', trainedOn: null });
  const vault = new IdVault(t.ctx.config.secretKey);
  const clerkOf = (committee: string) => (committee.startsWith('310104') ? users.xuhui : users.pudong);
  const register = async (committee: string, birthDate: IsoDate, sex: Sex, name?: string) =>
    (await registerPerson(registry, vault, clerkOf(committee), { ...newPerson({ residenceDivision: committee, birthDate, sex }), ...(name ? { name } : {}) })).id;
  return {
    t,
    deps,
    clock,
    registry,
    vault,
    users,
    async family(input) {
      const committee = input.committee ?? TEST_COMMITTEES.weifang1;
      const clerk = clerkOf(committee);
      const household = await createHousehold(registry, clerk, { divisionCode: committee });
      const fatherId = input.father === null ? null : await register(committee, input.father?.birthDate ?? '1985-04-02', 'M', input.father?.name);
      const motherId = input.mother === null ? null : await register(committee, input.mother?.birthDate ?? '1987-08-09', 'F', input.mother?.name);
      let head = true;
      for (const id of [fatherId, motherId]) {
        if (id === null) continue;
        await addMember(registry, clerk, household.id, { personId: id, relation: head ? 'head' : 'spouse', since: '2005-01-01' });
        head = false;
      }
      const childIds: number[] = [];
      for (const c of input.children) {
        const id = await register(committee, c.birthDate, c.sex ?? 'M', c.name);
        await addMember(registry, clerk, household.id, { personId: id, relation: head ? 'head' : 'child', since: c.birthDate });
        childIds.push(id);
      }
      return { householdId: household.id, fatherId, motherId, childIds };
    },
    async person(input) {
      return register(input.committee ?? TEST_COMMITTEES.weifang1, input.birthDate, 'M', input.name);
    },
    async dispatch() {
      await dispatchOutbox(t.db.kysely, eventHandlers());
    },
    close: () => t.close(),
  };
}
