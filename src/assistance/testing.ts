/**
 * Test factories for assistance: divisions, staff users, households with members and facts (through the
 * registry's public API, with valid GB 11643 numbers), a clock the test moves, and an HTTP app whose
 * assistance routes read that clock. For tests and benchmarks only.
 */
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { accessRoutes } from '../access/testing.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import type { AppInstance } from '../http/types.js';
import { installAuth } from '../http/auth.js';
import { installErrorHandler } from '../http/errors.js';
import { makeIdNumber, type Fen, type IsoDate, type Sex } from '../kernel/index.js';
import { addMember, createHousehold, IdVault, recordFactBatch, registerPerson, seedDivisions, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type NewFact, type RegistryTables, type Relation } from '../registry/index.js';
import { insertApprovedCases } from './bulk-cases.js';
import type { AccountVault, Clock } from './deps.js';
import { createAssistanceRoutes } from './routes.js';

export const PUDONG = '310115000000';
export const STREETS = { weifang: '310115004000', lujiazui: '310115005000' } as const;
export const COMMITTEES = { weifang1: '310115004001', lujiazui1: '310115005001' } as const;

export class TestClock implements Clock {
  constructor(private date: IsoDate) {}
  today(): IsoDate {
    return this.date;
  }
  set(date: IsoDate): void {
    this.date = date;
  }
}

const registry = (ctx: AppContext) => ctx.db.kysely.withTables<RegistryTables>();

export async function seedAssistanceDivisions(ctx: AppContext): Promise<void> {
  await seedDivisions(registry(ctx), {
    city: SHANGHAI_CITY,
    districts: SHANGHAI_DISTRICTS,
    streets: SHANGHAI_STREETS,
    committees: [
      { code: COMMITTEES.weifang1, name: '潍坊一村居委会', kind: '居委会' },
      { code: COMMITTEES.lujiazui1, name: '梅园一村居委会', kind: '居委会' },
    ],
    validFrom: '2000-01-01',
  });
}

export const TEST_PASSWORD = 'test-pass-123';

export async function makeStaff(ctx: AppContext, username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const user = await createUser(ctx.db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction, password: TEST_PASSWORD });
  return { userId: user.id, username, displayName: username, role, jurisdiction: user.jurisdiction };
}

export interface MemberSpec {
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  relation: Relation;
  /** income.wage from `factsFrom` on. */
  monthlyIncomeFen?: Fen;
  monetaryAssetsFen?: Fen;
  laborCapacity?: 'full' | 'partial' | 'none';
}

let sequence = 0;

export interface TestHousehold {
  householdId: number;
  personIds: number[];
}

/** A household registered (户籍) and living at `committee`, members since 2010, facts from `factsFrom`. */
export async function makeHousehold(ctx: AppContext, registrar: Actor, members: MemberSpec[], options: { committee?: string; factsFrom?: IsoDate } = {}): Promise<TestHousehold> {
  const committee = options.committee ?? COMMITTEES.weifang1;
  const vault = new IdVault(ctx.config.secretKey);
  const household = await createHousehold(registry(ctx), registrar, { divisionCode: committee, address: '测试路 1 号' });
  const personIds: number[] = [];
  for (const m of members) {
    sequence += 1;
    const seq = ((sequence * 2) % 1000) + (m.sex === 'M' ? 1 : 0);
    const person = await registerPerson(registry(ctx), vault, registrar, {
      idNumber: makeIdNumber('310115', m.birthDate, seq),
      name: m.name,
      hukouDivision: committee,
      residenceDivision: committee,
      laborCapacity: m.laborCapacity ?? 'full',
    });
    const since = m.birthDate > '2010-01-01' ? m.birthDate : '2010-01-01';
    await addMember(registry(ctx), registrar, household.id, { personId: person.id, relation: m.relation, since });
    personIds.push(person.id);
  }
  const from = options.factsFrom ?? '2024-01-01';
  const facts: NewFact[] = members.flatMap((m, i): NewFact[] => [
    ...(m.monthlyIncomeFen ? [{ subjectType: 'person' as const, subjectId: personIds[i], kind: 'income.wage', amountFen: m.monthlyIncomeFen, validFrom: from }] : []),
    ...(m.monetaryAssetsFen ? [{ subjectType: 'person' as const, subjectId: personIds[i], kind: 'asset.monetary', amountFen: m.monetaryAssetsFen, validFrom: from }] : []),
  ]);
  if (facts.length) await recordFactBatch(registry(ctx), { batchId: `test-${household.id}`, source: '人社局', facts });
  return { householdId: household.id, personIds };
}

export async function recordFacts(ctx: AppContext, batchId: string, source: string, facts: NewFact[]): Promise<void> {
  await recordFactBatch(registry(ctx), { batchId, source, facts });
}

/** The app with login and the assistance routes only, on the test's clock. */
export async function buildAssistanceTestApp(ctx: AppContext, clock: Clock): Promise<AppInstance> {
  const app = Fastify({ logger: false, ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } } }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  installAuth(app, ctx);
  await app.register(
    async (api) => {
      await accessRoutes(api as AppInstance, ctx);
      await createAssistanceRoutes(clock)(api as AppInstance, ctx);
    },
    { prefix: '/api/v1' },
  );
  return app;
}

export async function tokenOf(app: AppInstance, username: string): Promise<{ authorization: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${username}: ${response.body}`);
  return { authorization: `Bearer ${(response.json() as { token: string }).token}` };
}

/**
 * The payment-run fixture: `n` elders of one 潍坊 household with no able supporter, each an approved 特困 case paid
 * `amountFen` a month from 2024-05. Cases are written on `db` (the owner's connection where the test has one).
 */
export async function seedDestituteElders(ctx: AppContext, db: Database, accounts: AccountVault, staff: { caseworker: Actor; district: Actor }, n: number, amountFen: Fen): Promise<{ household: TestHousehold; caseIds: number[] }> {
  const elders = Array.from({ length: n }, (_, i) => ({ name: `老人${i + 1}`, sex: (i % 2 ? 'F' : 'M') as Sex, birthDate: '1950-03-01', relation: (i === 0 ? 'head' : 'sibling') as Relation }));
  const household = await makeHousehold(ctx, staff.caseworker, elders, { committee: COMMITTEES.weifang1 });
  await recordFacts(ctx, 'supporters', '民政局', [{ subjectType: 'household', subjectId: household.householdId, kind: 'legal_supporter', attributes: { able: false }, validFrom: '2020-01-01' }]);
  const caseIds = await insertApprovedCases(
    db,
    accounts,
    household.personIds.map((personId, i) => ({
      programme: 'destitute' as const,
      householdId: household.householdId,
      applicantPersonId: personId,
      beneficiaryPersonId: personId,
      personIds: household.personIds,
      applicantName: `老人${i + 1}`,
      streetCode: STREETS.weifang,
      divisionCode: COMMITTEES.weifang1,
      amountFen,
      paymentFrom: '2024-05',
      appliedOn: '2024-04-01',
      decidedOn: '2024-04-20',
      acceptedBy: staff.caseworker.userId,
      approvedBy: staff.district.userId,
      accountNo: `622848000000${String(i).padStart(4, '0')}`,
    })),
  );
  return { household, caseIds };
}
