/**
 * 补发与追缴 in Chromium on the lived-in demo: the district officer of 浦东 opens a case whose missed months were
 * paid back and one stopped late whose overpayment is partly repaid; the card shows the ledger, the rule before
 * the click, and an adjustment already made previews as nothing to do (idempotent), so nothing is written.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiAs, loginThroughUi, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

interface Ledger {
  backPayFen: number;
  backPayPaidFen: number;
  overpaidFen: number;
  repaidFen: number;
  balanceFen: number;
  lines: { month: string; kind: string; settledMonth: string | null }[];
}

let app: RunningApp;
let browser: Browser;
let backPaid: { id: number; ledger: Ledger };
let overpaid: { id: number; ledger: Ledger };

const yuan = (fen: number) => `${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100)} 元`;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser(2000, undefined, { livedIn: true }));
  const pudong = await apiAs(app.baseUrl, 'pudong');
  const found: { id: number; ledger: Ledger }[] = [];
  for (const status of ['in_payment', 'stopped']) {
    const page = await pudong<{ items: { id: number; programme: string }[] }>(`/assistance/cases?status=${status}&limit=100`);
    for (const c of page.body.items.filter((x) => x.programme === 'dibao' || x.programme === 'destitute')) {
      const ledger = await pudong<Ledger>(`/assistance/cases/${c.id}/adjustments`);
      if (ledger.body.backPayFen > 0 || ledger.body.overpaidFen > 0) found.push({ id: c.id, ledger: ledger.body });
    }
  }
  const b = found.find((f) => f.ledger.backPayPaidFen > 0);
  const o = found.find((f) => f.ledger.repaidFen > 0 && f.ledger.balanceFen > 0);
  if (!b || !o) throw new Error(`the lived-in demo has no 补发 and 追缴 story in 浦东: ${JSON.stringify(found)}`);
  backPaid = b;
  overpaid = o;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('补发与追缴 on the case page', () => {
  test('the district officer sees the back-pay carried by a payment and the balance left to recover', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'pudong', `/assistance/cases/${overpaid.id}`);
    const card = page.getByTestId('adjustments-card');
    await card.waitFor();
    await expect.poll(() => page.getByTestId('adjustment-balance').textContent()).toBe(yuan(overpaid.ledger.balanceFen));
    const rows = (await page.getByTestId('adjustment-rows').textContent()) ?? '';
    expect(rows).toContain('多发（应追回）');
    expect(rows).toContain('本人退回');
    // The rule is on the card before any click.
    expect(await card.textContent()).toContain('逐月计算');
    await screenshot(page, 'recovery-overpaid');

    await page.goto(`${app.baseUrl}/assistance/cases/${backPaid.id}`);
    await page.getByTestId('adjustments-card').waitFor();
    const backRows = page.getByTestId('adjustment-rows');
    const settled = backPaid.ledger.lines.find((l) => l.kind === 'back_pay')?.settledMonth;
    await expect.poll(() => backRows.textContent()).toContain(`已随 ${settled} 救助金发放`);

    // 追溯调整 from the first back-paid month again: the preview finds nothing to do, and the button stays off.
    const first = backPaid.ledger.lines.filter((l) => l.kind === 'back_pay')[0].month;
    await page.getByTestId('adjust-open').click();
    await page.getByTestId('adjust-from').click();
    await page.keyboard.type(first);
    await page.keyboard.press('Enter');
    await page.getByTestId('adjust-reason').fill('复核补发是否完整');
    await page.getByText('逐月复算的应发金额与实际已发金额一致，无需调整。').waitFor();
    expect(await page.getByTestId('adjust-submit').isDisabled()).toBe(true);
    await screenshot(page, 'recovery-preview');
    expect(errors).toEqual([]);
    await context.close();
  });
});
