/**
 * Marriage registration on a real database: the checks of 民法典 1046–1051 and 《婚姻登记条例》 (2025) as worked
 * cases, certificates numbered gap-free, the bigamy check against historical records, a death freeing the survivor.
 * The clock is 2025-07-01 unless a test moves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/index.js';
import { addMember, createHousehold, recordDeath, registerPerson } from '../registry/index.js';
import { newPerson, TEST_COMMITTEES } from '../registry/testing.js';
import { decideReview, getMarriage, listReviews } from './records.js';
import { importBatch } from './imports.js';
import { preCheck, registerMarriage } from './registration.js';
import { openMarriageWorld, type MarriageWorld } from './testing.js';
import { maritalStatus } from './status.js';
import type { CoreTables } from '../db/index.js';

let w: MarriageWorld;

beforeAll(async () => {
  w = await openMarriageWorld();
}, 120_000);
afterAll(async () => {
  await w?.close();
});

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};
const count = async () =>
  Number(
    (
      await w.deps.db.kysely
        .withTables<import('./model.js').MarriageTables>()
        .selectFrom('marriage.marriages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('age on the day (民法典 1047: 男 22、女 20 周岁)', () => {
  it('registers a man on his 22nd birthday and refuses him the day before', async () => {
    w.clock.set('2025-07-01');
    const onBirthday = w.couple({ husband: { idNumber: w.id('M', '2003-07-01') } });
    const ok = await preCheck(w.deps, w.users.pudong, onBirthday);
    expect(ok.find((c) => c.check === 'age')).toMatchObject({ outcome: 'pass', message: '男方 22 周岁，女方 27 周岁' });
    w.clock.set('2025-06-30');
    const before = await preCheck(w.deps, w.users.pudong, onBirthday);
    expect(before.find((c) => c.check === 'age')).toMatchObject({ outcome: 'fail', message: '男方 21 周岁，未满 22 周岁' });
    const n = await count();
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, onBirthday))).toBe('MARRIAGE_UNDER_AGE');
    expect(await count()).toBe(n);
    w.clock.set('2025-07-01');
  });

  it('counts a man born on 29 February as 22 on 1 March of a common year, not on 28 February', async () => {
    // Born 2000-02-29; 2022 is a common year: ageOn counts 21 on 2022-02-28 and 22 on 2022-03-01 → refused, then passes.
    const couple = w.couple({ husband: { idNumber: w.id('M', '2000-02-29') } });
    w.clock.set('2022-02-28');
    expect((await preCheck(w.deps, w.users.pudong, couple)).find((c) => c.check === 'age')).toMatchObject({ outcome: 'fail', message: '男方 21 周岁，未满 22 周岁' });
    w.clock.set('2022-03-01');
    expect((await preCheck(w.deps, w.users.pudong, couple)).find((c) => c.check === 'age')?.outcome).toBe('pass');
    w.clock.set('2025-07-01');
  });
});

describe('bad input: 4xx with a code and a Chinese message, nothing changed', () => {
  it('refuses a wrong check digit, two men, a party absent, a missing declaration', async () => {
    const n = await count();
    const bad = w.couple();
    bad.husband.idNumber = `${bad.husband.idNumber.slice(0, 17)}${bad.husband.idNumber[17] === '0' ? '1' : '0'}`;
    const e = await registerMarriage(w.deps, w.users.pudong, bad).catch((x: DomainError) => x);
    expect(e).toMatchObject({ status: 400, code: 'MARRIAGE_INVALID_ID_NUMBER' });
    expect((e as DomainError).message).toContain('校验码');
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ wife: { idNumber: w.id('M', '1996-01-01') } })))).toBe('MARRIAGE_NOT_MAN_AND_WOMAN');
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ wife: { present: false } })))).toBe('MARRIAGE_PARTY_ABSENT');
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { declarationSigned: false } })))).toBe('MARRIAGE_NO_DECLARATION');
    expect(await count()).toBe(n);
  });
});

describe('bigamy (民法典 1042/1051) against every marriage not ended', () => {
  it('registers a couple, numbers the certificate J310115-2025-000001, and refuses either party a second time naming the office', async () => {
    const first = w.couple();
    const done = await registerMarriage(w.deps, w.users.pudong, first);
    expect(done.certificateNumber).toBe('J310115-2025-000001');
    const again = w.couple({ husband: { idNumber: first.husband.idNumber } });
    const e = (await registerMarriage(w.deps, w.users.xuhui, again).catch((x: DomainError) => x)) as DomainError;
    expect(e.code).toBe('MARRIAGE_ALREADY_MARRIED');
    // Another office learns where, not what.
    expect(e.message).toContain('男方在浦东新区婚姻登记处有未解除的婚姻登记');
    expect(e.message).not.toContain(first.wife.name);
  });

  it('finds a historical record imported with a 15-digit number and one imported with 18 digits', async () => {
    // 15-digit 320102 720315 123 → 18 digits 320102 19720315 123 + check.
    const old15 = '320102720315123';
    const wife18 = w.id('F', '1975-06-06');
    const report = await importBatch(w.deps, w.users.admin, {
      batchId: 'bigamy-1',
      source: '测试',
      provenance: 'backfilled',
      format: 'ndjson',
      content: [JSON.stringify({ husbandName: '周建国', husbandIdNumber: old15, wifeName: '吴秀英', wifeIdNumber: wife18, registeredOn: '1996-05-01', officeCode: '310104' })].join('\n'),
    });
    expect(report).toMatchObject({ accepted: 1, rejected: 0 });
    const husbandNow = `32010219720315123`;
    const { idNumberCheckChar } = await import('../kernel/index.js');
    const converted = husbandNow + idNumberCheckChar(husbandNow);
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { idNumber: converted, name: '周建国' } })))).toBe('MARRIAGE_ALREADY_MARRIED');
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ wife: { idNumber: wife18, name: '吴秀英' } })))).toBe('MARRIAGE_ALREADY_MARRIED');
  });

  it('holds a name-and-birth-date match with an ID-less record for review, with a side-by-side compare, and registers once cleared', async () => {
    await importBatch(w.deps, w.users.admin, {
      batchId: 'noid-1',
      source: '测试',
      provenance: 'backfilled',
      format: 'ndjson',
      content: JSON.stringify({ husbandName: '钱有福', husbandBirthDate: '1960-03-03', wifeName: '孙桂兰', wifeBirthDate: '1962-04-04', registeredOn: '1985-10-01' }),
    });
    const couple = w.couple({ husband: { idNumber: w.id('M', '1960-03-03'), name: '钱有福', declaredStatus: 'widowed', proof: '配偶死亡医学证明' } });
    const e = (await registerMarriage(w.deps, w.users.pudong, couple).catch((x: DomainError) => x)) as DomainError;
    expect(e.code).toBe('MARRIAGE_NEEDS_REVIEW');
    const checks = (e.details as { checks: { check: string; outcome: string; compare?: unknown[] }[] }).checks;
    expect(checks.find((c) => c.check === 'name_match')).toMatchObject({ outcome: 'review', compare: [{ party: 'husband', record: { name: '钱有福', birthDate: '1960-03-03', registeredOn: '1985-10-01', office: null } }] });
    const reviews = await listReviews(w.deps, w.users.pudong);
    const review = reviews.find((r) => r.kind === 'name_match');
    expect(review?.detail).toMatchObject({ applicant: { name: '钱有福', birthDate: '1960-03-03' }, record: { name: '钱有福' } });
    await decideReview(w.deps, w.users.pudong, review!.id, 'cleared');
    expect((await registerMarriage(w.deps, w.users.pudong, couple)).certificateNumber).toMatch(/^J310115-2025-\d{6}$/);
  });

  it('frees the survivor when the registry records a death (registry.person.died)', async () => {
    const clerk = { ...w.users.district, role: 'district_staff' as const };
    const husband = newPerson({ birthDate: '1980-01-01' });
    const wife = newPerson({ birthDate: '1982-02-02', sex: 'F' });
    const hp = await registerPerson(w.registry, w.vault, clerk, husband);
    const wp = await registerPerson(w.registry, w.vault, clerk, wife);
    const couple = w.couple({ husband: { idNumber: husband.idNumber, name: husband.name }, wife: { idNumber: wife.idNumber, name: wife.name } });
    // Registered today (2025-07-01); the husband dies the same day.
    const m = await registerMarriage(w.deps, w.users.pudong, couple);
    const db = w.deps.db.kysely.withTables<import('./model.js').MarriageTables>();
    expect(await maritalStatus(db, wp.id, '2025-07-01')).toEqual({ status: 'married', marriageId: m.marriageId });
    const remarry = w.couple({ wife: { idNumber: wife.idNumber, name: wife.name, declaredStatus: 'widowed' } });
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, remarry))).toBe('MARRIAGE_ALREADY_MARRIED');
    await recordDeath(w.registry, clerk, hp.id, { deathDate: '2025-07-01' });
    await w.dispatch();
    expect(await getMarriage(w.deps, w.users.pudong, m.marriageId)).toMatchObject({ endedOn: '2025-07-01', endReason: 'death' });
    // The survivor is widowed from the death date on; the funeral checklist gets the answer naming the spouse's status.
    expect(await maritalStatus(db, wp.id, '2025-07-01')).toEqual({ status: 'widowed', marriageId: m.marriageId });
    const answers = await db.withTables<CoreTables>().selectFrom('core.outbox').select('payload').where('topic', '=', 'marriage.death.settled').where('key', '=', String(hp.id)).execute();
    expect(answers.map((a) => a.payload)).toEqual([expect.objectContaining({ personId: hp.id, deathDate: '2025-07-01', marriages: [{ marriageId: m.marriageId, endedOn: '2025-07-01', spousePersonId: wp.id, spouseStatus: 'widowed' }] })]);
    // 丧偶 now shows in the data, so no proof is needed.
    expect((await registerMarriage(w.deps, w.users.pudong, remarry)).marriageId).toBeGreaterThan(m.marriageId);
  });

  it('frees the survivor of an imported marriage whose parties the registry did not know then: the death is matched by ID hash', async () => {
    const clerk = { ...w.users.district, role: 'district_staff' as const };
    const husband = newPerson({ birthDate: '1950-05-05' });
    const wifeId = w.id('F', '1952-06-06');
    await importBatch(w.deps, w.users.admin, {
      batchId: 'death-by-hash-1',
      source: '测试',
      provenance: 'imported',
      format: 'ndjson',
      content: JSON.stringify({ husbandName: husband.name, husbandIdNumber: husband.idNumber, wifeName: '郑玉珍', wifeIdNumber: wifeId, registeredOn: '1975-01-01' }),
    });
    // The husband enters the registry only now (moved in after the record was made): no person id on the marriage.
    const hp = await registerPerson(w.registry, w.vault, clerk, husband);
    const widow = w.couple({ wife: { idNumber: wifeId, name: '郑玉珍', declaredStatus: 'widowed' } });
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, widow))).toBe('MARRIAGE_ALREADY_MARRIED');
    await recordDeath(w.registry, clerk, hp.id, { deathDate: '2025-06-29' });
    await w.dispatch();
    const ended = await w.deps.db.kysely
      .withTables<import('./model.js').MarriageTables>()
      .selectFrom('marriage.marriages')
      .select(['ended_on', 'end_reason', 'husband_person_id'])
      .where('batch_id', '=', 'death-by-hash-1')
      .executeTakeFirstOrThrow();
    expect(ended).toEqual({ ended_on: '2025-06-29', end_reason: 'death', husband_person_id: hp.id });
    expect((await registerMarriage(w.deps, w.users.pudong, widow)).marriageId).toBeGreaterThan(0);
  });

  it('asks for proof of a declared divorce the data do not show', async () => {
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { declaredStatus: 'divorced' } })))).toBe('MARRIAGE_PROOF_REQUIRED');
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { declaredStatus: 'divorced', proof: '外省离婚证 L320102-2019-000123' } })))).toBe('ok');
  });
});

describe('kinship (民法典 1048) from the registry household', () => {
  it('refuses a head and their child, and holds two children of one head for review', async () => {
    const clerk = w.users.district;
    const father = newPerson({ birthDate: '1970-01-01' });
    const daughter = newPerson({ birthDate: '1998-01-01', sex: 'F' });
    const son = newPerson({ birthDate: '1996-01-01' });
    const f = await registerPerson(w.registry, w.vault, clerk, father);
    const d = await registerPerson(w.registry, w.vault, clerk, daughter);
    const s = await registerPerson(w.registry, w.vault, clerk, son);
    const household = await createHousehold(w.registry, clerk, { divisionCode: TEST_COMMITTEES.weifang1 });
    await addMember(w.registry, clerk, household.id, { personId: f.id, relation: 'head', since: '2000-01-01' });
    await addMember(w.registry, clerk, household.id, { personId: d.id, relation: 'child', since: '2000-01-01' });
    await addMember(w.registry, clerk, household.id, { personId: s.id, relation: 'child', since: '2000-01-01' });
    const wifeParty = { idNumber: daughter.idNumber, name: daughter.name };
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { idNumber: father.idNumber, name: father.name, declaredStatus: 'unmarried' }, wife: wifeParty })))).toBe('MARRIAGE_PROHIBITED_KINSHIP');
    const siblings = await preCheck(w.deps, w.users.pudong, w.couple({ husband: { idNumber: son.idNumber, name: son.name }, wife: wifeParty }));
    expect(siblings.find((c) => c.check === 'kinship')?.outcome).toBe('review');
  });
});

describe('certificates: unique and gap-free per office and year', () => {
  it('numbers 50 registrations from 10 concurrent clients 1…50 after the ones before, no gap, no duplicate', async () => {
    const before = await w.deps.db.kysely
      .withTables<import('./model.js').MarriageTables>()
      .selectFrom('marriage.certificate_counters')
      .select('last_serial')
      .where('kind', '=', 'J')
      .where('year', '=', 2025)
      .where('office_id', '=', 11)
      .executeTakeFirstOrThrow();
    // 50 issues from 10 concurrent clients (the PostgreSQL pool's size: more would only queue for a connection).
    const results = (
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const mine = [];
          for (let i = 0; i < 5; i++) mine.push(await registerMarriage(w.deps, w.users.pudong, w.couple()));
          return mine;
        }),
      )
    ).flat();
    const serials = results.map((r) => Number(r.certificateNumber.slice(-6))).sort((a, b) => a - b);
    expect(new Set(serials).size).toBe(50);
    expect(serials[0]).toBe(before.last_serial + 1);
    expect(serials[49]).toBe(before.last_serial + 50);
  }, 60_000);

  it('answers a retried registration (same request key) with the first one', async () => {
    const couple = { ...w.couple(), requestKey: 'retry-key-0001' };
    const a = await registerMarriage(w.deps, w.users.pudong, couple);
    const b = await registerMarriage(w.deps, w.users.pudong, couple);
    expect(b.certificateNumber).toBe(a.certificateNumber);
  });
});
