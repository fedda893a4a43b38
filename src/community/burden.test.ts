import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from '../eldercare/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { addBurdenEntry, addBurdenPoint, burdenFigures, closeBurdenReport, fileBurdenReport, listBurdenEntries, recordBurdenRequest, referBurdenReport } from './burden.js';
import type { CommunityDeps } from './roster.js';

let w: EldercareWorld;
let deps: CommunityDeps;
let app: AppInstance;
let weifang: TestUser;
let leader: TestUser;
const ids: Record<string, number> = {};

beforeAll(async () => {
  w = await openEldercareWorld(); // clock 2025-03-03
  deps = { db: w.t.ctx.db, vault: w.vault, now: () => w.clock.now() };
  app = await buildApp(w.t.ctx);
  weifang = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'burden.weifang', 'street_caseworker', '310115004000');
  leader = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'burden.leader', 'leader', '310000000000');
  const source = '测试清单（示例）';
  ids.residence = (await addBurdenEntry(deps, w.users.admin, { kind: 'certificate_allowed', name: '居住情况证明', source, example: true, validFrom: '2024-01-01' })).id;
  ids.kinship = (await addBurdenEntry(deps, w.users.admin, { kind: 'certificate_forbidden', name: '亲属关系证明', source, example: true, validFrom: '2024-01-01' })).id;
  ids.census = (await addBurdenEntry(deps, w.users.admin, { kind: 'task_admitted', name: '人口普查入户协助', source, example: true, validFrom: '2024-01-01' })).id;
  ids.old = (await addBurdenEntry(deps, w.users.admin, { kind: 'task_admitted', name: '已废止的协助事项', source, validFrom: '2020-01-01', validTo: '2023-12-31' })).id;
}, 180_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

const ask = (input: Partial<Parameters<typeof recordBurdenRequest>[2]>) =>
  recordBurdenRequest(deps, w.users.weifang, { committeeCode: TEST_COMMITTEES.weifang1, requestedOn: '2025-03-03', kind: 'certificate', requestedBy: '某银行', ...input });

describe('减负: requests decided against the lists in force', () => {
  it('lists the entries in force with their source and example flag', async () => {
    const names = (await listBurdenEntries(deps, w.users.leader, { on: '2025-03-03' })).map((e) => `${e.kindName}:${e.name}:${e.example}`);
    expect(names).toEqual(['可出具证明:居住情况证明:true', '不得出具证明:亲属关系证明:true', '准入协助事务:人口普查入户协助:true']);
    expect(await listBurdenEntries(deps, w.users.leader, { all: true })).toHaveLength(4);
  });

  it('issues what the 可出具 list holds, refuses the 不得出具 list and anything on no list; takes on only admitted tasks', async () => {
    // "清单之外不得摊派": a certificate on the allowed list is issued; the forbidden one and one on no list are refused.
    expect(await ask({ entryId: ids.residence })).toMatchObject({ outcome: 'issued', subject: '居住情况证明' });
    expect(await ask({ entryId: ids.kinship })).toMatchObject({ outcome: 'refused', reason: '列入不得出具证明清单（测试清单（示例）），不予出具' });
    expect(await ask({ subject: '无犯罪记录证明' })).toMatchObject({ outcome: 'refused', reason: '不在可出具证明清单内，不予出具' });
    expect(await ask({ kind: 'task', entryId: ids.census, requestedBy: '区统计局' })).toMatchObject({ outcome: 'admitted' });
    expect(await ask({ kind: 'task', subject: '代收某平台注册任务', requestedBy: '某委办局' })).toMatchObject({ outcome: 'not_admitted' });
  });

  it('refuses bad input with codes and records nothing', async () => {
    await expect(ask({ kind: 'task', entryId: ids.old })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_ENTRY_NOT_IN_FORCE' });
    await expect(ask({ kind: 'task', entryId: ids.residence })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_ENTRY_KIND' });
    await expect(ask({ subject: '' })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_SUBJECT_REQUIRED' });
    await expect(ask({ requestedOn: '2025-03-04', entryId: ids.residence })).rejects.toMatchObject({ code: 'COMMUNITY_DATE_IN_FUTURE' });
    await expect(ask({ committeeCode: '310115004', entryId: ids.residence })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_DIVISION_CODE' });
    await expect(ask({ committeeCode: '310115004999', entryId: ids.residence })).rejects.toMatchObject({ code: 'COMMUNITY_DIVISION_NOT_IN_FORCE' });
    // 陆家嘴's committee is outside her street: not found (audited), as any record outside the jurisdiction.
    await expect(ask({ committeeCode: TEST_COMMITTEES.lujiazui1, entryId: ids.residence })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(addBurdenEntry(deps, w.users.admin, { kind: 'task_admitted', name: '甲', source: '', validFrom: '2024-01-01' })).rejects.toMatchObject({ code: 'COMMUNITY_SOURCE_REQUIRED' });
    await expect(addBurdenEntry(deps, w.users.admin, { kind: 'task_admitted', name: '甲', source: '乙', validFrom: '2024-01-01', validTo: '2023-01-01' })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_PERIOD' });
    await expect(addBurdenEntry(deps, w.users.pudong, { kind: 'task_admitted', name: '甲', source: '乙', validFrom: '2024-01-01' })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('减负: reports referred and closed, figures per monitoring point', () => {
  it('takes a report through referral to its result; a closed one cannot move again', async () => {
    const report = await fileBurdenReport(deps, w.users.weifang, { committeeCode: TEST_COMMITTEES.weifang1, reportedOn: '2025-03-01', pushedBy: '某委办局', content: '要求居委会每周填报与其职责无关的报表' });
    expect(report).toMatchObject({ status: 'received', statusName: '已受理' });
    await expect(referBurdenReport(deps, w.users.pudong, report.id, { referredTo: '区减负办', referredOn: '2025-02-28' })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_PERIOD' });
    await expect(referBurdenReport(deps, w.users.xuhui, report.id, { referredTo: '区减负办', referredOn: '2025-03-02' })).rejects.toMatchObject({ kind: 'not_found' });
    expect(await referBurdenReport(deps, w.users.pudong, report.id, { referredTo: '区减负办', referredOn: '2025-03-02' })).toMatchObject({ status: 'referred', referredTo: '区减负办' });
    await expect(referBurdenReport(deps, w.users.pudong, report.id, { referredTo: '另一单位', referredOn: '2025-03-02' })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_REPORT_STATE' });
    await expect(closeBurdenReport(deps, w.users.pudong, report.id, { result: '', closedOn: '2025-03-03' })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_RESULT_REQUIRED' });
    expect(await closeBurdenReport(deps, w.users.pudong, report.id, { result: '已责令停止摊派，报表取消', closedOn: '2025-03-03' })).toMatchObject({ status: 'closed', closedOn: '2025-03-03' });
    await expect(closeBurdenReport(deps, w.users.pudong, report.id, { result: '再次', closedOn: '2025-03-03' })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_REPORT_STATE' });
    // A second report, still open, on the other committee.
    await fileBurdenReport(deps, w.users.weifang, { committeeCode: TEST_COMMITTEES.weifang2, reportedOn: '2025-03-03', pushedBy: '某街道科室', content: '要求挂牌' });
  });

  it('counts per monitoring point and for the scope, by hand', async () => {
    await addBurdenPoint(deps, w.users.pudong, { committeeCode: TEST_COMMITTEES.weifang1, since: '2025-01-01', source: '区减负监测点名单' });
    await expect(addBurdenPoint(deps, w.users.pudong, { committeeCode: TEST_COMMITTEES.weifang1, since: '2025-01-01', source: '重复' })).rejects.toMatchObject({ code: 'COMMUNITY_BURDEN_POINT_EXISTS' });
    // 潍坊一村 in 2025-03: 5 requests recorded above (issued, refused ×2, admitted, not admitted) → 3 refused;
    // 1 report, referred and closed. The scope adds 潍坊二村's open report: 2 reports, 1 referred, 1 closed.
    const figures = await burdenFigures(deps, w.users.leader, { month: '2025-03' });
    expect(figures.points).toEqual([{ committeeCode: TEST_COMMITTEES.weifang1, committeeName: expect.any(String), since: '2025-01-01', requests: 5, refused: 3, reports: 1, referred: 1, closed: 1 }]);
    expect(figures.total).toEqual({ requests: 5, refused: 3, reports: 2, referred: 1, closed: 1 });
    expect((await burdenFigures(deps, w.users.leader, { month: '2025-02' })).total).toEqual({ requests: 0, refused: 0, reports: 0, referred: 0, closed: 0 });
    await expect(burdenFigures(deps, w.users.leader, { month: '2025-04' })).rejects.toMatchObject({ code: 'COMMUNITY_FUTURE_MONTH' });
  });

  it('over HTTP: the street records, the leader reads figures but not the requests list', async () => {
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/community/burden/requests',
      headers: weifang.headers,
      payload: { committeeCode: TEST_COMMITTEES.weifang2, requestedOn: '2025-03-03', kind: 'certificate', entryId: ids.kinship, requestedBy: '某学校' },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ outcome: 'refused', outcomeName: '不予出具' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/community/burden/figures?month=2025-03', headers: leader.headers })).json().total.requests).toBe(6);
    expect((await app.inject({ method: 'GET', url: '/api/v1/community/burden/requests', headers: leader.headers })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/community/burden/reports', headers: weifang.headers, payload: { committeeCode: TEST_COMMITTEES.weifang1, reportedOn: '2025-13-01', pushedBy: '甲', content: '乙' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('COMMUNITY_INVALID_DATE');
  });
});
