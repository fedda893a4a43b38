/**
 * Test world for social organisations: a migrated database (PGlite, or PostgreSQL with DATABASE_URL), the test
 * divisions, registrars of the city and two districts, a leader, and a clock the test moves. For tests only.
 */
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { DomainError, makeCreditCode } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';
import { seedTestDivisions } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { socialorgDeps, type Clock, type SocialorgDeps } from './deps.js';
import type { OrgType } from './model.js';
import { approveName, takeStep, type NameApplication } from './registration.js';
import type { OrganisationView } from './views.js';

export interface MovableClock extends Clock {
  set(at: Date): void;
}

export function movableClock(start: Date = new Date('2025-03-03T02:00:00Z')): MovableClock {
  let at = start;
  return { now: () => at, set: (d) => (at = d) };
}

export interface SocialorgWorld {
  t: TestDatabase;
  deps: SocialorgDeps;
  clock: MovableClock;
  users: Record<'city' | 'pudong' | 'xuhui' | 'leader', Actor>;
  /** A user of the given role; institution staff bound to a registry organisation. */
  user(username: string, role: Role, jurisdiction: string, organisationId?: number): Promise<Actor>;
  /** Takes an organisation from the name check to its certificate, registered on `registeredOn`. */
  register(options: { name: string; orgType?: OrgType; level?: 'city' | 'district'; divisionCode?: string; registeredOn: string; body?: string }): Promise<OrganisationView>;
  close(): Promise<void>;
}

let serial = 0;

export async function openSocialorgWorld(clock: MovableClock = movableClock()): Promise<SocialorgWorld> {
  const t = await openTestDatabase();
  await seedTestDivisions(t.db.kysely.withTables<RegistryTables>());
  const access = t.db.kysely.withTables<AccessTables>();
  const user = async (username: string, role: Role, jurisdiction: string, organisationId?: number): Promise<Actor> => {
    const view = await createUser(access, null, { username, displayName: username, role, jurisdiction, password: 'test-pass-123', organisationId });
    return { userId: view.id, username, displayName: username, role, jurisdiction: view.jurisdiction, organisationId: organisationId ?? null };
  };
  const users = {
    city: await user('city.registrar', 'city_admin', '310000000000'),
    pudong: await user('pudong.registrar', 'district_staff', '310115000000'),
    xuhui: await user('xuhui.registrar', 'district_staff', '310104000000'),
    leader: await user('leader', 'leader', '310000000000'),
  };
  const deps = socialorgDeps(t.ctx, clock);
  return {
    t,
    deps,
    clock,
    users,
    user,
    async register(o) {
      const orgType = o.orgType ?? 'social_service';
      const level = orgType === 'foundation' ? 'city' : (o.level ?? 'district');
      const divisionCode = o.divisionCode ?? '310115004000';
      const actor = level === 'city' ? users.city : divisionCode.startsWith('310104') ? users.xuhui : users.pudong;
      const application: NameApplication = { orgType, name: o.name, level, divisionCode, mode: 'direct', directCategory: 'community', foundationKind: orgType === 'foundation' ? 'non_public' : null, onDate: o.registeredOn };
      const org = await approveName(deps, actor, application);
      if (orgType === 'social_group') {
        await takeStep(deps, actor, org.id, 'prepare_apply', { onDate: o.registeredOn });
        await takeStep(deps, actor, org.id, 'prepare_approve', { onDate: o.registeredOn });
      }
      await takeStep(deps, actor, org.id, 'establish_apply', { onDate: o.registeredOn, establishment: { individualMembers: 60, fundsFen: 500_000_000, premises: { kind: 'owned' }, supervisorConsent: false } });
      const typeCode = { social_group: '1', social_service: '2', foundation: '3' }[orgType];
      const registrar = level === 'city' ? '310000' : divisionCode.slice(0, 6);
      const body = o.body ?? `MT${String(++serial).padStart(6, '0')}`;
      return takeStep(deps, actor, org.id, 'establish', { onDate: o.registeredOn, creditCode: makeCreditCode(`5${typeCode}${registrar}${body}`) });
    },
    close: () => t.close(),
  };
}

/** The domain error a call fails with (the test fails when the call succeeds or fails otherwise). */
export async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
