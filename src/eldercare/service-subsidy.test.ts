/**
 * 养老服务补贴 entitlement. The amounts (settings `serviceSubsidy.*`, all `verified: false`, POLICY-FACTS §2.2):
 *   "照护一级：低保 1,110 元、低收入 888 元；照护二至四级：低保 1,036 元、低收入 740 元；照护五至六级：低保 740 元、
 *    低收入 444 元（元/月）", from 60 (configured), paid to a provider as service hours or vouchers, not cash.
 * The assessment valid on the day counts (统一需求评估，有效期内); level 0 has no band.
 * The world's clock is 2025-03-03 (Asia/Shanghai).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAssessment } from './assessments.js';
import type { EldercareTables } from './model.js';
import { decideServiceSubsidy } from './service-subsidy.js';
import { explainServiceSubsidy } from './service-subsidy.js';
import { resolveSettings, setSetting } from './settings.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from './testing.js';

const settings = resolveSettings([], '2025-03-03');
const facts = { age: 70, level: 3, destitute: false, dibao: false, lowIncome: false };

describe('养老服务补贴: the amount by care level and household status, at each edge', () => {
  it.each([
    // [level, dibao, lowIncome, monthly fen, band]
    [1, true, false, 111_000, 'level1'],
    [1, false, true, 88_800, 'level1'],
    [2, true, false, 103_600, 'level2to4'],
    [4, false, true, 74_000, 'level2to4'],
    [5, true, false, 74_000, 'level5to6'],
    [6, false, true, 44_400, 'level5to6'],
  ] as const)('level %i, 低保 %s, 低收入 %s → %i 分 (%s)', (level, dibao, lowIncome, fen, band) => {
    const d = decideServiceSubsidy(settings, { ...facts, level, dibao, lowIncome });
    expect([d.eligible, d.monthlyFen, d.band]).toEqual([true, fen, band]);
    expect(d.reasons.join('')).toContain('不发现金');
    expect(d.settings.every((s) => s.verified === false)).toBe(true);
  });

  it('a household on both lists is paid at the 低保 amount (1,036 元 > 740 元 at level 3)', () => {
    const d = decideServiceSubsidy(settings, { ...facts, dibao: true, lowIncome: true });
    expect([d.status, d.monthlyFen]).toEqual(['dibao', 103_600]);
  });

  it('nothing at 59, at level 0, without a valid assessment, for a household on neither list, or for 特困 (供养 covers care)', () => {
    expect(decideServiceSubsidy(settings, { ...facts, age: 59, dibao: true }).reasons[0]).toContain('未满 60 周岁');
    expect(decideServiceSubsidy(settings, { ...facts, age: 60, dibao: true }).monthlyFen).toBe(103_600);
    expect(decideServiceSubsidy(settings, { ...facts, level: 0, dibao: true }).eligible).toBe(false);
    expect(decideServiceSubsidy(settings, { ...facts, level: null, dibao: true }).reasons[0]).toContain('没有有效的');
    expect(decideServiceSubsidy(settings, facts).eligible).toBe(false);
    expect(decideServiceSubsidy(settings, { ...facts, destitute: true }).reasons[0]).toContain('特困供养');
  });
});

describe('养老服务补贴 for a person on a day', () => {
  let world: EldercareWorld;
  let person: number;
  beforeAll(async () => {
    world = await openEldercareWorld();
    // Born 1950-06-01: 74 on 2025-03-03; a 低保 household.
    person = await world.person({ birthDate: '1950-06-01', committee: TEST_COMMITTEES.weifang1 });
    const household = await world.registry.selectFrom('registry.household_members').select('household_id').where('person_id', '=', person).executeTakeFirstOrThrow();
    await world.deps.db.kysely.withTables<EldercareTables>().insertInto('eldercare.assistance_roster').values({ case_id: 9101, household_id: household.household_id, programme: 'dibao', active: true }).execute();
  }, 180_000);
  afterAll(async () => world?.close());

  it('takes the assessment valid on the day, uses the amount in force that day, and refuses another district', async () => {
    expect((await explainServiceSubsidy(world.deps, world.users.weifang, person)).eligible).toBe(false);
    await recordAssessment(world.deps, world.users.weifang, { personId: person, level: 5, assessor: '浦东新区评估所 张评估员', assessedOn: '2025-01-10' });
    const before = await explainServiceSubsidy(world.deps, world.users.weifang, person, '2025-01-09');
    expect([before.eligible, before.assessment]).toEqual([false, null]);
    const now = await explainServiceSubsidy(world.deps, world.users.weifang, person);
    expect(now).toMatchObject({ eligible: true, monthlyFen: 74_000, statusName: '低保家庭', bandName: '照护五至六级', assessment: { level: 5, assessedOn: '2025-01-10' } });
    // A corrected amount from 2025-03-01 applies from that day, not before.
    await setSetting(world.deps, world.users.admin, 'serviceSubsidy.dibao.level5to6', { from: '2025-03-01', value: 76_000, verified: false, source: '测试：调整' });
    expect((await explainServiceSubsidy(world.deps, world.users.weifang, person)).monthlyFen).toBe(76_000);
    expect((await explainServiceSubsidy(world.deps, world.users.weifang, person, '2025-02-28')).monthlyFen).toBe(74_000);
    await expect(explainServiceSubsidy(world.deps, world.users.xuhui, person)).rejects.toMatchObject({ status: 404 });
    await expect(explainServiceSubsidy(world.deps, world.users.weifang, person, '2025-02-30')).rejects.toMatchObject({ code: 'ELDERCARE_SUBSIDY_INVALID_DATE', status: 400 });
  });
});
