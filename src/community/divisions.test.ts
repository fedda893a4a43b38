import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from '../eldercare/testing.js';
import { divisionCounts, divisionHistory } from './division-history.js';
import { importCommitteeList } from './division-import.js';
import { issueDivisionOrder, type DivisionOrderInput } from './divisions.js';
import type { CommunityDeps } from './roster.js';

let w: EldercareWorld;
let deps: CommunityDeps;

beforeAll(async () => {
  w = await openEldercareWorld(); // clock 2025-03-03; test committees in force from 2000-01-01
  deps = { db: w.t.ctx.db, vault: w.vault, now: () => w.clock.now() };
}, 180_000);
afterAll(async () => {
  await w?.close();
});

const householdOf = async (personId: number) => Number((await sql<{ id: number }>`select household_id as id from registry.household_members where person_id = ${personId}`.execute(w.t.ctx.db.kysely)).rows[0].id);
const order = (input: Partial<DivisionOrderInput> & Pick<DivisionOrderInput, 'kind' | 'effectiveOn'>, actor = w.users.pudong) => issueDivisionOrder(deps, actor, { approvalNumber: '浦府〔2024〕1号', reason: '管辖规模较大，拆分', ...input });
const counts = async (code: string, on: string) => {
  const c = await divisionCounts(deps, w.users.pudong, code, on);
  return { households: c.households, persons: c.persons };
};
const NEW3 = '310115004003';

describe('committee change orders', () => {
  it('a split moves the listed households and their members at once; counts as on either side differ', async () => {
    const [a, b, c] = [await w.person({ committee: TEST_COMMITTEES.weifang1 }), await w.person({ committee: TEST_COMMITTEES.weifang1 }), await w.person({ committee: TEST_COMMITTEES.weifang1 })];
    const before = await counts(TEST_COMMITTEES.weifang1, '2024-12-31');
    const outcome = await order({ kind: 'split', effectiveOn: '2025-01-01', from: TEST_COMMITTEES.weifang1, into: [{ code: NEW3, name: '潍坊三村居委会', householdIds: [await householdOf(a), await householdOf(b)] }] });
    expect(outcome).toMatchObject({ kindName: '拆分', opened: [{ code: NEW3 }], closed: [], moved: [{ from: TEST_COMMITTEES.weifang1, to: NEW3, households: 2, persons: 2 }] });
    // As on 2024-12-31 nothing moved yet; from 2025-01-01 two households and their two members are in 潍坊三村.
    expect(await counts(TEST_COMMITTEES.weifang1, '2024-12-31')).toEqual(before);
    expect(await counts(TEST_COMMITTEES.weifang1, '2025-01-01')).toEqual({ households: before.households - 2, persons: before.persons - 2 });
    expect(await counts(NEW3, '2025-01-01')).toEqual({ households: 2, persons: 2 });
    await expect(divisionCounts(deps, w.users.pudong, NEW3, '2024-12-31')).rejects.toMatchObject({ code: 'COMMUNITY_DIVISION_NOT_FOUND' });
    // The street's total is the same either side: households moved within it.
    const street = await divisionCounts(deps, w.users.pudong, '310115004000', '2024-12-31');
    const after = await divisionCounts(deps, w.users.pudong, '310115004000', '2025-03-03');
    expect(after.households).toBe(street.households);
    expect(after.children.find((k) => k.code === NEW3)).toMatchObject({ name: '潍坊三村居委会', households: 2 });
    expect(street.children.find((k) => k.code === NEW3)).toBeUndefined();
    // The person c stayed.
    const res = await sql<{ id: number; residence_division: string }>`select id, residence_division from registry.persons where id in (${a}, ${c}) order by id`.execute(w.t.ctx.db.kysely);
    expect(res.rows.map((r) => r.residence_division)).toEqual([NEW3, TEST_COMMITTEES.weifang1]);
    const history = await divisionHistory(deps, w.users.pudong, NEW3);
    expect(history.rows).toEqual([expect.objectContaining({ name: '潍坊三村居委会', validFrom: '2025-01-01', validTo: null })]);
    expect(history.orders).toEqual([expect.objectContaining({ kindName: '拆分', approvalNumber: '浦府〔2024〕1号' })]);
  });

  it('refuses a change before the division started, behind a later move, in the future, and bad codes or parents', async () => {
    await expect(order({ kind: 'split', effectiveOn: '2025-01-01', from: NEW3, into: [{ code: '310115004004', name: '潍坊四村居委会' }] })).rejects.toMatchObject({ code: 'COMMUNITY_ORDER_BEFORE_START' });
    await expect(order({ kind: 'split', effectiveOn: '1999-06-01', from: TEST_COMMITTEES.weifang2, into: [{ code: '310115004004', name: '潍坊四村居委会' }] })).rejects.toMatchObject({ code: 'COMMUNITY_ORDER_BEFORE_START' });
    await expect(order({ kind: 'split', effectiveOn: '2024-06-01', from: TEST_COMMITTEES.weifang1, into: [{ code: '310115004004', name: '潍坊四村居委会' }] })).rejects.toMatchObject({ code: 'COMMUNITY_ORDER_OUT_OF_ORDER' });
    await expect(order({ kind: 'split', effectiveOn: '2025-04-01', from: TEST_COMMITTEES.weifang2, into: [{ code: '310115004004', name: '潍坊四村居委会' }] })).rejects.toMatchObject({ code: 'COMMUNITY_ORDER_IN_FUTURE' });
    await expect(order({ kind: 'split', effectiveOn: '2025-02-01', from: '31011500400', into: [{ code: '310115004004', name: '潍坊四村居委会' }] })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_DIVISION_CODE' });
    await expect(order({ kind: 'establish', effectiveOn: '2025-02-01', target: { code: '310115999001', name: '不存在街道下的居委会' } })).rejects.toMatchObject({ code: 'COMMUNITY_PARENT_NOT_IN_FORCE' });
    await expect(order({ kind: 'establish', effectiveOn: '2025-02-01', target: { code: NEW3, name: '重复' } })).rejects.toMatchObject({ code: 'REGISTRY_DIVISION_CODE_IN_USE' });
    await expect(order({ kind: 'establish', effectiveOn: '2025-02-01', approvalNumber: ' ', target: { code: '310115004004', name: '潍坊四村居委会' } })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_APPROVAL' });
    // A street caseworker cannot issue orders; another district's staff get 404 (the platform's rule: no existence oracle, audited).
    await expect(order({ kind: 'establish', effectiveOn: '2025-02-01', target: { code: '310115004004', name: '潍坊四村居委会' } }, w.users.weifang)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    await expect(order({ kind: 'establish', effectiveOn: '2025-02-01', target: { code: '310115004004', name: '潍坊四村居委会' } }, w.users.xuhui)).rejects.toMatchObject({ status: 404 });
    // Nothing of the refused orders landed.
    expect((await sql<{ n: number }>`select count(*)::int as n from registry.divisions where code = '310115004004'`.execute(w.t.ctx.db.kysely)).rows[0].n).toBe(0);
  });

  it('a merge closes the sources into the receiving committee; a transfer moves a committee to another street under a new code', async () => {
    const before2 = await counts(TEST_COMMITTEES.weifang2, '2025-01-31');
    const three = await counts(NEW3, '2025-01-31');
    const merged = await order({ kind: 'merge', effectiveOn: '2025-02-01', sources: [NEW3], target: { code: TEST_COMMITTEES.weifang2 }, reason: '规模过小，合并' });
    expect(merged).toMatchObject({ closed: [{ code: NEW3 }], opened: [], moved: [{ households: three.households }] });
    expect(await counts(TEST_COMMITTEES.weifang2, '2025-02-01')).toEqual({ households: before2.households + three.households, persons: before2.persons + three.persons });
    expect(await counts(NEW3, '2025-01-31')).toEqual(three);
    await w.person({ committee: TEST_COMMITTEES.lujiazui1 });
    const lujiazui = await counts(TEST_COMMITTEES.lujiazui1, '2025-02-28');
    const moved = await order({ kind: 'transfer', effectiveOn: '2025-03-01', from: TEST_COMMITTEES.lujiazui1, target: { code: '310115004005' }, reason: '调整隶属至潍坊新村街道' });
    expect(moved).toMatchObject({ opened: [{ code: '310115004005', name: '梅园一村居委会' }], closed: [{ code: TEST_COMMITTEES.lujiazui1 }] });
    expect(await counts('310115004005', '2025-03-01')).toEqual(lujiazui);
    expect(await counts(TEST_COMMITTEES.lujiazui1, '2025-02-28')).toEqual(lujiazui);
  });
});

describe('12-digit committee list import', () => {
  const text = ['代码,名称,类别', '310115004002,潍坊二村居委会,居委会', '310115004010,潍坊十村居委会,', '3101150040,短代码', '310115999001,无上级居委会', '310115004000,潍坊新村街道', '310115004010,重复行', '310104003001,天平一居委会'].join(
    '\n',
  );
  it('adds new codes, leaves equal ones, reports bad lines and committees missing from the list; a second run changes nothing', async () => {
    const first = await importCommitteeList(deps, w.users.pudong, { effectiveOn: '2025-03-01', source: '2024 年统计用区划代码', text });
    expect(first).toMatchObject({ lines: 7, added: 1, renamed: 0, unchanged: 1 });
    expect(first.errors.map((e) => [e.line, e.message.slice(0, 6)])).toEqual([
      [4, '代码须为上海'],
      [5, '上级街镇 3'],
      [6, '不是居（村）'],
      [7, '代码在清单中'],
      [8, '不在您的辖区'],
    ]);
    expect(first.missing.map((m) => m.code)).toEqual(expect.arrayContaining([TEST_COMMITTEES.weifang1, '310115004005']));
    const again = await importCommitteeList(deps, w.users.pudong, { effectiveOn: '2025-03-01', source: '2024 年统计用区划代码', text });
    expect(again).toMatchObject({ orderId: null, added: 0, unchanged: 2 });
    const renamed = await importCommitteeList(deps, w.users.pudong, { effectiveOn: '2025-03-02', source: '更名', text: '310115004010,潍坊第十居委会' });
    expect(renamed).toMatchObject({ renamed: 1 });
    expect((await divisionHistory(deps, w.users.pudong, '310115004010')).rows.map((r) => [r.name, r.validFrom, r.validTo])).toEqual([
      ['潍坊十村居委会', '2025-03-01', '2025-03-02'],
      ['潍坊第十居委会', '2025-03-02', null],
    ]);
  });
});
