import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../kernel/index.js';
import { filePlan, fileTrust, publicTrusts, publishTrust, recordDisclosure } from './charity.js';
import { runCreditLists } from './credit-lists.js';
import { takeStep } from './registration.js';
import { setSetting } from './settings.js';
import { failure, openSocialorgWorld, type SocialorgWorld } from './testing.js';
import type { SocialorgTables } from './model.js';
import type { OrganisationView } from './views.js';

let w: SocialorgWorld;
const orgs: Record<string, OrganisationView> = {};

const at = (day: string) => w.clock.set(new Date(`${day}T04:00:00Z`));

beforeAll(async () => {
  w = await openSocialorgWorld();
  orgs.a = await w.register({ name: '浦东新区博爱社会工作服务中心', registeredOn: '2023-03-01' });
  orgs.b = await w.register({ name: '浦东新区善行助老服务中心', registeredOn: '2023-03-01' });
});
afterAll(() => w?.close());

describe('charity recognition and public-fundraising qualification: 20 working days, written reasons, one year', () => {
  it('an application starts a 20-working-day clock that skips the Spring Festival and counts 调休 weekends; a refusal needs written reasons', async () => {
    // 2025-01-06 (Mon) + 20 working days: 7–10, 13–17, 20–24, Sun 26 (调休), Mon 27 = 16; 28 Jan–4 Feb off;
    // 5, 6, 7 = 19; Sat 8 Feb (调休) = 20 → 2025-02-08.
    const applied = await takeStep(w.deps, w.users.pudong, orgs.b.id, 'charity_apply', { onDate: '2025-01-06' });
    expect([applied.pendingKind, applied.pendingDue]).toEqual(['charity', '2025-02-08']);
    expect((await failure(takeStep(w.deps, w.users.pudong, orgs.b.id, 'charity_refuse', { onDate: '2025-01-20' }))).status).toBe(400);
    const refused = await takeStep(w.deps, w.users.pudong, orgs.b.id, 'charity_refuse', { onDate: '2025-01-20', reason: '章程未载明慈善宗旨' });
    expect([refused.pendingKind, refused.charitySince]).toEqual([null, null]);
    expect((await failure(takeStep(w.deps, w.users.pudong, orgs.b.id, 'charity_refuse', { onDate: '2025-01-21', reason: 'x' }))).code).toBe('SOCIALORG_NO_APPLICATION');
  });

  it('the clock runs on the platform calendar (kernel/holidays.ts), not a calendar of the module: 清明 2026 includes Monday 6 April', async () => {
    // 国务院办公厅 2026 notice: 4–6 April off. 2026-03-30 (Mon) + 20 working days: 31 (1), 1–3 Apr (4), 6 Apr off,
    // 7–10 (8), 13–17 (13), 20–24 (18), 27, 28 (20) → 2026-04-28 (the removed module setting lacked 6 April → 27 April).
    const c = await w.register({ name: '浦东新区春晖助学服务中心', registeredOn: '2024-03-01' });
    const applied = await takeStep(w.deps, w.users.pudong, c.id, 'charity_apply', { onDate: '2026-03-30' });
    expect([applied.pendingKind, applied.pendingDue]).toEqual(['charity', '2026-04-28']);
  });

  it('公募资格 11 months after recognition → 409 with the rule and the first allowed date; at 12 months the 20-day clock runs', async () => {
    await takeStep(w.deps, w.users.pudong, orgs.a.id, 'charity_apply', { onDate: '2024-06-20' });
    const recognised = await takeStep(w.deps, w.users.pudong, orgs.a.id, 'charity_recognise', { onDate: '2024-07-01' });
    expect([recognised.charitySince, recognised.pendingKind]).toEqual(['2024-07-01', null]);
    // 慈善法（2023）第二十二条: registered or recognised as a charity ≥ 1 year: 2024-07-01 + 12 months = 2025-07-01.
    const early = await failure(takeStep(w.deps, w.users.pudong, orgs.a.id, 'fundraising_apply', { onDate: '2025-06-01' }));
    expect([early.status, early.code]).toEqual([409, 'SOCIALORG_TOO_EARLY']);
    expect(early.details).toMatchObject({ rule: 'charity.fundraisingAfterMonths', firstAllowed: '2025-07-01' });
    // 2025-07-01 (Tue) + 20 working days: 2–4 (3), 7–11 (8), 14–18 (13), 21–25 (18), 28 (19), 29 (20).
    const applied = await takeStep(w.deps, w.users.pudong, orgs.a.id, 'fundraising_apply', { onDate: '2025-07-01' });
    expect([applied.pendingKind, applied.pendingDue]).toEqual(['fundraising', '2025-07-29']);
    const granted = await takeStep(w.deps, w.users.pudong, orgs.a.id, 'fundraising_grant', { onDate: '2025-07-29' });
    expect([granted.fundraisingSince, granted.pendingKind]).toEqual(['2025-07-29', null]);
  });

  it('募捐方案: 10 days before the start, on a designated platform; disclosures every 3 months while a long one runs', async () => {
    const plan = { title: '助老餐桌', purpose: '为社区老人提供助餐', platform: '腾讯公益', targetFen: 50_000_000, startsOn: '2025-08-05', endsOn: '2026-06-30' };
    const late = await failure(filePlan(w.deps, w.users.pudong, orgs.a.id, { ...plan, filedOn: '2025-08-01' }));
    expect([late.status, late.code]).toEqual([409, 'SOCIALORG_PLAN_TOO_LATE']);
    expect(late.details).toMatchObject({ lastDay: '2025-07-26' });
    expect((await failure(filePlan(w.deps, w.users.pudong, orgs.a.id, { ...plan, startsOn: '2025-08-20', platform: '某某众筹', filedOn: '2025-08-01' }))).code).toBe('SOCIALORG_PLATFORM_NOT_DESIGNATED');
    expect((await failure(filePlan(w.deps, w.users.pudong, orgs.b.id, { ...plan, startsOn: '2025-08-20', filedOn: '2025-08-01' }))).code).toBe('SOCIALORG_NOT_QUALIFIED');
    at('2025-09-01');
    const filed = await filePlan(w.deps, w.users.pudong, orgs.a.id, { ...plan, startsOn: '2025-08-20', filedOn: '2025-08-01' });
    // Longer than 6 months: the first interim disclosure 3 months after the start.
    expect(filed.nextDisclosure).toEqual({ due: '2025-11-20', final: false, overdue: false });
    at('2025-11-21');
    const disclosed = await recordDisclosure(w.deps, w.users.pudong, filed.id, { disclosedOn: '2025-11-15', final: false, raisedFen: 12_000_000 });
    expect(disclosed.nextDisclosure).toEqual({ due: '2026-02-15', final: false, overdue: false });
    // After 2026-03-15 + 3 months = 2026-06-15 < 2026-06-30 comes one more interim, then the final by 2026-09-30.
    const third = await recordDisclosure(w.deps, w.users.pudong, filed.id, { disclosedOn: '2026-04-01', final: false, raisedFen: 30_000_000 });
    expect(third.nextDisclosure).toEqual({ due: '2026-09-30', final: true, overdue: false });
  });

  it('the 6-months rule: a qualified charity 6 months after its last fundraising ended → 活动异常名录, once', async () => {
    // The fundraising ended 2026-06-30; 6 months later is 2026-12-30.
    expect((await runCreditLists(w.deps, null, '2026-12-29')).idle).toBe(0);
    expect((await runCreditLists(w.deps, null, '2026-12-30')).idle).toBe(1);
    expect((await runCreditLists(w.deps, null, '2026-12-31')).idle).toBe(0);
  });

  it('3A+ switch on: no grade in force → 409 naming the switch', async () => {
    await setSetting(w.t.db.kysely.withTables<SocialorgTables>(), w.users.city, 'charity.fundraisingRequires3A', { from: '2025-01-01', value: true, verified: false, source: '测试：开启3A条件' });
    await takeStep(w.deps, w.users.pudong, orgs.b.id, 'charity_recognise', { onDate: '2024-02-01' });
    const refused = await failure(takeStep(w.deps, w.users.pudong, orgs.b.id, 'fundraising_apply', { onDate: '2025-03-01' }));
    expect([refused.status, refused.code]).toEqual([409, 'SOCIALORG_GRADE_REQUIRED']);
  });
});

describe('慈善信托备案', () => {
  it('filed 9 days after signing is 2 days late (7-day limit) and still recorded; publication due 20 working days later (清明 skipped); public once published', async () => {
    at('2025-03-10');
    const trust = await fileTrust(w.deps, w.users.city, {
      name: '明德助学慈善信托',
      trusteeName: '上海某信托有限公司',
      trusteeCreditCode: makeCreditCode('91310000MA123456'),
      divisionCode: '310115004000',
      level: 'city',
      purpose: '资助困难学生',
      propertyFen: 100_000_000,
      signedOn: '2025-03-01',
      filedOn: '2025-03-10',
    });
    // 2025-03-10 (Mon) + 20 working days: 11–14 (4), 17–21 (9), 24–28 (14), 31 (15), 1–3 Apr (18), 4 Apr 清明 off, 7 (19), 8 (20).
    expect([trust.filedLateDays, trust.publishDue, trust.publishOverdue]).toEqual([2, '2025-04-08', false]);
    expect(await publicTrusts(w.deps)).toEqual([]);
    await publishTrust(w.deps, w.users.city, trust.id, '2025-04-01');
    expect((await publicTrusts(w.deps)).map((t) => t.name)).toEqual(['明德助学慈善信托']);
    expect(
      (await failure(fileTrust(w.deps, w.users.xuhui, { name: 'x', trusteeName: 'y', trusteeCreditCode: trust.trusteeCreditCode, divisionCode: '310115004000', level: 'district', purpose: 'z', propertyFen: 1, signedOn: '2025-03-01' })))
        .status,
    ).toBe(403);
  });
});
