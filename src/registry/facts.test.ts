import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, openRegistryApi, type RegistryApi } from './api-harness.js';
import { householdPolicyInput, recordFactBatch, type FactView, type HouseholdView, type NewFact, type PersonView } from './index.js';
import { newPerson, TEST_COMMITTEES, type TestUser } from './testing.js';

let api: RegistryApi;
let weifang: TestUser;
let lujiazui: TestUser;

const db = () => api.db();

beforeAll(async () => {
  api = await openRegistryApi();
  ({ weifang, lujiazui } = api);
});
afterAll(async () => api?.close());

const post = (user: TestUser, url: string, payload: object) => api.post(user, url, payload);
const get = (user: TestUser, url: string) => api.get(user, url);
const person = (options: Parameters<typeof newPerson>[0] & { disability?: object; laborCapacity?: string } = {}) => {
  const { disability, laborCapacity, ...rest } = options;
  return ok<PersonView>(post(weifang, '/persons', { ...newPerson(rest), disability, laborCapacity }), 201);
};
const household = () => ok<HouseholdView>(post(weifang, '/households', { divisionCode: TEST_COMMITTEES.weifang1 }), 201);
const join = (householdId: number, personId: number, relation: string, since: string) => ok(post(weifang, `/households/${householdId}/members`, { personId, relation, since }), 201);
const countFacts = async () =>
  Number(
    (
      await db()
        .selectFrom('registry.facts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const income = (subjectId: number, amountFen: number, validFrom: string, validTo?: string): NewFact => ({ subjectType: 'person', subjectId, kind: 'income.wage', amountFen, validFrom, validTo });

describe('fact batches', () => {
  it('records a batch once: a re-sent batch id changes nothing and returns the first count', async () => {
    const p = await person();
    const batch = { batchId: 'rsj-2024-07-0001', source: '人社局', facts: [income(p.id, 500000, '2024-01-01'), income(p.id, 520000, '2024-07-01')] };
    expect(await ok(post(weifang, '/facts/batches', batch), 201)).toEqual({ batchId: batch.batchId, recorded: 2, replayed: false });
    const before = await countFacts();
    expect(await ok(post(weifang, '/facts/batches', batch))).toEqual({ batchId: batch.batchId, recorded: 2, replayed: true });
    expect(await ok(post(weifang, '/facts/batches', { ...batch, facts: [income(p.id, 1, '2024-01-01')] }))).toMatchObject({ recorded: 2, replayed: true });
    expect(await recordFactBatch(db(), batch)).toMatchObject({ recorded: 2, replayed: true });
    expect(await countFacts()).toBe(before);
  });

  it('rejects the whole batch for one bad fact, an unknown subject or a subject outside the jurisdiction', async () => {
    const p = await person();
    const before = await countFacts();
    const bad = await post(weifang, '/facts/batches', {
      batchId: 'bad-1',
      source: '人社局',
      facts: [income(p.id, 1, '2024-01-01'), income(p.id, 2, '2024-01-01'), { subjectType: 'person', subjectId: p.id, kind: 'income.wage', validFrom: '2024-01-01' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'REGISTRY_INVALID_FACT', message: expect.stringContaining('第 3 条') });
    expect((await post(weifang, '/facts/batches', { batchId: 'bad-2', source: '人社局', facts: [income(p.id, 1, '2024-02-30')] })).json()).toMatchObject({ code: 'REGISTRY_INVALID_FACT' });
    expect((await post(weifang, '/facts/batches', { batchId: 'bad-3', source: '人社局', facts: [income(999_999, 1, '2024-01-01')] })).json()).toMatchObject({ code: 'REGISTRY_UNKNOWN_SUBJECT' });
    // The exchange job (no actor) checks existence alone, and names the unknown subject too.
    await expect(recordFactBatch(db(), { batchId: 'bad-5', source: '人社局', facts: [income(p.id, 1, '2024-01-01'), income(999_998, 1, '2024-01-01')] })).rejects.toMatchObject({
      code: 'REGISTRY_UNKNOWN_SUBJECT',
      message: '人员 999998 不存在，整批未入库',
    });
    const outside = await post(lujiazui, '/facts/batches', { batchId: 'bad-4', source: '人社局', facts: [income(p.id, 1, '2024-01-01')] });
    expect(outside.statusCode).toBe(404);
    const audit = await db().selectFrom('access.audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_username: 'lujiazui', action: 'registry.facts.batch', entity_id: 'bad-4', result: 'denied' });
    expect(await countFacts()).toBe(before);
    const batches = await db().selectFrom('registry.fact_batches').select('id').where('id', 'like', 'bad-%').execute();
    expect(batches).toEqual([]);
  });
});

describe('corrections', () => {
  it('adds a superseding row with its reason and keeps the old one as history', async () => {
    const p = await person();
    await ok(post(weifang, '/facts/batches', { batchId: 'gjj-1', source: '公积金中心', facts: [{ subjectType: 'person', subjectId: p.id, kind: 'asset.monetary', amountFen: 8_000_000, validFrom: '2024-06-30' }] }), 201);
    const [original] = await ok<FactView[]>(get(weifang, `/persons/${p.id}/facts`));
    expect((await post(weifang, `/facts/${original.id}/corrections`, { amountFen: 800_000, reason: ' ' })).json()).toMatchObject({ code: 'REGISTRY_REASON_REQUIRED' });
    expect((await post(lujiazui, `/facts/${original.id}/corrections`, { amountFen: 800_000, reason: '录入错误' })).statusCode).toBe(404);
    const corrected = await ok<FactView>(post(weifang, `/facts/${original.id}/corrections`, { amountFen: 800_000, reason: '银行回函：余额多录一位' }), 201);
    expect(corrected).toMatchObject({ supersedes: original.id, amountFen: 800_000, validFrom: '2024-06-30', reason: '银行回函：余额多录一位', source: 'caseworker:weifang', supersededBy: null });
    const again = await post(weifang, `/facts/${original.id}/corrections`, { amountFen: 1, reason: '再改' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'REGISTRY_FACT_ALREADY_CORRECTED' });
    const history = await ok<FactView[]>(get(weifang, `/persons/${p.id}/facts`));
    expect(history.map((f) => [f.id, f.amountFen, f.supersededBy])).toEqual([
      [original.id, 8_000_000, corrected.id],
      [corrected.id, 800_000, null],
    ]);
  });
});

describe('householdPolicyInput', () => {
  it('builds the evaluate household for a month from members and current facts', async () => {
    const head = await person({ birthDate: '1950-03-01', disability: { grade: 2, category: '肢体' }, laborCapacity: 'none' });
    const spouse = await person({ sex: 'F', birthDate: '1955-09-09', addressCode: '320102', hukouDivision: '320102000000' });
    const child = await person({ birthDate: '2012-01-15' });
    const died = await person();
    const left = await person();
    const later = await person();
    const h = await household();
    for (const [p, relation] of [
      [head, 'head'],
      [spouse, 'spouse'],
      [child, 'grandchild'],
      [died, 'sibling'],
      [left, 'other'],
    ] as const)
      await join(h.id, p.id, relation, '2020-01-01');
    await join(h.id, later.id, 'other', '2024-08-02');
    await ok(post(weifang, `/persons/${died.id}/death`, { deathDate: '2024-07-20' }));
    await ok(post(weifang, `/households/${h.id}/members/${left.id}/end`, { until: '2024-08-01' }));

    const fact = (subjectId: number, kind: string, amountFen: number | null, validFrom: string, extra: Partial<NewFact> = {}): NewFact => ({ subjectType: 'person', subjectId, kind, amountFen, validFrom, ...extra });
    const hh = (kind: string, amountFen: number | null, validFrom: string, extra: Partial<NewFact> = {}): NewFact => ({ ...fact(h.id, kind, amountFen, validFrom, extra), subjectType: 'household' });
    await ok(
      post(weifang, '/facts/batches', {
        batchId: 'hand-built',
        source: '核对中心',
        facts: [
          fact(head.id, 'income.pension', 300_000, '2024-01-01'),
          fact(head.id, 'income.wage', 100_000, '2023-01-01', { validTo: '2024-08-01' }), // ended on the 1st: not counted
          fact(head.id, 'income.other', 5_000, '2024-08-01'),
          fact(spouse.id, 'income.wage', 450_000, '2024-08-02'), // starts after the 1st
          fact(child.id, 'income.wage', 9_000, '2024-01-01'), // corrected to 0 below
          hh('income.property', 20_000, '2024-01-01'), // household-level: counted on the head
          fact(head.id, 'asset.monetary', 1_000_000, '2024-01-10'),
          fact(head.id, 'asset.monetary', 2_000_000, '2024-06-30'), // latest ≤ 1st, corrected to 1 500 000
          fact(head.id, 'asset.monetary', 9_999_999, '2024-08-15'),
          fact(spouse.id, 'vehicle', null, '2019-01-01', { attributes: { disabledMobility: true } }),
          fact(head.id, 'vehicle', null, '2010-01-01', { validTo: '2024-05-01' }), // sold
          fact(child.id, 'orphan', null, '2020-01-01'),
          fact(head.id, 'expense.medical', 50_000, '2023-08-01'),
          fact(head.id, 'expense.medical', 70_000, '2023-07-31'), // more than 12 months before
          fact(child.id, 'expense.education', 30_000, '2024-07-31'),
          fact(child.id, 'expense.education', 10_000, '2024-08-01'), // in the month itself
          hh('expense.medical', 5_000, '2024-02-02'),
          fact(died.id, 'expense.medical', 80_000, '2024-03-01'), // not a member on the 1st
          fact(died.id, 'income.pension', 400_000, '2020-01-01'),
          fact(left.id, 'income.wage', 600_000, '2020-01-01'),
          hh('legal_supporter', null, '2024-01-01', { attributes: { able: false } }),
        ],
      }),
      201,
    );
    const facts = await ok<FactView[]>(get(weifang, `/persons/${head.id}/facts?kind=asset.monetary`));
    await ok(post(weifang, `/facts/${facts[1].id}/corrections`, { amountFen: 1_500_000, reason: '银行回函更正' }), 201);
    const childWage = (await ok<FactView[]>(get(weifang, `/persons/${child.id}/facts?kind=income.wage`)))[0];
    await ok(post(weifang, `/facts/${childWage.id}/corrections`, { amountFen: 0, reason: '未成年，无工资收入' }), 201);

    const expected = {
      members: [
        { id: String(head.id), birthDate: '1950-03-01', hukouShanghai: true, disability: { grade: 2, category: '肢体' }, laborCapacity: 'none', orphan: false, monthlyIncomeFen: 325_000, monetaryAssetsFen: 1_500_000, ownsVehicle: false },
        { id: String(spouse.id), birthDate: '1955-09-09', hukouShanghai: false, disability: null, laborCapacity: 'full', orphan: false, monthlyIncomeFen: 0, monetaryAssetsFen: 0, ownsVehicle: false },
        { id: String(child.id), birthDate: '2012-01-15', hukouShanghai: true, disability: null, laborCapacity: 'full', orphan: true, monthlyIncomeFen: 0, monetaryAssetsFen: 0, ownsVehicle: false },
      ],
      rigidExpensesLast12MonthsFen: 85_000,
      hasLegalSupporter: false,
    };
    expect(await householdPolicyInput(db(), h.id, '2024-08')).toEqual(expected);
    expect(await ok(get(weifang, `/households/${h.id}/policy-input?month=2024-08`))).toEqual(expected);
    expect((await get(lujiazui, `/households/${h.id}/policy-input?month=2024-08`)).statusCode).toBe(404);

    // A month earlier: the one who died and the one who left still count; the ended wage still runs.
    const july = await householdPolicyInput(db(), h.id, '2024-07');
    expect(july.members.map((m) => m.id)).toEqual([head.id, spouse.id, child.id, died.id, left.id].map(String));
    expect(july.members[0]).toMatchObject({ monthlyIncomeFen: 420_000, monetaryAssetsFen: 1_500_000 });
  });

  it('defaults to a legal supporter and no orphan; an unknown household is a 404', async () => {
    const p = await person();
    const h = await household();
    await join(h.id, p.id, 'head', '2020-01-01');
    await ok(post(weifang, '/facts/batches', { batchId: 'car-1', source: '车管所', facts: [{ subjectType: 'household', subjectId: h.id, kind: 'vehicle', validFrom: '2021-01-01' }] }), 201);
    expect(await householdPolicyInput(db(), h.id, '2024-08')).toMatchObject({ hasLegalSupporter: true, members: [{ orphan: false, ownsVehicle: true }] });
    await expect(householdPolicyInput(db(), 999_999, '2024-08')).rejects.toMatchObject({ code: 'REGISTRY_HOUSEHOLD_NOT_FOUND', status: 404 });
    await expect(householdPolicyInput(db(), h.id, '2024-13')).rejects.toMatchObject({ code: 'REGISTRY_INVALID_MONTH' });
  });
});
