/**
 * Test factories for the registry: valid persons (GB 11643 numbers built with makeIdNumber), the Shanghai
 * division tree with a few committees, and logged-in API users. For tests only.
 */
import type { Kysely } from 'kysely';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import type { AppInstance } from '../http/types.js';
import { makeIdNumber, type IsoDate, type Sex } from '../kernel/index.js';
import { seedDivisions } from './divisions.js';
import type { RegistryDb } from './model.js';
import type { NewPerson } from './persons.js';
import { SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS } from './shanghai-divisions.js';

/** Committees under 潍坊新村街道 and 陆家嘴街道 (浦东新区) and 天平路街道 (徐汇区). */
export const TEST_COMMITTEES = {
  weifang1: '310115004001',
  weifang2: '310115004002',
  lujiazui1: '310115005001',
  tianping1: '310104003001',
} as const;

export async function seedTestDivisions(db: RegistryDb): Promise<void> {
  await seedDivisions(db, {
    city: SHANGHAI_CITY,
    districts: SHANGHAI_DISTRICTS,
    streets: SHANGHAI_STREETS,
    committees: [
      { code: TEST_COMMITTEES.weifang1, name: '潍坊一村居委会', kind: '居委会' },
      { code: TEST_COMMITTEES.weifang2, name: '潍坊二村居委会', kind: '居委会' },
      { code: TEST_COMMITTEES.lujiazui1, name: '梅园一村居委会', kind: '居委会' },
      { code: TEST_COMMITTEES.tianping1, name: '天平一居委会', kind: '居委会' },
    ],
    validFrom: '2000-01-01',
  });
}

let sequence = 0;

export interface PersonOptions {
  name?: string;
  sex?: Sex;
  birthDate?: IsoDate;
  /** First six digits of the ID number (the place of first registration). */
  addressCode?: string;
  hukouDivision?: string;
  residenceDivision?: string;
}

/** A valid, unique new person; by default a man born 1960-05-17 living (and registered) in 潍坊一村. */
export function newPerson(options: PersonOptions = {}): NewPerson {
  const sex = options.sex ?? 'M';
  sequence += 1;
  // The last digit of the sequence is odd for men; ten numbers per (place, birth date) keep them unique.
  const seq = ((sequence * 2) % 1000) + (sex === 'M' ? 1 : 0);
  const birthDate = options.birthDate ?? `19${60 + (Math.floor(sequence / 499) % 40)}-05-17`;
  const residence = options.residenceDivision ?? TEST_COMMITTEES.weifang1;
  return {
    idNumber: makeIdNumber(options.addressCode ?? '310115', birthDate, seq),
    name: options.name ?? `测试${sequence}`,
    hukouDivision: options.hukouDivision ?? residence,
    residenceDivision: residence,
  };
}

export interface TestUser {
  actor: Actor;
  token: string;
  /** Headers for `app.inject`. */
  headers: { authorization: string };
}

/** Creates a user (bootstrap path, no acting admin) and logs in through the API. */
export async function loginAs(app: AppInstance, db: Kysely<AccessTables>, username: string, role: Role, jurisdiction: string): Promise<TestUser> {
  const password = 'test-pass-123';
  const user = await createUser(db, null, { username, displayName: username, role, jurisdiction, password });
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${username}: ${response.body}`);
  const token = (response.json() as { token: string }).token;
  return {
    actor: { userId: user.id, username, displayName: username, role, jurisdiction: user.jurisdiction },
    token,
    headers: { authorization: `Bearer ${token}` },
  };
}
