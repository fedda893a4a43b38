/**
 * Test world for marriage registration: a migrated database (PGlite, or PostgreSQL with DATABASE_URL), the test
 * divisions, registrars of 浦东 and 徐汇, an auditor, a city admin and a street caseworker, a clock the test moves,
 * and ID numbers made to order. For tests only.
 */
import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { dispatchOutbox } from '../db/index.js';
import { makeIdNumber, type IsoDate } from '../kernel/index.js';
import { eventHandlers } from '../modules.js';
import { IdVault, type RegistryTables } from '../registry/index.js';
import { seedTestDivisions } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { marriageDeps, type Clock, type MarriageDeps } from './deps.js';
import type { PartyInput, RegistrationInput } from './registration.js';

export interface DayClock extends Clock {
  set(day: IsoDate): void;
}

export function dayClock(start: IsoDate = '2025-07-01'): DayClock {
  let at = new Date(`${start}T02:00:00Z`);
  return { now: () => at, set: (day) => (at = new Date(`${day}T02:00:00Z`)) };
}

export interface MarriageWorld {
  t: TestDatabase;
  deps: MarriageDeps;
  clock: DayClock;
  registry: Kysely<RegistryTables>;
  vault: IdVault;
  users: Record<'pudong' | 'xuhui' | 'auditor' | 'admin' | 'caseworker' | 'district', Actor>;
  /** A fresh valid ID number: men odd, women even sequence digit. */
  id(sex: 'M' | 'F', birthDate: IsoDate, addressCode?: string): string;
  couple(overrides?: { husband?: Partial<PartyInput>; wife?: Partial<PartyInput>; service?: RegistrationInput['service'] }): RegistrationInput;
  dispatch(): Promise<void>;
  close(): Promise<void>;
}

async function user(t: TestDatabase, username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const view = await createUser(t.db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction, password: 'test-pass-123' });
  return { userId: view.id, username, displayName: username, role, jurisdiction: view.jurisdiction };
}

let sequence = 0;

export async function openMarriageWorld(clock: DayClock = dayClock()): Promise<MarriageWorld> {
  const t = await openTestDatabase();
  const registry = t.db.kysely.withTables<RegistryTables>();
  await seedTestDivisions(registry);
  const users = {
    pudong: await user(t, 'pudong.hy', 'marriage_registrar', '310115000000'),
    xuhui: await user(t, 'xuhui.hy', 'marriage_registrar', '310104000000'),
    auditor: await user(t, 'auditor', 'auditor', '310000000000'),
    admin: await user(t, 'city.admin', 'city_admin', '310000000000'),
    caseworker: await user(t, 'weifang.cw', 'street_caseworker', '310115004000'),
    district: await user(t, 'pudong.staff', 'district_staff', '310115000000'),
  };
  const id = (sex: 'M' | 'F', birthDate: IsoDate, addressCode = '320102') => {
    sequence += 1;
    return makeIdNumber(addressCode, birthDate, ((sequence * 2) % 1000) + (sex === 'M' ? 1 : 0));
  };
  const party = (sex: 'M' | 'F', birth: IsoDate, name: string): PartyInput => ({ idNumber: id(sex, birth), name, present: true, declarationSigned: true, declaredStatus: 'unmarried' });
  return {
    t,
    deps: marriageDeps(t.ctx, clock),
    clock,
    registry,
    vault: new IdVault(t.ctx.config.secretKey),
    users,
    id,
    couple: (o = {}) => ({
      service: o.service ?? 'marriage',
      husband: { ...party('M', '1995-04-10', '张伟'), ...o.husband },
      wife: { ...party('F', '1997-09-02', '李娜'), ...o.wife },
    }),
    async dispatch() {
      await dispatchOutbox(t.db.kysely, eventHandlers());
    },
    close: () => t.close(),
  };
}
