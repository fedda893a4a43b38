import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, verifyAuditChain, type AccessTables, type Actor, type Role } from '../access/index.js';
import type { CoreTables } from '../db/index.js';
import { DomainError, makeIdNumber } from '../kernel/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import {
  changePersons,
  correctFact,
  endPersonFacts,
  findPersonIds,
  getPersons,
  IdVault,
  listFacts,
  moveResidence,
  recordDeath,
  recordFactBatch,
  registerPerson,
  setDisability,
  type FactEnd,
  type PersonChange,
  type RegistryTables,
} from './index.js';
import { newPerson, seedTestDivisions, TEST_COMMITTEES } from './testing.js';

let t: TestDatabase;
let vault: IdVault;
let weifang: Actor;
let leader: Actor;
let pudong: Actor;
const db = () => t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>().withTables<CoreTables>();

async function user(username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const view = await createUser(db(), null, { username, displayName: username, role, jurisdiction, password: 'test-pass-123' });
  return { userId: view.id, username, displayName: username, role, jurisdiction: view.jurisdiction };
}

beforeAll(async () => {
  t = await openTestDatabase();
  vault = new IdVault(t.ctx.config.secretKey);
  await seedTestDivisions(db());
  weifang = await user('weifang', 'street_caseworker', '310115004');
  leader = await user('leader', 'leader', '310000');
  pudong = await user('pudong', 'district_staff', '310115');
});
afterAll(async () => t?.close());

const person = async (committee: string = TEST_COMMITTEES.weifang1, birthDate = '1960-05-17') => {
  const input = newPerson({ residenceDivision: committee, birthDate });
  return { ...(await registerPerson(db(), vault, pudong, input)), idNumber: input.idNumber };
};
const codeOf = (outcome: unknown) => (outcome instanceof DomainError ? outcome.code : outcome);
const eventsAfter = async (id: number) =>
  (await db().selectFrom('core.outbox').select(['id', 'topic', 'key', 'payload']).where('id', '>', id).orderBy('id').execute()).map((e) => ({ topic: e.topic, payload: e.payload as Record<string, unknown> }));
const lastEventId = async () =>
  Number(
    (
      await db()
        .selectFrom('core.outbox')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  );
const auditAfter = (id: number) => db().selectFrom('access.audit_log').selectAll().where('id', '>', id).orderBy('id').execute();
const lastAuditId = async () =>
  Number(
    (
      await db()
        .selectFrom('access.audit_log')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  );

/** The one-person call each bulk item stands for, its error turned into the outcome as the bulk call returns it. */
async function oneByOne(change: PersonChange): Promise<string> {
  const call =
    change.kind === 'death'
      ? recordDeath(db(), weifang, change.personId, { deathDate: change.deathDate })
      : change.kind === 'disability'
        ? setDisability(db(), weifang, change.personId, change.disability)
        : moveResidence(db(), weifang, change.personId, { residenceDivision: change.residenceDivision, movedOn: change.movedOn });
  return call.then(
    () => 'recorded',
    (error: unknown) => codeOf(error) as string,
  );
}

describe('changePersons: many persons changed in one transaction, audited once', () => {
  it('gives each change the outcome, row and event the one-person functions give, in order', async () => {
    // Twin persons: the first set changed one call at a time, the second in one bulk call.
    const twins = await Promise.all([0, 1].map(async () => ({ a: await person(), b: await person(), outsider: await person(TEST_COMMITTEES.lujiazui1) })));
    const script = ({ a, b, outsider }: (typeof twins)[number]): PersonChange[] => [
      { kind: 'death', personId: a.id, deathDate: '2025-03-01' },
      { kind: 'disability', personId: a.id, disability: { grade: 2, category: '肢体' } },
      { kind: 'death', personId: a.id, deathDate: '2025-03-02' }, // already dead: 409
      { kind: 'move', personId: a.id, residenceDivision: TEST_COMMITTEES.weifang2, movedOn: '2025-03-05' }, // dead: 409
      { kind: 'move', personId: b.id, residenceDivision: TEST_COMMITTEES.weifang2, movedOn: '2025-02-01' },
      { kind: 'move', personId: b.id, residenceDivision: TEST_COMMITTEES.weifang2, movedOn: '2025-02-02' }, // same residence: 400
      { kind: 'disability', personId: b.id, disability: { grade: 7 as 1, category: '肢体' } }, // invalid grade: 400
      { kind: 'death', personId: b.id, deathDate: '1950-01-01' }, // before birth: 400
      { kind: 'death', personId: b.id, deathDate: '2999-01-01' }, // future: 400
      { kind: 'move', personId: b.id, residenceDivision: '310115999999', movedOn: '2025-02-01' }, // unknown division: 400
      { kind: 'death', personId: outsider.id, deathDate: '2025-03-01' }, // another street's person: 404
      { kind: 'death', personId: 999_999, deathDate: '2025-03-01' }, // unknown: 404
    ];
    const [single, bulk] = twins;
    const fromSingle = await lastEventId();
    const expected: string[] = [];
    for (const change of script(single)) expected.push(await oneByOne(change));
    const singleEvents = await eventsAfter(fromSingle);

    const fromBulk = await lastEventId();
    const auditFrom = await lastAuditId();
    const outcomes = await changePersons(db(), weifang, { reference: 'exchange:public_security:ga-1', changes: script(bulk) });
    expect(outcomes.map(codeOf)).toEqual(expected);
    expect(expected).toEqual([
      'recorded',
      'recorded',
      'REGISTRY_PERSON_ALREADY_DEAD',
      'REGISTRY_PERSON_DEAD',
      'recorded',
      'REGISTRY_SAME_RESIDENCE',
      'REGISTRY_INVALID_DISABILITY',
      'REGISTRY_INVALID_DATE',
      'REGISTRY_FUTURE_DATE',
      'REGISTRY_UNKNOWN_DIVISION',
      'NOT_FOUND',
      'REGISTRY_PERSON_NOT_FOUND',
    ]);

    // Same rows: compare each twin's row with its counterpart's.
    const row = (id: number) => db().selectFrom('registry.persons').select(['death_date', 'disability_grade', 'disability_category', 'residence_division']).where('id', '=', id).executeTakeFirstOrThrow();
    for (const key of ['a', 'b', 'outsider'] as const) expect(await row(bulk[key].id)).toEqual(await row(single[key].id));
    expect(await row(bulk.a.id)).toEqual({ death_date: '2025-03-01', disability_grade: 2, disability_category: '肢体', residence_division: TEST_COMMITTEES.weifang1 });
    expect((await row(bulk.b.id)).residence_division).toBe(TEST_COMMITTEES.weifang2);

    // Same events, in the same order, naming the twin.
    const twin = new Map([
      [bulk.a.id, single.a.id],
      [bulk.b.id, single.b.id],
    ]);
    const bulkEvents = (await eventsAfter(fromBulk)).map((e) => ({ ...e, payload: { ...e.payload, personId: twin.get(e.payload.personId as number) } }));
    expect(bulkEvents).toEqual(singleEvents);
    expect(bulkEvents.map((e) => e.topic)).toEqual(['registry.person.died', 'registry.person.disability_changed', 'registry.person.moved']);

    // One entry for the batch naming every change, one refusal naming the outsider; the chain holds.
    const audit = await auditAfter(auditFrom);
    expect(audit.map((a) => [a.action, a.entity_id, a.result])).toEqual([
      ['registry.persons.change', 'exchange:public_security:ga-1', 'ok'],
      ['registry.persons.change', 'exchange:public_security:ga-1', 'denied'],
    ]);
    expect((audit[0].detail as { changes: { personId: number }[] }).changes.map((c) => c.personId)).toEqual([bulk.a.id, bulk.a.id, bulk.b.id]);
    expect(audit[1].detail).toEqual({ reason: 'jurisdiction', subjects: [bulk.outsider.id] });
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('refuses a role without registry.write as a whole, audited, and changes nothing', async () => {
    const p = await person();
    await expect(changePersons(db(), leader, { reference: 'x', changes: [{ kind: 'death', personId: p.id, deathDate: '2025-01-01' }] })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect((await auditAfter((await lastAuditId()) - 1))[0]).toMatchObject({ actor_username: 'leader', action: 'registry.persons.change', result: 'denied' });
    expect((await db().selectFrom('registry.persons').select('death_date').where('id', '=', p.id).executeTakeFirstOrThrow()).death_date).toBeNull();
  });
});

describe('endPersonFacts: ends of many persons facts, as correctFact writes them', () => {
  const wage = (subjectId: number, amountFen: number, validFrom: string, validTo?: string) => ({ subjectType: 'person' as const, subjectId, kind: 'income.wage', amountFen, validFrom, validTo });

  /** What the exchange did before, one person at a time: list the open facts, correct each. */
  async function oneByOne(end: FactEnd): Promise<number | string> {
    try {
      const open = (await listFacts(db(), weifang, { type: 'person', id: end.personId }, { kind: 'income.wage' })).filter((f) => f.supersededBy === null && f.validFrom < end.on && (f.validTo === null || f.validTo > end.on));
      for (const f of open) await correctFact(db(), weifang, f.id, { validTo: end.on, reason: end.reason });
      return open.length;
    } catch (error) {
      return codeOf(error) as string;
    }
  }

  it('closes the facts open on the day, sees its own corrections, and leaves the rest', async () => {
    const twins = await Promise.all(
      [0, 1].map(async (n) => {
        const [p, q, r, outsider] = [await person(), await person(), await person(), await person(TEST_COMMITTEES.lujiazui1)];
        // p: a wage open since 2024 (ends), one that ended in 2023 and one that starts after the day (both stay).
        await recordFactBatch(db(), {
          batchId: `wages-${n}`,
          source: '人社局',
          facts: [wage(p.id, 500_000, '2024-01-01'), wage(p.id, 300_000, '2023-01-01', '2024-01-01'), wage(p.id, 600_000, '2025-06-01'), wage(q.id, 400_000, '2024-05-01', '2025-12-01'), wage(outsider.id, 1, '2024-01-01')],
        });
        return { p, q, r, outsider };
      }),
    );
    const script = ({ p, q, r, outsider }: (typeof twins)[number]): FactEnd[] => [
      { personId: p.id, on: '2025-03-01', reason: '失业（第 1 行）' },
      { personId: q.id, on: '2025-02-01', reason: '失业（第 2 行）' },
      { personId: p.id, on: '2024-06-01', reason: '失业（第 3 行）' }, // ends p's corrected wage again, earlier
      { personId: r.id, on: '2025-01-01', reason: '失业（第 4 行）' }, // no wage: 0
      { personId: q.id, on: '2026-01-01', reason: '失业（第 5 行）' }, // q's wage ended 2025-02-01: 0
      { personId: outsider.id, on: '2025-01-01', reason: '失业' }, // 404
      { personId: 999_999, on: '2025-01-01', reason: '失业' }, // 404
      { personId: q.id, on: '2025-01-01', reason: '  ' }, // no reason: 400
    ];
    const [single, bulk] = twins;
    const expected: (number | string)[] = [];
    for (const end of script(single)) expected.push(await oneByOne(end));
    expect(expected).toEqual([1, 1, 1, 0, 0, 'NOT_FOUND', 'REGISTRY_PERSON_NOT_FOUND', 'REGISTRY_REASON_REQUIRED']);

    const fromBulk = await lastEventId();
    const auditFrom = await lastAuditId();
    const outcomes = await endPersonFacts(db(), weifang, { reference: 'exchange:hr:rs-1', kind: 'income.wage', ends: script(bulk) });
    expect(outcomes.map(codeOf)).toEqual(expected);
    const audit = await auditAfter(auditFrom);

    // The same history per person: amounts, periods, reasons, sources and which row supersedes which.
    const history = async (personId: number) => {
      const facts = await listFacts(db(), pudong, { type: 'person', id: personId });
      const index = new Map(facts.map((f, i) => [f.id, i]));
      return facts.map((f) => ({
        amountFen: f.amountFen,
        validFrom: f.validFrom,
        validTo: f.validTo,
        reason: f.reason,
        source: f.source,
        correction: f.batchId === `correction:${f.id}`,
        supersedes: f.supersedes === null ? null : index.get(f.supersedes),
        supersededBy: f.supersededBy === null ? null : index.get(f.supersededBy),
      }));
    };
    for (const key of ['p', 'q', 'r', 'outsider'] as const) expect(await history(bulk[key].id)).toEqual(await history(single[key].id));
    const current = (await listFacts(db(), weifang, { type: 'person', id: bulk.p.id })).filter((f) => f.supersededBy === null);
    expect(current.map((f) => [f.amountFen, f.validFrom, f.validTo, f.reason])).toEqual([
      [300_000, '2023-01-01', '2024-01-01', null],
      [500_000, '2024-01-01', '2024-06-01', '失业（第 3 行）'],
      [600_000, '2025-06-01', null, null],
    ]);
    const batches = await db()
      .selectFrom('registry.fact_batches')
      .select(['id', 'source', 'row_count'])
      .where(
        'id',
        'in',
        current.filter((f) => f.reason).map((f) => f.batchId),
      )
      .execute();
    expect(batches).toEqual([{ id: current[1].batchId, source: 'caseworker:weifang', row_count: 1 }]);

    // One event per correction, naming the fact it supersedes; one audit entry naming the ends.
    const events = await eventsAfter(fromBulk);
    expect(events.map((e) => [e.topic, e.payload.subjectId, e.payload.kind])).toEqual([
      ['registry.fact.corrected', bulk.p.id, 'income.wage'],
      ['registry.fact.corrected', bulk.q.id, 'income.wage'],
      ['registry.fact.corrected', bulk.p.id, 'income.wage'],
    ]);
    expect(events[2].payload.supersedes).toBe(events[0].payload.factId);
    expect(audit.map((a) => [a.action, a.entity_id, a.result])).toEqual([
      ['registry.facts.end', 'exchange:hr:rs-1', 'ok'],
      ['registry.facts.end', 'exchange:hr:rs-1', 'denied'],
    ]);
    const detail = audit[0].detail as { kind: string; ends: { personId: number; corrections: number[] }[] };
    expect(detail.kind).toBe('income.wage');
    expect(detail.ends.map((e) => [e.personId, e.corrections.length])).toEqual([
      [bulk.p.id, 1],
      [bulk.q.id, 1],
      [bulk.p.id, 1],
      [bulk.r.id, 0],
      [bulk.q.id, 0],
    ]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });
});

describe('getPersons and findPersonIds: many persons read with one audit entry', () => {
  it('returns the persons in the jurisdiction, names them in the audit, and never logs a full ID number', async () => {
    const [a, b, outsider] = [await person(), await person(), await person(TEST_COMMITTEES.lujiazui1)];
    const auditFrom = await lastAuditId();
    const views = await getPersons(db(), weifang, [b.id, a.id, outsider.id, 999_999, a.id], 'exchange:hr:rs-2');
    expect(views.map((v) => v.id)).toEqual([a.id, b.id]);
    expect(views[0]).toMatchObject({ birthDate: '1960-05-17', residenceDivision: TEST_COMMITTEES.weifang1, idNumber: expect.stringContaining('*') });

    const unknown = makeIdNumber('310115', '1990-01-01', 999);
    const found = await findPersonIds(db(), vault, weifang, [a.idNumber, b.idNumber.toLowerCase(), outsider.idNumber, unknown, 'not a number'], 'exchange:hr:rs-2');
    expect([...found]).toEqual(
      expect.arrayContaining([
        [a.idNumber, a.id],
        [b.idNumber.toLowerCase(), b.id],
      ]),
    );
    expect(found.size).toBe(2);

    const audit = await auditAfter(auditFrom);
    expect(audit.map((e) => [e.action, e.result])).toEqual([
      ['registry.persons.read', 'ok'],
      ['registry.persons.read', 'denied'],
      ['registry.persons.find', 'ok'],
      ['registry.persons.find', 'denied'],
    ]);
    expect(audit[0].detail).toEqual({ ids: [a.id, b.id] });
    expect(audit[3].detail).toEqual({ reason: 'jurisdiction', subjects: [outsider.id] });
    for (const number of [a.idNumber, b.idNumber, outsider.idNumber]) expect(JSON.stringify(audit)).not.toContain(number);
  });
});
