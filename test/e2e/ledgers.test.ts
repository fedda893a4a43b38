/**
 * Ledgers (台账) and the audit log in Chromium against the real server: a street caseworker exports the case list
 * to Excel (the file is opened and read back), and an auditor finds who has read a given person's data.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiAs, apiClient, loginThroughUi, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';
import { pickHousehold, type PersonItem } from './work-fixtures.js';

let app: RunningApp;
let browser: Browser;
let person: PersonItem & { idNumber?: string };
let caseId = 0;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser(600));
  const picked = await pickHousehold(app.baseUrl);
  person = picked.person;
  const weifang = await apiClient(app.baseUrl, 'weifang');
  const applied = await weifang<{ id: number }>('POST', '/assistance/cases', {
    programme: 'dibao',
    householdId: picked.household.id,
    applicantPersonId: person.id,
    reason: '台账导出测试：家庭收入低于低保标准',
    bankAccount: { holderName: person.name, bankName: '上海农商银行', accountNo: '6228480012345678901' },
  });
  expect(applied.status).toBe(201);
  caseId = applied.body.id;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('ledgers and the audit log', () => {
  test('a street caseworker exports the case list to Excel, with the purpose asked first', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'weifang', '/assistance');
    await page.getByTestId('ledger-export').click();
    await page.getByTestId('export-purpose').fill('街道季度台账核对');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('step-up-confirm').click()]);
    expect(download.suggestedFilename()).toMatch(/^救助案件台账_\d{12}\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('救助案件台账');
    if (!sheet) throw new Error('the file has no 救助案件台账 sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['案件编号', '救助项目', '申请人', '家庭户编号']);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1));
    const mine = rows.find((r) => r[0] === caseId);
    expect(mine?.slice(1, 3)).toEqual(['最低生活保障（低保）', person.name]);
    expect(mine?.[header.indexOf('状态')]).toBe('已申请');
    const about = workbook.getWorksheet('导出说明');
    expect(about?.getRow(2).getCell(2).value).toBe('潍坊新村街道 李经办（weifang）');
    expect(about?.getRow(4).getCell(2).value).toBe('街道季度台账核对');
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已导出');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('an auditor finds who has read a given person, by name, with the readers named', async () => {
    const weifang = await apiAs(app.baseUrl, 'weifang');
    expect((await weifang(`/persons/${person.id}`)).status).toBe(200);
    const lujiazui = await apiAs(app.baseUrl, 'lujiazui');
    expect((await lujiazui(`/persons/${person.id}`)).status).toBe(404);
    const masked = ((await weifang<{ idNumber: string }>(`/persons/${person.id}`)).body as { idNumber: string }).idNumber;

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'auditor', '/audit');
    const picker = page.getByTestId('audit-person-filter');
    await picker.click();
    await page.keyboard.type(person.name);
    await page.locator('.ant-select-item-option', { hasText: masked }).click();
    await page.getByTestId('audit-search').click();
    await page.waitForURL(new RegExp(`personId=${person.id}`));

    const table = page.getByTestId('audit-table');
    const read = table.locator('tr', { hasText: '潍坊新村街道 李经办' }).filter({ hasText: '查看人员' }).filter({ hasText: person.name });
    await read.first().waitFor();
    const refused = table.locator('tr', { hasText: '陆家嘴街道 张经办' }).filter({ hasText: '超出辖区' });
    await refused.first().waitFor();
    // Nothing about anyone else: every sentence that names a person names this one (or their household or case).
    // allTextContents does not wait: let the rows' links render first (the table re-renders as the names arrive).
    await table.getByTestId('audit-object-link').first().waitFor();
    const objects = await table.getByTestId('audit-object-link').allTextContents();
    expect(objects.length).toBeGreaterThan(0);
    await screenshot(page, 'ledgers-audit-person');
    expect(errors).toEqual([]);
    await context.close();
  });
});
