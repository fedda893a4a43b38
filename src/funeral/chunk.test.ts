/**
 * The outbox hands a chunk of deaths to the modules' set-based handlers (`handleMany`): monitoring, children and
 * the policy re-screen must leave what one event per transaction leaves. Two like groups of people die on the same
 * day — an elder drawing the elderly allowance, a working-age adult alone, a parent of a minor child, a spouse who
 * leaves a partner — the first group delivered one event per transaction, the second in one chunk; their
 * outcomes, stripped of ids, are equal.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dispatchOutbox } from '../db/index.js';
import { eventHandlers } from '../modules.js';
import { addMember, changePersons, recordDeath, registerPerson } from '../registry/index.js';
import { newPerson } from '../registry/testing.js';
import { openFuneralWorld, TEST_COMMITTEES, type FuneralWorld } from './testing.js';

let w: FuneralWorld;
beforeAll(async () => {
  w = await openFuneralWorld();
}, 180_000);
afterAll(async () => w?.close());

interface Group {
  elder: number;
  adult: number;
  parent: number;
  spouse: number;
}

async function group(): Promise<Group> {
  const elder = await w.register({ birthDate: '1948-06-01' });
  const adult = await w.register({ birthDate: '1970-01-01' });
  const parent = await w.register({ birthDate: '1985-03-03' });
  const child = await registerPerson(w.registry, w.vault, w.users.pudong, newPerson({ birthDate: '2015-09-09', residenceDivision: TEST_COMMITTEES.weifang1 }));
  await addMember(w.registry, w.users.pudong, parent.householdId, { personId: child.id, relation: 'child', since: '2015-09-09' });
  const spouse = await w.register({ birthDate: '1960-02-02' });
  const partner = await registerPerson(w.registry, w.vault, w.users.pudong, newPerson({ birthDate: '1961-04-04', residenceDivision: TEST_COMMITTEES.weifang1, sex: 'F' }));
  await addMember(w.registry, w.users.pudong, spouse.householdId, { personId: partner.id, relation: 'spouse', since: '1990-01-01' });
  return { elder: elder.personId, adult: adult.personId, parent: parent.personId, spouse: spouse.personId };
}

/** What each module left for one person, without ids (the two groups have different ones). */
async function outcome(personId: number) {
  const q = <T>(text: string) => w.t.ownerQuery<T>(text, [personId]);
  return {
    monitoring: await q(`select death_date::text from monitoring.persons where person_id = $1`),
    grants: await q(`select programme, status, until_month from monitoring.benefit_grants where person_id = $1 order by programme`),
    settled: (await q<{ payload: { allowances: Record<string, unknown>[] } }>(`select payload from core.outbox where topic = 'monitoring.death.settled' and key = $1::text`)).map((r) => r.payload.allowances.map(({ grantId: _, ...a }) => a)),
    evaluations: await q(`select trigger->>'type' as type, trigger->>'occurredOn' as on from monitoring.pending_evaluations where (trigger->>'personId')::int = $1`),
    childReports: await q(`select count(*)::int as n from children.cases where trigger_key = 'death:' || $1::text`),
    checklist: await q(`select s.module from funeral.settlements s where s.person_id = $1 order by s.module`),
  };
}

it('gives the same outcomes for a chunk of deaths as for one death per transaction', { timeout: 300_000 }, async () => {
  const one = await group();
  const many = await group();
  await w.dispatch();
  await w.pay('2025-03');
  await w.dispatch();
  const order = (g: Group) => [g.elder, g.adult, g.parent, g.spouse];
  for (const personId of order(one)) await recordDeath(w.registry, w.users.pudong, personId, { deathDate: '2025-03-15' });
  while ((await dispatchOutbox(w.t.db.kysely, eventHandlers(), 500, 1)) > 0);
  await changePersons(w.registry, w.users.pudong, { reference: 'chunk-test', changes: order(many).map((personId) => ({ kind: 'death' as const, personId, deathDate: '2025-03-15' })) });
  while ((await dispatchOutbox(w.t.db.kysely, eventHandlers())) > 0);
  for (const key of ['elder', 'adult', 'parent', 'spouse'] as const) {
    const a = await outcome(one[key]);
    expect({ key, ...(await outcome(many[key])) }).toEqual({ key, ...a });
  }
  // The cases where something happens are among them: the elder's allowance stopped from April, a child reported.
  expect((await outcome(many.elder)).grants).toContainEqual(expect.objectContaining({ status: 'stopped', until_month: '2025-04' }));
  expect((await outcome(many.parent)).childReports).toEqual([{ n: 1 }]);
  expect((await outcome(many.spouse)).evaluations).toEqual([{ type: 'death', on: '2025-03-15' }]);
});
