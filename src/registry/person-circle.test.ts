/**
 * personCircle answers what the four services answer separately (the household as getHousehold, the policy
 * input as readHouseholdPolicyInput, the wards from `guardian_of` facts), in one transaction, audited under
 * the same actions; a reader of another street gets 404 and a denied entry.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInShanghai } from '../kernel/index.js';
import { ok, openRegistryApi, type RegistryApi } from './api-harness.js';
import { getHousehold, personCircle, readHouseholdPolicyInput, recordFactBatch, type HouseholdView, type PersonView } from './index.js';
import { newPerson, TEST_COMMITTEES } from './testing.js';

let api: RegistryApi;
beforeAll(async () => {
  api = await openRegistryApi();
});
afterAll(async () => api?.close());

const person = (options: Parameters<typeof newPerson>[0] = {}) => ok<PersonView>(api.post(api.weifang, '/persons', newPerson(options)), 201);
const auditActions = async (after: number) => (await api.db().selectFrom('access.audit_log').select(['action', 'result']).where('id', '>', after).orderBy('id').execute()).map((r) => `${r.action}:${r.result}`);
const lastAuditId = async () =>
  Number(
    (
      await api
        .db()
        .selectFrom('access.audit_log')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id ?? 0,
  );

it('reads the person, household, wards and policy input as the separate services do, in one go', async () => {
  const head = await person({ birthDate: '1980-03-04' });
  const child = await person({ birthDate: '2015-06-01' });
  const ward = await person({ birthDate: '1950-01-01' });
  const h = await ok<HouseholdView>(api.post(api.weifang, '/households', { divisionCode: TEST_COMMITTEES.weifang1 }), 201);
  await ok(api.post(api.weifang, `/households/${h.id}/members`, { personId: head.id, relation: 'head', since: '2020-01-01' }), 201);
  await ok(api.post(api.weifang, `/households/${h.id}/members`, { personId: child.id, relation: 'child', since: '2020-01-01' }), 201);
  await recordFactBatch(api.db(), {
    batchId: `circle-${head.id}`,
    source: '测试',
    facts: [
      { subjectType: 'person', subjectId: head.id, kind: 'income.wage', amountFen: 300_000, validFrom: '2024-01-01' },
      { subjectType: 'person', subjectId: head.id, kind: 'guardian_of', attributes: { wardPersonId: ward.id }, validFrom: '2024-01-01' },
    ],
  });
  const actor = api.weifang.actor;
  const on = todayInShanghai();
  const month = on.slice(0, 7);
  const before = await lastAuditId();
  const circle = await personCircle(api.db(), actor, head.id, { on, month, reference: 'test' });
  expect(await auditActions(before)).toEqual(['registry.persons.read:ok', 'registry.facts.read:ok', 'registry.household.read:ok', 'registry.household.policy_input:ok']);
  expect(circle?.person).toMatchObject({ id: head.id, householdId: h.id });
  expect(circle?.household).toEqual(await getHousehold(api.db(), actor, h.id));
  expect(circle?.policyInput).toEqual(await readHouseholdPolicyInput(api.db(), actor, h.id, month));
  expect(circle?.policyInput?.members.find((m) => m.id === String(head.id))?.monthlyIncomeFen).toBe(300_000);
  expect(circle?.wardIds).toEqual([ward.id]);

  // Without a month: no policy input; a person in no household: none either.
  expect((await personCircle(api.db(), actor, child.id, { on, reference: 'test' }))?.policyInput).toBeNull();
  expect(await personCircle(api.db(), actor, ward.id, { on, month, reference: 'test' })).toMatchObject({ household: null, policyInput: null, wardIds: [] });
  expect(await personCircle(api.db(), actor, 987_654, { on, reference: 'test' })).toBeNull();

  // Another street's caseworker: the person is unknown to them (404), the refusal audited.
  const other = await lastAuditId();
  await expect(personCircle(api.db(), api.lujiazui.actor, head.id, { on, month, reference: 'test' })).rejects.toMatchObject({ status: 404 });
  expect(await auditActions(other)).toEqual(['registry.persons.read:denied']);
});
