/**
 * 基层治理 and the plan's indicators on the demo city, in Chromium: the indicator table with statuses, manual values
 * marked, the drill-down with its history chart and the Excel export; the leader reads only (no 填报, no roster);
 * a street caseworker keeps her own street's roster and the API refuses another street; district staff issue a
 * division change order (the leader reads only); 社区事务受理: times per item, point and district, a 一网通办 batch imported
 * with its row error, a case keyed at the window; the open-data page, logged out, shows small counts as "<5".
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openAs, apiAs, apiClient, canvasPainted, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

const open = (user: string, path = '/') => openAs(browser, app.baseUrl, user, path);

describe('规划指标 and 社区工作者 on the demo city', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(2000));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a leader reads the 15 indicators with statuses, drills into one with its history chart and exports Excel; no 填报', async () => {
    const { page, errors, close } = await open('leader');
    const nav = (await page.getByTestId('side-nav').textContent()) ?? '';
    expect(nav).toContain('规划指标');
    expect(nav).not.toContain('基层治理');
    await page.getByTestId('side-nav').getByText('规划指标').click();
    const table = page.getByTestId('indicators-table');
    await table.locator('tbody tr').nth(14).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(15);
    // Indicator 1 is computed from the 低保 parameters: 1595 ÷ 4375.67 = 36.5 % (the standard in force since 2024-07).
    expect(await page.getByTestId('indicator-value-1').textContent()).toBe('36.5%');
    expect(await page.getByTestId('indicator-status-1').textContent()).toBe('已达标');
    // Manual indicators show their source as 人工填报.
    expect(await table.locator('tbody tr').nth(5).textContent()).toContain('人工填报');
    expect(await page.getByTestId('indicator-enter-6').count()).toBe(0);
    await page.getByTestId('indicators-summary').waitFor();
    await table.locator('tbody tr').first().click();
    await page.getByTestId('indicator-history-chart').waitFor();
    await expect.poll(() => canvasPainted(page, 'indicator-history-chart'), { timeout: 15_000 }).toBe(true);
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    expect(download.suggestedFilename()).toContain('.xlsx');
    await screenshot(page, 'indicators-leader');
    expect(errors).toEqual([]);
    await close();
  });

  test('the city admin enters a manual value with its source, shown as 人工填报', async () => {
    const { page, errors, close } = await open('admin', '/indicators');
    await page.getByTestId('indicator-enter-9').click();
    await page.getByTestId('manual-value').fill('2600');
    await page.getByTestId('manual-source').fill('市康复辅具中心培训考试合格名单');
    await page.getByTestId('manual-save').click();
    await expect.poll(async () => page.getByTestId('indicator-value-9').textContent()).toBe('2600 人');
    const api = await apiAs(app.baseUrl, 'admin');
    const entries = await api<{ value: number; supersededBy: number | null }[]>('/indicators/9/values');
    expect(entries.body[0]).toMatchObject({ value: 2600, supersededBy: null });
    expect(errors).toEqual([]);
    await close();
  });

  test('a street caseworker sees her street’s roster and figures; another street’s committee is refused', async () => {
    const { page, errors, close } = await open('weifang', '/community');
    await page.getByTestId('roster-figures').waitFor();
    await page.getByTestId('roster-table').locator('tbody tr').first().waitFor();
    const streets = await page.getByTestId('roster-table').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(streets.length).toBeGreaterThan(0);
    expect(new Set(streets)).toEqual(new Set(['潍坊新村街道']));
    await screenshot(page, 'community-roster');
    const client = await apiClient(app.baseUrl, 'weifang');
    const foreign = await client<{ code: string }>('POST', '/community/workers', { personId: 1, divisionCode: '310115005001', post: '社区工作者', startOn: '2024-01-01', education: 'bachelor' });
    expect([403, 404]).toContain(foreign.status);
    const leader = await apiAs(app.baseUrl, 'leader');
    expect((await leader('/community/workers')).status).toBe(403);
    expect(errors).toEqual([]);
    await close();
  });
  test('区划沿革: district staff set up a committee with its approval number, shown in the orders and the street as on today; the leader reads only', async () => {
    const { page, errors, close } = await open('pudong', '/community/divisions');
    await page.getByTestId('divisions-children').locator('tbody tr').first().waitFor();
    await page.getByTestId('divisions-order').click();
    await page.getByTestId('order-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '设立' }).click();
    await page.getByTestId('order-approval').fill('浦府〔2026〕88号');
    await page.getByTestId('order-reason').fill('新建住宅小区入住，设立居委会');
    await page.getByTestId('order-target').fill('310115004990');
    await page.getByTestId('order-target-name').fill('潍坊新苑居委会');
    await page.getByTestId('order-save').click();
    await page.getByTestId('divisions-orders').getByText('浦府〔2026〕88号').waitFor();
    const api = await apiAs(app.baseUrl, 'pudong');
    const street = await api<{ children: { code: string; name: string }[] }>('/community/divisions/counts?code=310115004000');
    expect(street.body.children).toContainEqual(expect.objectContaining({ code: '310115004990', name: '潍坊新苑居委会' }));
    // Bad input is refused with its reason and changes nothing: a malformed code, an order dated tomorrow.
    const client = await apiClient(app.baseUrl, 'pudong');
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    expect((await client('POST', '/community/division-orders', { kind: 'establish', approvalNumber: 'x', reason: 'x', effectiveOn: '2025-01-01', target: { code: '3101150049', name: '短' } })).status).toBe(400);
    expect((await client('POST', '/community/division-orders', { kind: 'establish', approvalNumber: 'x', reason: 'x', effectiveOn: tomorrow, target: { code: '310115004991', name: '明天' } })).status).toBe(400);
    await screenshot(page, 'community-divisions');
    expect(errors).toEqual([]);
    await close();
    const leader = await open('leader', '/community/divisions');
    await leader.page.getByTestId('divisions-orders').locator('tbody tr').first().waitFor();
    expect(await leader.page.getByTestId('divisions-order').isDisabled()).toBe(true);
    expect(leader.errors).toEqual([]);
    await leader.close();
  });

  test('社区事务受理: district staff read the times per item, point and district, import a 一网通办 batch with a bad row reported and the good one counted, a resent batch changes nothing', async () => {
    const { page, errors, close } = await open('pudong', '/community/services');
    await page.getByTestId('services-total').waitFor();
    // The page states the rule before any figure; last month's demo cases fill the totals and the per-item table.
    expect(await page.getByText('统计口径').count()).toBeGreaterThan(0);
    expect(Number((await page.getByTestId('services-total').locator('.ant-statistic-content-value').first().textContent())?.replaceAll(',', ''))).toBeGreaterThan(0);
    await page.getByTestId('services-by-item').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('services-by-item').locator('tbody tr').first().textContent()).toContain('个工作日');
    await page.getByRole('tab', { name: '按区' }).click();
    const districts = await page.getByTestId('services-by-district').locator('tbody tr td:first-child').allTextContents();
    expect(districts).toEqual(['浦东新区']);
    // The district's points only: 潍坊's centre, branch, terminal and virtual window are there, no other district's.
    await page.getByTestId('services-points').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('services-catalogue').textContent()).toContain('老年综合津贴申请');

    const api = await apiAs(app.baseUrl, 'pudong');
    const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const volume = async () => (await api<{ total: { volume: number } }>(`/community/service-cases/figures?month=${thisMonth}`)).body.total.volume;
    const before = await volume();
    const batchId = `e2e-${Date.now()}`;
    const content = ['办件编号,事项编码,受理点编码,渠道,受理日期,办结日期,评价', `E2E${Date.now()},0101001,31011500400001,窗口,${today},${today},满意`, `E2E${Date.now()}X,0999999,31011500400001,窗口,${today},,`].join('\n');
    for (const attempt of [1, 2]) {
      await page.getByTestId('services-import').click();
      await page.getByTestId('cases-import-batch').fill(batchId);
      await page.getByTestId('cases-import-text').fill(content);
      await page.getByTestId('cases-import-save').click();
      const result = page.getByTestId('cases-import-result');
      await result.waitFor();
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('入库 1');
      expect(text).toContain('错误 1');
      // The bad line (line 3 of the file) comes back with its field and reason.
      expect(await result.locator('tbody tr').first().textContent()).toContain('事项目录中没有编码 0999999');
      expect(await result.locator('tbody tr td').first().textContent()).toBe('3');
      if (attempt === 2) expect(text).toContain('该批次此前已收到');
      await page.locator('.ant-modal-close').click();
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
    }
    expect(await volume()).toBe(before + 1);
    await screenshot(page, 'community-services');
    expect(errors).toEqual([]);
    await close();
  });

  test('社区事务受理: a street caseworker keys a case at her own street’s window, finishes it, and cannot key it twice', async () => {
    const { page, errors, close } = await open('weifang', '/community/services');
    await page.getByTestId('services-total').waitFor();
    expect(await page.getByTestId('services-import').isDisabled()).toBe(true);
    await page.getByTestId('services-key').click();
    const caseNo = `W${Date.now()}`;
    await page.getByTestId('case-key-no').fill(caseNo);
    await page.getByTestId('case-key-item').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '老年综合津贴申请' }).click();
    await page.getByTestId('case-key-point').click();
    // Only her street's points are offered (潍坊's centre, branch, terminal, virtual window), none of 陆家嘴's
    // (polled: the item list may still be closing).
    const shown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await expect
      .poll(async () => {
        const options = await shown.allTextContents();
        return options.length === 4 && options.every((o) => o.includes('潍坊新村街道'));
      })
      .toBe(true);
    await shown.filter({ hasText: '潍坊新村社区事务受理服务中心' }).click();
    await page.getByTestId('case-key-save').click();
    await page.getByText('办件已登记').waitFor();
    const client = await apiClient(app.baseUrl, 'weifang');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const again = await client<{ code: string }>('POST', '/community/service-cases', { caseNo, itemCode: '0101001', pointCode: '31011500400001', channel: 'window', receivedOn: today });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('COMMUNITY_CASE_EXISTS');
    const finished = await client<{ workingDays: number; withinLimit: boolean }>('POST', `/community/service-cases/${caseNo}/finish`, { finishedOn: today, rating: 5 });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ workingDays: 0, withinLimit: true });
    // 陆家嘴's point is outside her street: refused, nothing recorded.
    const foreign = await client<{ code: string }>('POST', '/community/service-cases', { caseNo: `${caseNo}L`, itemCode: '0101001', pointCode: '31011500500001', channel: 'window', receivedOn: today });
    expect([403, 404]).toContain(foreign.status);
    expect(errors).toEqual([]);
    await close();
  });

  test('居村减负: a street caseworker records a request for a certificate on the 不得出具 list and sees it refused and counted; the leader reads the figures only', async () => {
    const { page, errors, close } = await open('weifang', '/community/burden');
    await page.getByTestId('burden-points').locator('tbody tr').nth(1).waitFor();
    const before = Number((await page.getByTestId('burden-figures').locator('.ant-statistic-content-value').nth(1).textContent()) ?? 'NaN');
    expect(await page.getByTestId('burden-entries').textContent()).toContain('示例');
    await page.getByTestId('burden-request').click();
    await page.getByTestId('burden-request-committee').click();
    await page
      .locator('.ant-select-tree-title')
      .filter({ hasText: /居委会|村委会/ })
      .first()
      .click();
    await page.getByTestId('burden-request-entry').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '婚姻状况证明' }).click();
    await page.getByTestId('burden-request-by').fill('某培训机构');
    await page.getByTestId('burden-request-save').click();
    expect(await page.getByTestId('burden-request-result').textContent()).toContain('不予出具');
    await page.locator('.ant-modal-close').click();
    await expect.poll(async () => Number(await page.getByTestId('burden-figures').locator('.ant-statistic-content-value').nth(1).textContent())).toBe(before + 1);
    await page.getByRole('tab', { name: '请求登记' }).click();
    expect(await page.getByTestId('burden-requests').locator('tbody tr').first().textContent()).toContain('某培训机构');
    await screenshot(page, 'community-burden');
    expect(errors).toEqual([]);
    await close();
    const leader = await open('leader', '/community/burden');
    await leader.page.getByTestId('burden-points').locator('tbody tr').first().waitFor();
    expect(await leader.page.getByTestId('burden-request').isDisabled()).toBe(true);
    expect(await leader.page.getByRole('tab', { name: '请求登记' }).count()).toBe(0);
    expect(leader.errors).toEqual([]);
    await leader.close();
  });

  test('公开数据: logged out, last month by district with small counts shown as "<5"', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const index = (await (await fetch(`${app.baseUrl}/api/v1/public/open-data`)).json()) as { months: { month: string; datasets: { dataset: string }[] }[] };
    const month = index.months[0]?.month;
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    // The demo city is small: some dataset has a district under 5 (the children's, as a rule). Find it through the API.
    let dataset: string | undefined;
    for (const d of index.months[0]?.datasets ?? []) {
      const body = await (await fetch(`${app.baseUrl}/api/v1/public/open-data/${month}/${d.dataset}`)).text();
      if (body.includes('"<5"')) {
        dataset = d.dataset;
        break;
      }
    }
    expect(dataset).toBeDefined();
    await page.goto(`${app.baseUrl}/public/open-data?month=${month}&dataset=${dataset}`);
    await page.getByTestId('open-table').locator('tbody tr').nth(16).waitFor();
    expect(await page.getByTestId('hidden-cell').count()).toBeGreaterThan(1);
    expect(page.url()).not.toContain('/login');
    const csv = await fetch(`${app.baseUrl}/api/v1/public/open-data/${month}/${dataset}?format=csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('<5');
    await screenshot(page, 'public-open-data');
    expect(errors).toEqual([]);
    await context.close();
  });
});
