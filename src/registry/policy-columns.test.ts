/**
 * The set-based policy rows (one SQL statement for a whole division) must mean exactly what
 * householdPolicyInput means for one household: checked household by household over a demo city plus a
 * household built to hit every rule of the fact semantics (household-level facts on the head, the latest
 * asset balance, corrections, expired income, a mobility vehicle, supporters, the 12-month window, a
 * member who left and one who died). Runs the COPY path on PostgreSQL and the chunked path on PGlite.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type AccessTables, type Actor } from '../access/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import {
  addMember,
  correctFact,
  createHousehold,
  endMembership,
  householdPolicyInput,
  IdVault,
  loadDemoCity,
  policyChangedHouseholds,
  policyColumnRows,
  recordDeath,
  recordFactBatch,
  registerPerson,
  type HouseholdPolicyInput,
  type NewFact,
  type RegistryTables,
} from './index.js';
import { newPerson } from './testing.js';

let t: TestDatabase;
let actor: Actor;
const vault = new IdVault(randomBytes(32));
const db = () => t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
let tricky = 0;

const LABOUR = { full: 0, partial: 1, none: 2 } as const;
const days = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** householdPolicyInput in the row layout of POLICY_ROW_COLUMNS (without the household id and division). */
const asRows = (input: HouseholdPolicyInput) =>
  input.members.map((m) =>
    [
      Number(m.id),
      days(m.birthDate),
      m.hukouShanghai ? 1 : 0,
      m.disability?.grade ?? 0,
      LABOUR[m.laborCapacity],
      m.orphan ? 1 : 0,
      m.monthlyIncomeFen,
      m.monetaryAssetsFen,
      m.ownsVehicle ? 1 : 0,
      input.rigidExpensesLast12MonthsFen,
      input.hasLegalSupporter ? 1 : 0,
    ].join('\t'),
  );

async function setRows(month: string, prefixes: string[]): Promise<Map<number, string[]>> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of policyColumnRows(t.db, { month, divisionPrefixes: prefixes, databaseUrl: t.ctx.config.databaseUrl, chunkHouseholds: 97 })) text += decoder.decode(chunk, { stream: true });
  const byHousehold = new Map<number, string[]>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [household, division, ...rest] = line.split('\t');
    expect(division).toMatch(/^31\d{10}$/);
    const rows = byHousehold.get(Number(household)) ?? [];
    rows.push(rest.join('\t'));
    byHousehold.set(Number(household), rows);
  }
  return byHousehold;
}

beforeAll(async () => {
  t = await openTestDatabase();
  await loadDemoCity(t.db, vault, { seed: 5, persons: 800, today: '2025-03-15' });
  const user = await createUser(db(), null, { username: 'pc.admin', displayName: '测试', role: 'city_admin', jurisdiction: '310000000000', password: 'test-pass-123' });
  actor = { userId: user.id, username: 'pc.admin', displayName: '测试', role: 'city_admin', jurisdiction: '310000000000' };
  const committee = await db().selectFrom('registry.divisions').select('code').where('level', '=', 'committee').where('code', 'like', '310115004%').orderBy('code').executeTakeFirstOrThrow();
  const person = async (birthDate: string) => (await registerPerson(db(), vault, actor, { ...newPerson({ birthDate, residenceDivision: committee.code }), laborCapacity: 'partial' })).id;
  const [spouse, head, child, leaver, deceased] = [await person('1970-02-01'), await person('1968-06-30'), await person('2012-02-29'), await person('1990-01-01'), await person('1940-01-01')];
  const h = (await createHousehold(db(), actor, { divisionCode: committee.code })).id;
  tricky = h;
  // The spouse joins first, but the head is listed first: household-level facts count for the head.
  await addMember(db(), actor, h, { personId: spouse, relation: 'spouse', since: '2000-01-01' });
  await addMember(db(), actor, h, { personId: head, relation: 'head', since: '2005-01-01' });
  await addMember(db(), actor, h, { personId: child, relation: 'child', since: '2012-03-01' });
  await addMember(db(), actor, h, { personId: leaver, relation: 'child', since: '2008-01-01' });
  await addMember(db(), actor, h, { personId: deceased, relation: 'parent', since: '2000-01-01' });
  await endMembership(db(), actor, h, leaver, { until: '2025-01-01' });
  await recordDeath(db(), actor, deceased, { deathDate: '2024-12-20' });
  const fact = (subjectType: 'person' | 'household', subjectId: number, kind: string, validFrom: string, amountFen: number | null, more: Partial<NewFact> = {}): NewFact => ({ subjectType, subjectId, kind, validFrom, amountFen, ...more });
  const batch = await recordFactBatch(
    db(),
    {
      batchId: 'policy-columns-tricky',
      source: '测试',
      facts: [
        fact('household', h, 'income.property', '2024-01-01', 100_000),
        fact('person', head, 'income.wage', '2024-01-01', 250_000),
        fact('person', spouse, 'income.wage', '2023-01-01', 180_000, { validTo: '2025-02-01' }),
        fact('person', spouse, 'income.pension', '2025-02-01', 90_000),
        fact('person', head, 'asset.monetary', '2024-06-30', 5_000_000),
        fact('household', h, 'asset.monetary', '2024-09-30', 7_000_000),
        fact('person', spouse, 'asset.monetary', '2024-01-01', 300_000),
        fact('person', spouse, 'asset.monetary', '2025-04-01', 900_000),
        fact('person', spouse, 'vehicle', '2020-01-01', null, { attributes: { disabledMobility: true } }),
        fact('household', h, 'vehicle', '2021-01-01', null, { validTo: '2024-06-01' }),
        fact('person', child, 'orphan', '2024-01-01', null),
        fact('household', h, 'expense.medical', '2024-03-01', 60_000),
        fact('person', child, 'expense.education', '2025-02-28', 40_000),
        fact('person', spouse, 'expense.medical', '2024-02-29', 70_000),
        fact('person', leaver, 'income.wage', '2024-01-01', 900_000),
        fact('household', h, 'legal_supporter', '2024-01-01', null, { attributes: { able: false } }),
        fact('person', spouse, 'legal_supporter', '2024-06-01', null, { attributes: { able: true } }),
      ],
    },
    actor,
  );
  expect(batch.recorded).toBe(17);
  const wage = await db().selectFrom('registry.facts').select('id').where('subject_id', '=', head).where('kind', '=', 'income.wage').executeTakeFirstOrThrow();
  await correctFact(db(), actor, wage.id, { amountFen: 260_000, reason: '单位更正工资' });
}, 180_000);
afterAll(async () => t?.close());

describe('policy rows from the registry', () => {
  it('agree with householdPolicyInput for every household of the city and the tricky one', async () => {
    const ids = (await db().selectFrom('registry.households').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids).toContain(tricky);
    for (const month of ['2025-03', '2024-12']) {
      const rows = await setRows(month, ['31']);
      let compared = 0;
      for (const id of month === '2025-03' ? ids : ids.filter((_, i) => i % 5 === 0 || _ === tricky)) {
        const input = await householdPolicyInput(db(), id, month);
        expect(rows.get(id) ?? [], `household ${id} ${month}`).toEqual(asRows(input));
        compared += input.members.length;
      }
      expect(compared).toBeGreaterThan(100);
    }
  }, 60_000);

  it('counts the tricky household exactly as the written semantics say', async () => {
    const [head, spouse, child] = (await setRows('2025-03', ['310115004'])).get(tricky) ?? [];
    // head: own wage (corrected 2600) + household property 1000; latest asset is the household's (2024-09-30).
    expect(head?.split('\t').slice(6, 9)).toEqual(['360000', '7000000', '0']);
    // spouse: wage ended 2025-02-01, pension since; asset of 2025-04-01 not yet; mobility vehicle does not count.
    expect(spouse?.split('\t').slice(6, 9)).toEqual(['90000', '300000', '0']);
    // child: orphan fact. Rigid expenses: 60000 (2024-03-01, first day of the window) + 40000 (2025-02-28);
    // 2024-02-29 is outside. A supporter who is able (the spouse's fact) outweighs the household's "not able".
    expect(child?.split('\t').slice(5, 6)).toEqual(['1']);
    expect(child?.split('\t').slice(9)).toEqual(['100000', '1']);
  });

  it('narrows to a division and streams nothing for a division without households', async () => {
    const rows = await setRows('2025-03', ['310115004']);
    expect(rows.has(tricky)).toBe(true);
    expect((await setRows('2025-03', ['310230'])).size).toBe(0);
  });
});

describe('households whose policy rows change between two months', () => {
  const differing = (a: Map<number, string[]>, b: Map<number, string[]>) => [...new Set([...a.keys(), ...b.keys()])].filter((id) => JSON.stringify(a.get(id) ?? []) !== JSON.stringify(b.get(id) ?? [])).sort((x, y) => x - y);

  it('names every household whose rows differ, and few others', async () => {
    const rows = new Map<string, Map<number, string[]>>();
    const at = async (month: string) => rows.get(month) ?? rows.set(month, await setRows(month, ['31'])).get(month)!;
    const pairs = [
      ['2024-02', '2024-03'],
      ['2024-12', '2025-01'],
      ['2025-01', '2025-02'],
      ['2025-02', '2025-03'],
      ['2025-03', '2025-04'],
      ['2024-06', '2025-03'],
      ['2025-04', '2025-02'],
    ];
    let differed = 0;
    for (const [from, month] of pairs) {
      const changed = await policyChangedHouseholds(db(), { from, month, divisionPrefixes: ['31'] });
      const actual = differing(await at(from), await at(month));
      expect(changed, `${from} → ${month}`).toEqual(expect.arrayContaining(actual));
      differed += actual.length;
      // The point of the set is to re-read little: it may name a household whose rows end up equal, rarely.
      expect(changed.length - actual.length, `${from} → ${month}`).toBeLessThanOrEqual(Math.ceil(actual.length / 20));
    }
    expect(differed).toBeGreaterThan(100);
  }, 120_000);

  it('finds the tricky household at each of its boundaries and not between them', async () => {
    const has = async (from: string, month: string, prefixes = ['310115004']) => (await policyChangedHouseholds(db(), { from, month, divisionPrefixes: prefixes })).includes(tricky);
    expect(await has('2024-12', '2025-01')).toBe(true); // a death (2024-12-20) and a member leaving (2025-01-01)
    expect(await has('2025-01', '2025-02')).toBe(true); // the spouse's wage ends, her pension starts (2025-02-01)
    expect(await has('2025-03', '2025-04')).toBe(true); // an asset balance of 2025-04-01; the 2024-03-01 expense leaves the window
    expect(await has('2024-10', '2024-11')).toBe(false);
    expect(await has('2025-03', '2025-03')).toBe(false);
    expect(await has('2024-12', '2025-01', ['310101'])).toBe(false); // another district
  });

  it('refuses a bad month or prefix', async () => {
    await expect(policyChangedHouseholds(db(), { from: '2025-13', month: '2025-03', divisionPrefixes: ['31'] })).rejects.toMatchObject({ code: 'REGISTRY_INVALID_MONTH' });
    await expect(policyChangedHouseholds(db(), { from: '2025-02', month: '2025-03', divisionPrefixes: ["31'"] })).rejects.toMatchObject({ code: 'REGISTRY_INVALID_DIVISION' });
  });
});
