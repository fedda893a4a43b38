/**
 * 社会组织 pages in Chromium against the real server and the demo's social organisations: anyone searches the public
 * register without signing in and downloads the result; the 浦东 registrar takes a 社会服务机构 from the name check to
 * its certificate; the demo organisation's staff file its overdue annual report, for which the year-end run listed it
 * (shown publicly); the leader reads the charts. Then the later pages: 行政处罚 (the ledger and a department's batch
 * pasted in), 慈善 (plans and trusts), 部门接口 (a key shown once, then used by a department), 等级评估 (an eligible
 * organisation graded from the page), the public grade filter and daily bulk files (a download's checksum equals the
 * manifest's), the leader's certified social workers.
 */
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeCreditCode } from '../../src/kernel/index.js';
import { openAs, apiClient, canvasPainted, confirmDialog, startAppAndBrowser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

const open = (user: string | null, path = '/') => openAs(browser, app.baseUrl, user, path);

describe('社会组织', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(600));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('anonymous: search → organisation page → the CSV has as many rows as the search found', { timeout: 180_000 }, async () => {
    const { page, errors, close } = await open(null, '/public/socialorg');
    await page.getByTestId('public-q').fill('浦东新区');
    await page.getByTestId('public-search').click();
    await page.waitForURL(/q=/);
    const api = (await (await fetch(`${app.baseUrl}/api/v1/public/socialorg/organisations?q=${encodeURIComponent('浦东新区')}&limit=1`)).json()) as { total: number };
    // The page's total is the search's (the unfiltered list showed before the click).
    await expect.poll(async () => (await page.getByTestId('public-total').textContent()) ?? '').toBe(`共 ${api.total} 家`);
    const total = api.total;
    expect(total).toBeGreaterThan(0);
    const first = page.getByTestId('public-table').locator('tbody a').first();
    const name = (await first.textContent()) ?? '';
    await first.click();
    await expect.poll(() => page.getByTestId('public-org-name').textContent()).toBe(name);
    const csv = await fetch(`${app.baseUrl}/api/v1/public/socialorg/export.csv?q=${encodeURIComponent('浦东新区')}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n').length - 1).toBe(total);
    expect(errors).toEqual([]);
    await close();
  });

  test('a district registrar takes a 社服 from the name check to its certificate; the organisation’s staff file the overdue report', { timeout: 240_000 }, async () => {
    const desk = await open('pudong', '/socialorg');
    await desk.page.getByTestId('socialorg-new').click();
    await desk.page.getByTestId('socialorg-name').fill('浦东新区星河青少年社会工作服务中心');
    await desk.page.getByTestId('socialorg-division').fill('310115004000');
    await confirmDialog(desk.page);
    await expect.poll(() => desk.page.getByTestId('socialorg-status').textContent()).toBe('名称已核准');
    await desk.page.getByTestId('step-establish_apply').click();
    await desk.page.getByTestId('step-funds').fill('100000');
    await confirmDialog(desk.page);
    await expect.poll(() => desk.page.getByTestId('socialorg-status').textContent()).toBe('成立登记待审');
    await desk.page.getByTestId('step-establish').click();
    await desk.page.getByTestId('step-credit-code').fill(makeCreditCode('52310115MN000001'));
    await confirmDialog(desk.page);
    await expect.poll(() => desk.page.getByTestId('socialorg-status').textContent()).toBe('已登记');
    expect(desk.errors).toEqual([]);
    await desk.close();

    // The demo organisation did not file last year's report: the run listed it, and the public page says so.
    const mine = await open('mingde', '/socialorg/mine');
    await mine.page.getByTestId('report-income').fill('120000');
    await mine.page.getByTestId('report-expenditure').fill('90000');
    await mine.page.getByTestId('report-net-assets').fill('50000');
    await mine.page.getByTestId('report-file').click();
    await expect.poll(() => mine.page.locator('.ant-message').textContent()).toContain('年度工作报告已报送');
    expect(mine.errors).toEqual([]);
    await mine.close();
    const listed = await fetch(`${app.baseUrl}/api/v1/public/socialorg/organisations?q=${encodeURIComponent('潍坊明德')}&list=abnormal`);
    expect(((await listed.json()) as { items: { name: string }[] }).items.map((o) => o.name)).toEqual(['浦东新区潍坊明德社会工作服务中心']);
  });

  test('the leader reads the charts', { timeout: 120_000 }, async () => {
    const { page, errors, close } = await open('leader', '/socialorg/figures');
    await page.getByTestId('socialorg-district-chart').waitFor();
    await expect.poll(() => canvasPainted(page, 'socialorg-district-chart'), { timeout: 20_000 }).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  test('行政处罚: the ledger has the demo’s penalties; a department’s batch pasted in is recorded, its receipt listed', { timeout: 240_000 }, async () => {
    const api = await apiClient(app.baseUrl, 'pudong');
    const orgs = await api<{ items: { creditCode: string | null; status: string }[] }>('GET', '/socialorg/organisations?status=registered&limit=5');
    const code = orgs.body.items.find((o) => o.creditCode)?.creditCode as string;
    const { page, errors, close } = await open('pudong', '/socialorg/penalties');
    await expect.poll(() => page.getByTestId('penalties-table').locator('tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByLabel('批次号').fill('e2e-001');
    await page.getByLabel('作出处罚的部门').fill('浦东新区市场监督管理局');
    await page.getByTestId('batch-content').fill(`统一社会信用代码,处罚种类,处罚依据,决定书文号,决定日期\n${code},警告,《民办非企业单位登记管理暂行条例》第二十五条,浦市监罚〔2026〕e2e号,2026-11-02\n`);
    await page.getByTestId('batch-submit').click();
    await expect.poll(() => page.locator('.ant-message').textContent(), { timeout: 30_000 }).toContain('已导入 1 条');
    await expect.poll(() => page.getByTestId('batches-table').textContent()).toContain('e2e-001');
    expect(errors).toEqual([]);
    await close();
  });

  test('慈善 and 部门接口: the city sees plans and trusts; a key is shown once and works for a department', { timeout: 240_000 }, async () => {
    const { page, errors, close } = await open('admin', '/socialorg/charity');
    await expect.poll(() => page.getByTestId('plans-table').locator('tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('trusts-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.goto(`${app.baseUrl}/socialorg/keys`);
    await page.getByLabel('使用部门').fill('市市场监督管理局');
    await page.getByLabel('用途').fill('登记状态核验');
    await page.getByTestId('key-create').click();
    const shown = page.getByTestId('key-shown');
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('keys-table').textContent()).toContain('市市场监督管理局');
    const feed = await fetch(`${app.baseUrl}/api/v1/dept/socialorg/changes?after=0`, { headers: { 'x-api-key': key } });
    expect(feed.status).toBe(200);
    expect(errors).toEqual([]);
    await close();
  });

  test('等级评估: the rules are shown; an eligible organisation is graded from the page and appears in 公示', { timeout: 240_000 }, async () => {
    const api = await apiClient(app.baseUrl, 'pudong');
    const orgs = await api<{ items: { id: number; name: string }[] }>('GET', '/socialorg/organisations?status=registered&limit=100');
    let chosen: { id: number; name: string } | undefined;
    for (const o of orgs.body.items) {
      const e = await api<{ eligible: boolean }>('GET', `/socialorg/organisations/${o.id}/grading-eligibility`);
      if (e.body.eligible) {
        chosen = o;
        break;
      }
    }
    expect(chosen).toBeDefined();
    const { page, errors, close } = await open('pudong', '/socialorg/grading');
    await expect.poll(() => page.locator('body').textContent()).toContain('分数线（满分1000分）');
    await page
      .getByTestId('grading-org')
      .locator('input')
      .fill((chosen as { name: string }).name);
    await page
      .locator('.ant-select-item-option', { hasText: (chosen as { name: string }).name })
      .first()
      .click();
    await page.getByTestId('grading-eligible').waitFor();
    await page.getByTestId('grading-score').fill('900');
    await expect.poll(() => page.locator('body').textContent()).toContain('按分数线评定为 4A');
    await page.getByTestId('grading-record').click();
    await confirmDialog(page);
    await expect.poll(() => page.locator('.ant-message').textContent(), { timeout: 30_000 }).toContain('已记录：4A');
    await page.getByText('公示中', { exact: true }).click();
    await expect.poll(() => page.getByTestId('grades-table').textContent()).toContain((chosen as { name: string }).name);
    expect(errors).toEqual([]);
    await close();
  });

  test('public: the grade filter’s total is the API’s; the daily bulk file downloads with the manifest’s checksum', { timeout: 180_000 }, async () => {
    const api = (await (await fetch(`${app.baseUrl}/api/v1/public/socialorg/organisations?grade=3&limit=1`)).json()) as { total: number };
    const { page, errors, close } = await open(null, '/public/socialorg?grade=3');
    await expect.poll(async () => (await page.getByTestId('public-total').textContent()) ?? '').toBe(`共 ${api.total} 家`);
    await page.getByTestId('public-bulk').locator('table').waitFor();
    const days = (await (await fetch(`${app.baseUrl}/api/v1/public/socialorg/bulk`)).json()) as { manifestUrl: string }[];
    const manifest = (await (await fetch(`${app.baseUrl}${days[0]?.manifestUrl}`)).json()) as { organisations: number; files: { name: string; url: string; sha256: string; rows: number }[] };
    const full = manifest.files.find((f) => f.name === 'organisations.csv.gz') as { url: string; sha256: string; rows: number };
    expect(full.rows).toBe(manifest.organisations);
    const bytes = Buffer.from(await (await fetch(`${app.baseUrl}${full.url}`)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(full.sha256);
    expect(errors).toEqual([]);
    await close();
  });

  test('the leader sees certified social workers against the plan’s target', { timeout: 120_000 }, async () => {
    const { page, errors, close } = await open('leader', '/socialorg/figures');
    await expect.poll(() => page.getByTestId('social-workers').textContent(), { timeout: 30_000 }).toContain('规划目标 ≥45,000 人');
    expect(await page.getByTestId('social-workers').textContent()).toContain('37000');
    expect(errors).toEqual([]);
    await close();
  });
});
