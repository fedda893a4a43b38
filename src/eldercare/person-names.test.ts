import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { householdNames, maskPersonName, personNames } from '../registry/index.js';
import { facilityBeds } from './beds.js';
import { createFacility } from './facilities.js';
import { admit, facilityResidents } from './stays.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from './testing.js';

let w: EldercareWorld;
let facilityId: number;
let weifangResident: number;
let lujiazuiResident: number;

const auditDb = () => w.t.db.kysely.withTables<AccessTables>();
const audit = () => auditDb().selectFrom('access.audit_log').selectAll();

beforeAll(async () => {
  w = await openEldercareWorld();
  // A home in 潍坊新村街道 (浦东新区): one resident lives in 潍坊, the other in 陆家嘴 (the same district, another street).
  const home = await createFacility(w.deps, w.users.pudong, {
    kind: 'institution',
    name: '潍坊敬老院',
    ownership: 'public',
    divisionCode: '310115004000',
    beds: [
      { bedType: 'ordinary', count: 3, basicGuarantee: false },
      { bedType: 'nursing', count: 1, basicGuarantee: true },
    ],
  });
  facilityId = home.id;
  weifangResident = await w.person({ name: '王秀英', birthDate: '1940-02-02', committee: TEST_COMMITTEES.weifang1 });
  lujiazuiResident = await w.person({ name: '欧阳建华', birthDate: '1938-03-03', committee: TEST_COMMITTEES.lujiazui1 });
  const beds = await facilityBeds(w.deps, w.users.pudong, facilityId, { free: true });
  const ordinary = beds.filter((b) => !b.basicGuarantee);
  await admit(w.deps, w.users.pudong, { bedId: ordinary[0].id, personId: weifangResident, admittedOn: '2025-02-01' });
  await admit(w.deps, w.users.pudong, { bedId: ordinary[1].id, personId: lujiazuiResident, admittedOn: '2025-02-02' });
}, 120_000);
afterAll(async () => w?.close());

describe('masking a name for a caller who may not read the person', () => {
  it.each([
    ['王秀英', '王*英'],
    ['李四', '李*'],
    ['欧阳建华', '欧**华'],
    ['张', '张'],
  ])('%s → %s (the surname and, from three characters on, the last character stay)', (name, masked) => {
    expect(maskPersonName(name)).toBe(masked);
  });
});

describe("a facility's residents by name", () => {
  it('shows district staff every resident of their district in full', async () => {
    const residents = await facilityResidents(w.deps, w.users.pudong, facilityId);
    expect(residents.map((r) => [r.personId, r.personName, r.personNameMasked])).toEqual([
      [weifangResident, '王秀英', false],
      [lujiazuiResident, '欧阳建华', false],
    ]);
  });

  it('masks, for the 潍坊 street caseworker, the resident who lives and is registered in 陆家嘴, and audits both', async () => {
    const before =
      (
        await auditDb()
          .selectFrom('access.audit_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirstOrThrow()
      ).id ?? 0;
    const residents = await facilityResidents(w.deps, w.users.weifang, facilityId);
    expect(residents.map((r) => [r.personName, r.personNameMasked])).toEqual([
      ['王秀英', false],
      ['欧**华', true],
    ]);
    const entry = await audit().where('id', '>', before).where('action', '=', 'registry.person.names').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: w.users.weifang.userId, entity_id: `eldercare.residents:${facilityId}`, result: 'ok' });
    expect(entry.detail).toEqual({ ids: [weifangResident], masked: [lujiazuiResident] });
  });

  it('masks every name for a role without registry access (the auditor)', async () => {
    const names = await personNames(w.registry, w.users.auditor, [weifangResident, lujiazuiResident, 999_999], 'test');
    expect([...names.values()].map((n) => [n.name, n.masked])).toEqual([
      ['王*英', true],
      ['欧**华', true],
    ]);
  });
});

describe('households by their head', () => {
  it('names the household 王秀英户 inside the jurisdiction and 王*英户 outside it', async () => {
    const { householdId } = await w.registry.selectFrom('registry.household_members').select('household_id as householdId').where('person_id', '=', weifangResident).executeTakeFirstOrThrow();
    expect((await householdNames(w.registry, w.users.weifang, [householdId], 'test')).get(householdId)).toEqual({ id: householdId, name: '王秀英户', masked: false });
    expect((await householdNames(w.registry, w.users.xuhui, [householdId], 'test')).get(householdId)).toEqual({ id: householdId, name: '王*英户', masked: true });
  });
});

describe('the beds the admission dialog picks from', () => {
  it('lists the free beds only when asked, and refuses a facility outside the jurisdiction as unknown', async () => {
    const all = await facilityBeds(w.deps, w.users.weifang, facilityId);
    expect(all.map((b) => b.status).sort()).toEqual(['free', 'free', 'occupied', 'occupied']);
    const free = await facilityBeds(w.deps, w.users.weifang, facilityId, { free: true });
    expect(free.map((b) => `${b.bedType}:${b.basicGuarantee}`).sort()).toEqual(['nursing:true', 'ordinary:false']);
    await expect(facilityBeds(w.deps, w.users.xuhui, facilityId)).rejects.toMatchObject({ status: 404 });
  });
});
