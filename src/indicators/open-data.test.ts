import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEldercareWorld, type EldercareWorld } from '../eldercare/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { HIDDEN_MARK } from '../kernel/index.js';
import { indicatorDeps } from './deps.js';
import { OPEN_DATASETS, publishMonth } from './open-data.js';
import { buildOpenTable, type OpenTable } from './open-table.js';

const PUDONG = '310115000000';
const XUHUI = '310104000000';
const HUANGPU = '310101000000';

/** Every published total with exactly one hidden member would give that member away: there must be none. */
function derivable(table: OpenTable): string[] {
  const found: string[] = [];
  const counts = table.columns.filter((c) => c.kind === 'count');
  for (const c of counts) {
    const members = [...table.rows.map((r) => r.cells[c.key]), table.total[c.key]];
    if (members.filter((v) => v === HIDDEN_MARK).length === 1) found.push(`column ${c.key}`);
  }
  if (table.rowTotal)
    for (const r of [...table.rows.map((x) => x.cells), table.total]) {
      const members = counts.map((c) => r[c.key]);
      if (members.filter((v) => v === HIDDEN_MARK).length === 1) found.push(`row ${JSON.stringify(r)}`);
    }
  return found;
}

describe('open data tables', () => {
  it('a district with 3 orphans shows "<5" and cannot be worked out from the row or the city totals', () => {
    // 浦东 3 orphans + 7 de facto = 10; 徐汇 12 orphans + 6; 黄浦 40 orphans. City: orphans 55, de facto 13, total 68.
    const raw = new Map<string, Record<string, number>>([
      [PUDONG, { orphan: 3, de_facto: 7, total: 10 }],
      [XUHUI, { orphan: 12, de_facto: 6, total: 18 }],
      [HUANGPU, { orphan: 40, total: 40 }],
    ]);
    const table = buildOpenTable(OPEN_DATASETS.children, '2025-02', raw);
    const pudong = table.rows.find((r) => r.districtCode === PUDONG)?.cells;
    expect(pudong?.orphan).toBe(HIDDEN_MARK);
    // 浦东's row total (10) is published, so one more of its cells is hidden (de facto 7), and in each column the
    // next smallest district follows (徐汇 orphans 12 and de facto 6) — then no total gives one cell away.
    expect(pudong?.de_facto).toBe(HIDDEN_MARK);
    expect(pudong?.total).toBe(10);
    expect(table.total).toMatchObject({ orphan: 55, de_facto: 13, total: 68 });
    expect(table.rows.find((r) => r.districtCode === XUHUI)?.cells).toMatchObject({ orphan: HIDDEN_MARK, de_facto: HIDDEN_MARK, total: 18 });
    expect(table.rows.find((r) => r.districtCode === HUANGPU)?.cells).toMatchObject({ orphan: 40, total: 40 });
    expect(derivable(table)).toEqual([]);
    expect(table.rows).toHaveLength(16);
  });
  it('hides money and ratios over fewer than 5 persons with their count', () => {
    const assistance = buildOpenTable(
      OPEN_DATASETS.assistance,
      '2025-02',
      new Map([
        [PUDONG, { dibao_households: 2, dibao_yuan: 3_190 }],
        [XUHUI, { dibao_households: 9, dibao_yuan: 14_355 }],
      ]),
    );
    expect(assistance.rows.find((r) => r.districtCode === PUDONG)?.cells).toMatchObject({ dibao_households: HIDDEN_MARK, dibao_yuan: HIDDEN_MARK });
    // 徐汇 is the only other non-zero district: hidden too, else 11 − 9 = 2.
    expect(assistance.rows.find((r) => r.districtCode === XUHUI)?.cells).toMatchObject({ dibao_households: HIDDEN_MARK, dibao_yuan: HIDDEN_MARK });
    expect(assistance.total).toMatchObject({ dibao_households: 11, dibao_yuan: 17_545 });
    const workers = buildOpenTable(
      OPEN_DATASETS.workers,
      '2025-02',
      new Map([
        [PUDONG, { headcount: 4, certified: 1 }],
        [XUHUI, { headcount: 20, certified: 5 }],
        [HUANGPU, { headcount: 30, certified: 6 }],
      ]),
    );
    expect(workers.rows.find((r) => r.districtCode === PUDONG)?.cells).toMatchObject({ headcount: HIDDEN_MARK, certifiedPercent: HIDDEN_MARK });
    // 徐汇 (20, the smallest other) is hidden with its ratio; 黄浦 30 with 6 certified = 20.0 %.
    expect(workers.rows.find((r) => r.districtCode === HUANGPU)?.cells).toMatchObject({ headcount: 30, certifiedPercent: 20 });
    expect(workers.total).toMatchObject({ headcount: 54, certifiedPercent: 22.2 }); // 12 ÷ 54
  });
});

describe('publishing and the public pages', () => {
  let w: EldercareWorld;
  let app: AppInstance;
  beforeAll(async () => {
    w = await openEldercareWorld(); // 2025-03-03
    app = await buildApp(w.t.ctx);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await w?.close();
  });

  it('publishes a finished month only, and serves it without login as JSON and CSV', async () => {
    const deps = indicatorDeps(w.t.ctx, () => w.clock.now());
    await expect(publishMonth(deps, w.users.admin, '2025-03')).rejects.toMatchObject({ code: 'INDICATORS_MONTH_NOT_ENDED' });
    await expect(publishMonth(deps, w.users.admin, '2025-13')).rejects.toMatchObject({ code: 'INDICATORS_INVALID_MONTH' });
    await expect(publishMonth(deps, w.users.leader, '2025-02')).rejects.toMatchObject({ status: 403 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/open-data/2025-02/children' })).statusCode).toBe(404);
    const published = await publishMonth(deps, w.users.admin, '2025-02');
    expect(published.datasets.map((d) => d.dataset)).toEqual(['assistance', 'children', 'workers']);
    const index = await app.inject({ method: 'GET', url: '/api/v1/public/open-data' });
    expect(index.statusCode).toBe(200);
    expect(index.json().months[0]).toMatchObject({ month: '2025-02' });
    const json = await app.inject({ method: 'GET', url: '/api/v1/public/open-data/2025-02/children' });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ dataset: 'children', month: '2025-02', rows: expect.any(Array) });
    const csv = await app.inject({ method: 'GET', url: '/api/v1/public/open-data/2025-02/workers?format=csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFF区代码,区,在岗人数,持证率（%）');
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/open-data/2025-02/persons' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/public/open-data/25-02/children' })).statusCode).toBe(400);
  });
});
