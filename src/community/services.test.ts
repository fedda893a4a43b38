import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEldercareWorld, type EldercareWorld } from '../eldercare/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { movableClock } from '../monitoring/testing.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import type { CommunityDeps } from './roster.js';
import { addServiceItem, addServicePoint, finishServiceCase, importServiceCases, recordServiceCase, serviceFigures } from './services.js';

let w: EldercareWorld;
let deps: CommunityDeps;
let app: AppInstance;
let leader: TestUser;
let weifang: TestUser;

const WEIFANG = '31011500400001';
const TIANPING = '31010400300001';
const HEADER = '办件编号,事项编码,受理点编码,渠道,受理日期,办结日期,评价';

beforeAll(async () => {
  w = await openEldercareWorld(movableClock(new Date('2025-12-01T02:00:00Z')));
  deps = { db: w.t.ctx.db, vault: w.vault, now: () => w.clock.now() };
  app = await buildApp(w.t.ctx);
  leader = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'svc.leader', 'leader', '310000000000');
  weifang = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'svc.weifang', 'street_caseworker', '310115004000');
  await addServiceItem(deps, w.users.admin, {
    code: '0101001',
    name: '老年综合津贴申请',
    department: '市民政局',
    channels: ['window', 'online'],
    citywide: true,
    exemptSubmission: true,
    limitDays: 5,
    validFrom: '2024-01-01',
    source: '测试目录',
  });
  await addServicePoint(deps, w.users.pudong, { code: WEIFANG, name: '潍坊受理中心', kind: 'centre', openedOn: '2024-01-01' });
  await addServicePoint(deps, w.users.xuhui, { code: TIANPING, name: '天平受理中心', kind: 'centre', openedOn: '2024-01-01' });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

describe('社区事务受理: points and catalogue', () => {
  it('refuses a malformed point code, a street not in force, another district, a limit out of range', async () => {
    await expect(addServicePoint(deps, w.users.pudong, { code: '3101150040', name: '甲', kind: 'centre', openedOn: '2024-01-01' })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_POINT_CODE' });
    await expect(addServicePoint(deps, w.users.pudong, { code: '31011599900001', name: '甲', kind: 'centre', openedOn: '2024-01-01' })).rejects.toMatchObject({ code: 'COMMUNITY_PARENT_NOT_IN_FORCE' });
    await expect(addServicePoint(deps, w.users.pudong, { code: '31010400300002', name: '甲', kind: 'branch', openedOn: '2024-01-01' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(addServicePoint(deps, w.users.pudong, { code: WEIFANG, name: '甲', kind: 'centre', openedOn: '2024-01-01' })).rejects.toMatchObject({ code: 'COMMUNITY_POINT_CODE_IN_USE' });
    await expect(
      addServiceItem(deps, w.users.admin, { code: '0101002', name: '乙', department: '丙', channels: ['window'], citywide: true, exemptSubmission: false, limitDays: 400, validFrom: '2024-01-01', source: '测试' }),
    ).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_LIMIT' });
    await expect(
      addServiceItem(deps, w.users.pudong, { code: '0101002', name: '乙', department: '丙', channels: ['window'], citywide: true, exemptSubmission: false, limitDays: 4, validFrom: '2024-01-01', source: '测试' }),
    ).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });
});

describe('一网通办 办件 import and processing times', () => {
  it('counts working days across the 2025 国庆 holiday and the 调休 Saturday, reports bad rows, lands the good ones, once', async () => {
    const content = [
      HEADER,
      // 2025 国庆节、中秋节 10-01..10-08 off, Saturday 10-11 worked (国办发明电〔2024〕12号): Tue 09-30 → Tue 10-14 = 10-09, 10-10, 10-11, 10-13, 10-14 = 5 working days (limit 5: within).
      `A1,0101001,${WEIFANG},窗口,2025-09-30,2025-10-14,非常满意`,
      // … → Wed 10-15 = 6 working days: over the limit.
      `A2,0101001,${WEIFANG},网上,2025-09-30,2025-10-15,不满意`,
      // Thu 10-09 → Sat 10-11 (worked) = 10-10, 10-11 = 2.
      `A3,0101001,${WEIFANG},窗口,2025-10-09,2025-10-11,`,
      `A4,0101001,${TIANPING},窗口,2025-11-20,,`, // not finished
      `B1,9999999,${WEIFANG},窗口,2025-10-09,2025-10-10,`, // unknown item (line 6)
      `B2,0101001,${WEIFANG},窗口,2025-10-09,2025-10-08,`, // finished before received (line 7)
      `B3,0101001,${WEIFANG},自助终端,2025-10-09,2025-10-10,`, // channel the item does not offer (line 8)
      `B4,0101001,${WEIFANG},窗口,2025-10-09,2025-10-10,很好`, // rating not on the scale (line 9)
      `A1,0101001,${WEIFANG},窗口,2025-10-09,2025-10-10,`, // repeated case number (line 10)
      `B5,0101001,${WEIFANG},窗口,2025-12-09,,`, // received after today (line 11)
    ].join('\n');
    const first = await importServiceCases(deps, w.users.admin, { batchId: 'ywtb-2025-10', format: 'csv', content });
    expect(first).toMatchObject({ alreadyReceived: false, rows: 10, accepted: 4, duplicates: 0, rejected: 6 });
    expect(first.errors.map((e) => [e.row, e.field])).toEqual([
      [6, '事项编码'],
      [7, '办结日期'],
      [8, '渠道'],
      [9, '评价'],
      [10, '办件编号'],
      [11, '受理日期'],
    ]);
    // Sent again: the first receipt, nothing added; other content under the same id: 409.
    expect(await importServiceCases(deps, w.users.admin, { batchId: 'ywtb-2025-10', format: 'csv', content })).toMatchObject({ alreadyReceived: true, accepted: 4, rejected: 6 });
    await expect(importServiceCases(deps, w.users.admin, { batchId: 'ywtb-2025-10', format: 'csv', content: `${content}\n` })).rejects.toMatchObject({ code: 'COMMUNITY_BATCH_CONTENT_MISMATCH' });
    // A later batch repeating A1: skipped as already received; E1 lands (天平, Thu 10-16 → Mon 10-20 = 10-17, 10-20 = 2).
    const second = await importServiceCases(deps, w.users.admin, {
      batchId: 'ywtb-2025-10b',
      format: 'ndjson',
      content: [
        JSON.stringify({ 办件编号: 'A1', 事项编码: '0101001', 受理点编码: WEIFANG, 渠道: '窗口', 受理日期: '2025-09-30', 办结日期: '2025-10-14', 评价: '非常满意' }),
        JSON.stringify({ 办件编号: 'E1', 事项编码: '0101001', 受理点编码: TIANPING, 渠道: 'window', 受理日期: '2025-10-16', 办结日期: '2025-10-20', 评价: '满意' }),
      ].join('\n'),
    });
    expect(second).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0 });
    // A district imports only for its own points.
    const pudong = await importServiceCases(deps, w.users.pudong, { batchId: 'pd-1', format: 'csv', content: `${HEADER}\nX1,0101001,${TIANPING},窗口,2025-10-09,2025-10-10,` });
    expect(pudong).toMatchObject({ accepted: 0, rejected: 1, errors: [{ row: 2, field: '受理点编码', message: '该受理点不在您的辖区内' }] });

    // October, city: finished A1 (5), A2 (6), A3 (2), E1 (2). Sorted 2, 2, 5, 6: median (percentile_disc 0.5) = the
    // 2nd = 2; P90 = the first value whose cumulative share ≥ 0.9 = the 4th = 6. Within the 5-day limit: A1, A3, E1 =
    // 3 of 4 = 75 %. Rated A1 非常满意, A2 不满意, E1 满意: 3 rated, 1 差评, 好评率 2 ÷ 3 = 66.7 %.
    const city = await serviceFigures(deps, w.users.admin, { month: '2025-10' });
    expect(city.total).toEqual({ volume: 4, medianDays: 2, p90Days: 6, withinLimit: 3, withinLimitPercent: 75, rated: 3, bad: 1, goodPercent: 66.7 });
    expect(city.byDistrict.map((d) => [d.name, d.volume, d.medianDays])).toEqual([
      ['徐汇区', 1, 2],
      ['浦东新区', 3, 5],
    ]);
    expect(city.byItem).toEqual([expect.objectContaining({ name: '老年综合津贴申请', limitDays: 5, volume: 4 })]);
    // The 潍坊 caseworker sees her street only: A1, A2, A3 = 2, 5, 6 → median 5, P90 6, within 2 of 3 = 66.7 %.
    const street = await serviceFigures(deps, w.users.weifang, { month: '2025-10' });
    expect(street.total).toMatchObject({ volume: 3, medianDays: 5, p90Days: 6, withinLimitPercent: 66.7 });
    expect(street.byPoint.map((p) => p.name)).toEqual(['潍坊受理中心']);
  });

  it('keys a case at the window within the caseworker street and finishes it in working days', async () => {
    const keyed = await recordServiceCase(deps, w.users.weifang, { caseNo: 'W-1', itemCode: '0101001', pointCode: WEIFANG, channel: 'window', receivedOn: '2025-11-28' });
    expect(keyed).toMatchObject({ itemName: '老年综合津贴申请', pointName: '潍坊受理中心', workingDays: null });
    // Fri 11-28 → Mon 12-01: 1 working day.
    expect(await finishServiceCase(deps, w.users.weifang, 'W-1', { finishedOn: '2025-12-01', rating: 5 })).toMatchObject({ workingDays: 1, withinLimit: true, rating: 5 });
    await expect(finishServiceCase(deps, w.users.weifang, 'W-1', { finishedOn: '2025-12-01' })).rejects.toMatchObject({ code: 'COMMUNITY_CASE_FINISHED' });
    await expect(recordServiceCase(deps, w.users.weifang, { caseNo: 'W-2', itemCode: '0101001', pointCode: TIANPING, channel: 'window', receivedOn: '2025-11-28' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(recordServiceCase(deps, w.users.weifang, { caseNo: 'W-1', itemCode: '0101001', pointCode: WEIFANG, channel: 'window', receivedOn: '2025-11-28' })).rejects.toMatchObject({ code: 'COMMUNITY_CASE_EXISTS' });
  });

  it('over HTTP: a leader reads the figures and may not import; a future or malformed month is 400', async () => {
    const ok = await app.inject({ method: 'GET', url: '/api/v1/community/service-cases/figures?month=2025-10', headers: leader.headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().total.volume).toBe(4);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/community/service-cases/import', headers: leader.headers, payload: { batchId: 'x', format: 'csv', content: HEADER } });
    expect(refused.statusCode).toBe(403);
    for (const month of ['2099-01', '2025-13'])
      expect((await app.inject({ method: 'GET', url: `/api/v1/community/service-cases/figures?month=${month}`, headers: weifang.headers })).json().code).toMatch(/^COMMUNITY_(FUTURE|INVALID)_MONTH$/);
  });
});
