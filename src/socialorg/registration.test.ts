import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { makeCreditCode } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';
import { checkName, approveName, takeStep } from './registration.js';
import { getOrganisationDetail } from './queries.js';
import { failure, openSocialorgWorld, type SocialorgWorld } from './testing.js';

let w: SocialorgWorld;
beforeAll(async () => {
  w = await openSocialorgWorld();
}, 120_000);
afterAll(async () => w?.close());

const registry = () => w.t.db.kysely.withTables<RegistryTables>();

describe('名称预核: each name rule', () => {
  const base = { level: 'district' as const, divisionCode: '310115004000', mode: 'direct' as const, directCategory: 'community' as const };
  it('accepts a 社服 name in Shanghai order (区划 + 字号 + 领域 + 组织形式)', async () => {
    expect(await checkName(w.deps, { ...base, orgType: 'social_service', name: '浦东新区惠民社会工作服务中心' })).toEqual({ acceptable: true, problems: [] });
  });
  it.each([
    ['forbidden_word', 'social_service', '浦东新区中华文化服务中心'],
    ['area_first', 'social_service', '惠民浦东新区社会工作服务中心'],
    ['form_word', 'social_service', '浦东新区惠民社会工作服务'],
    ['wrong_form_word', 'social_service', '浦东新区惠民养老协会'],
  ] as const)('refuses %s: %s', async (rule, orgType, name) => {
    const answer = await checkName(w.deps, { ...base, orgType, name });
    expect(answer.acceptable).toBe(false);
    expect(answer.problems.map((p) => p.rule)).toContain(rule);
    const refused = await failure(approveName(w.deps, w.users.pudong, { ...base, orgType, name }));
    expect([refused.status, refused.code]).toEqual([409, 'SOCIALORG_NAME_REFUSED']);
  });
  it('refuses a similar name under the same registrar (条例250 第十三条) but not under another', async () => {
    await approveName(w.deps, w.users.pudong, { ...base, orgType: 'social_group', name: '浦东新区明德志愿者协会' });
    // Same 字号 and field (明德志愿者), another form word of the type: similar.
    const similar = await checkName(w.deps, { ...base, orgType: 'social_group', name: '上海市浦东新区明德志愿者联合会' });
    expect(similar.problems).toEqual([expect.objectContaining({ rule: 'similar_name', similar: ['浦东新区明德志愿者协会'] })]);
    expect((await checkName(w.deps, { ...base, divisionCode: '310104003000', orgType: 'social_group', name: '徐汇区明德志愿者协会' })).acceptable).toBe(true);
  });
  it('registers foundations at the city only (基金会管理条例 第六条)', async () => {
    const refused = await failure(approveName(w.deps, w.users.pudong, { ...base, orgType: 'foundation', foundationKind: 'public', name: '上海市明德公益基金会' }));
    expect([refused.status, refused.code]).toEqual([409, 'SOCIALORG_FOUNDATION_CITY_ONLY']);
  });
});

describe('establishment and the GB 32100 authority check', () => {
  let foundationId: number;
  beforeAll(async () => {
    const org = await approveName(w.deps, w.users.city, {
      orgType: 'foundation',
      foundationKind: 'non_public',
      name: '上海市春晖教育发展基金会',
      level: 'city',
      divisionCode: '310104003000',
      mode: 'dual',
      supervisorUnit: '市教委',
      onDate: '2025-01-06',
    });
    foundationId = org.id;
    await takeStep(w.deps, w.users.city, foundationId, 'establish_apply', { onDate: '2025-01-10', establishment: { fundsFen: 200_000_000, premises: { kind: 'owned' }, supervisorConsent: true } });
  });

  it.each([
    ['a 52 code (社服) for a foundation', makeCreditCode('52310000MT900001'), 2],
    ['a district registrar code (310104) for a foundation', makeCreditCode('53310104MT900001'), 3],
    ['a wrong check character', `${makeCreditCode('53310000MT900001').slice(0, 17)}${makeCreditCode('53310000MT900001').endsWith('0') ? '1' : '0'}`, 18],
  ])('refuses %s with 400 naming position %i, and changes nothing', async (_what, code, position) => {
    const before = await registry()
      .selectFrom('registry.organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const refused = await failure(takeStep(w.deps, w.users.city, foundationId, 'establish', { onDate: '2025-02-01', creditCode: code }));
    expect(refused.status).toBe(400);
    expect(refused.details).toMatchObject({ position });
    expect(refused.message).toContain(`第${position}`);
    const after = await registry()
      .selectFrom('registry.organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await getOrganisationDetail(w.deps, w.users.city, foundationId)).organisation.status).toBe('establishment_applied');
  });

  it('issues the certificate: the registry record is created with the code, kept for life', async () => {
    const code = makeCreditCode('53310000MT900001');
    const org = await takeStep(w.deps, w.users.city, foundationId, 'establish', { onDate: '2025-02-01', creditCode: code });
    expect(org).toMatchObject({ status: 'registered', creditCode: code, registeredOn: '2025-02-01' });
    const record = await registry()
      .selectFrom('registry.organisations')
      .selectAll()
      .where('id', '=', org.registryId as number)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ credit_code: code, kind: '基金会', name: '上海市春晖教育发展基金会', registered_on: '2025-02-01', closed_on: null });
  });

  it('names every unmet condition: 49 members and 2.99万 for a 社团 (条例250 第十条: 50 members, 3万元)', async () => {
    const org = await approveName(w.deps, w.users.pudong, { orgType: 'social_group', name: '浦东新区长青老年协会', level: 'district', divisionCode: '310115004000', mode: 'direct', directCategory: 'community', onDate: '2025-01-06' });
    const early = await failure(takeStep(w.deps, w.users.pudong, org.id, 'establish_apply', { onDate: '2025-01-07', establishment: { individualMembers: 60, fundsFen: 3_000_000, premises: { kind: 'owned' }, supervisorConsent: false } }));
    expect([early.status, early.code]).toEqual([409, 'SOCIALORG_PREPARATION_REQUIRED']);
    await takeStep(w.deps, w.users.pudong, org.id, 'prepare_apply', { onDate: '2025-01-07' });
    const approved = await takeStep(w.deps, w.users.pudong, org.id, 'prepare_approve', { onDate: '2025-02-10' });
    expect(approved.preparationEnds).toBe('2025-08-10');
    const short = await failure(takeStep(w.deps, w.users.pudong, org.id, 'establish_apply', { onDate: '2025-03-01', establishment: { individualMembers: 49, fundsFen: 2_999_999, premises: { kind: 'owned' }, supervisorConsent: false } }));
    expect(short.status).toBe(409);
    expect(short.message).toContain('会员不足');
    expect(short.message).toContain('资金不足');
    const ok = await takeStep(w.deps, w.users.pudong, org.id, 'establish_apply', { onDate: '2025-03-01', establishment: { individualMembers: 50, fundsFen: 3_000_000, premises: { kind: 'owned' }, supervisorConsent: false } });
    // 成立 decision within 30 days of the application.
    expect(ok).toMatchObject({ status: 'establishment_applied', pendingDue: '2025-03-31' });
  });
});

describe('change, charity and the end of an organisation', () => {
  it('change renames the registry record; 公募资格 at 11 months → 409 with the first allowed date; deregistration closes the record', async () => {
    const org = await w.register({ name: '浦东新区启航青少年服务中心', registeredOn: '2024-03-15' });
    const changed = await takeStep(w.deps, w.users.pudong, org.id, 'change', { onDate: '2024-06-01', change: { name: '浦东新区启航青少年社会工作服务中心' } });
    expect(changed.name).toBe('浦东新区启航青少年社会工作服务中心');
    expect(
      (
        await registry()
          .selectFrom('registry.organisations')
          .select('name')
          .where('id', '=', org.registryId as number)
          .executeTakeFirstOrThrow()
      ).name,
    ).toBe('浦东新区启航青少年社会工作服务中心');

    // Registered as a charity (recognised the day it was registered).
    await takeStep(w.deps, w.users.pudong, org.id, 'charity_recognise', { onDate: '2024-03-15' });
    // 慈善法（2023）第二十二条: registered or recognised as a charity for one year; 2024-03-15 + 12 months = 2025-03-15; 2025-02-15 is 11 months.
    const early = await failure(takeStep(w.deps, w.users.pudong, org.id, 'fundraising_grant', { onDate: '2025-02-15' }));
    expect([early.status, early.code]).toEqual([409, 'SOCIALORG_TOO_EARLY']);
    expect(early.details).toMatchObject({ firstAllowed: '2025-03-15' });
    expect(early.message).toContain('2025-03-15');
    expect((await takeStep(w.deps, w.users.pudong, org.id, 'fundraising_grant', { onDate: '2025-03-15' })).fundraisingSince).toBe('2025-03-15');

    await takeStep(w.deps, w.users.pudong, org.id, 'liquidate', { onDate: '2025-04-01' });
    const ended = await takeStep(w.deps, w.users.pudong, org.id, 'deregister', { onDate: '2025-05-01', requestKey: 'dereg-qihang-1' });
    const again = await takeStep(w.deps, w.users.pudong, org.id, 'deregister', { onDate: '2025-05-01', requestKey: 'dereg-qihang-1' });
    expect(again.version).toBe(ended.version);
    const record = await registry()
      .selectFrom('registry.organisations')
      .select(['closed_on', 'closed_reason'])
      .where('id', '=', org.registryId as number)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ closed_on: '2025-05-01', closed_reason: '注销登记' });
  });

  it('another district’s organisation: 403 naming the other registrar, audited, nothing changed', async () => {
    const org = await w.register({ name: '浦东新区和美社区服务中心', registeredOn: '2024-01-10' });
    const refused = await failure(getOrganisationDetail(w.deps, w.users.xuhui, org.id));
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('SOCIALORG_OTHER_REGISTRAR');
    const stepRefused = await failure(takeStep(w.deps, w.users.xuhui, org.id, 'liquidate', { onDate: '2025-01-10' }));
    expect(stepRefused.status).toBe(403);
    expect((await getOrganisationDetail(w.deps, w.users.pudong, org.id)).organisation.status).toBe('registered');
    // An id that does not exist is still 404.
    expect((await failure(getOrganisationDetail(w.deps, w.users.xuhui, 99_999_999))).status).toBe(404);
    const audit = await w.t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').select(['action', 'result']).where('actor_username', '=', 'xuhui.registrar').where('entity_id', '=', String(org.id)).execute();
    expect(audit).toEqual([
      { action: 'socialorg.organisation.read', result: 'denied' },
      { action: 'socialorg.liquidate', result: 'denied' },
    ]);
  });
});
