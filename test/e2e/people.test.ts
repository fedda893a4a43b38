/**
 * People by name, in Chromium against the real server and the demo city: the 潍坊 street caseworker finds a
 * person by name in a picker (and not one of another street), reads an institution's residents by name and
 * admits a person to a free bed, and sees a household's assistance cases, where applying again leads to the
 * open case instead of a refusal.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openAs, apiAs, apiClient, screenshot, startAppAndBrowser, type RunningApp } from './harness.js';
import { pickHousehold, type HouseholdBody, type PersonItem } from './work-fixtures.js';

let app: RunningApp;
let browser: Browser;
let person: PersonItem & { idNumber: string };
let household: HouseholdBody;

/** What a page must never show: a person or household as a bare number. */
const BARE_NUMBER = /(人员|家庭)\s*\d+/;

const open = (user: string, path = '/') => openAs(browser, app.baseUrl, user, path);

/** Types into a picker (an antd Select with remote search) and waits for its dropdown to settle. */
async function typeInPicker(page: Page, testId: string, text: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
}

async function pickPerson(page: Page, testId: string, who: { name: string; idNumber: string }): Promise<void> {
  await typeInPicker(page, testId, who.name);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: who.idNumber }).first().click();
  await expect.poll(() => page.getByTestId(testId).textContent()).toContain(who.name);
}

describe('people by name in Chromium', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(600));
    const picked = await pickHousehold(app.baseUrl);
    household = picked.household;
    const weifang = await apiAs(app.baseUrl, 'weifang');
    person = (await weifang<PersonItem & { idNumber: string }>(`/persons/${picked.person.id}`)).body;
    // Database, demo city and browser start together on shared cores: slow, so the hook waits long.
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the 潍坊 street caseworker finds a person by name in a picker, and not a person of 陆家嘴', async () => {
    // A 陆家嘴 resident whose name no 潍坊 person shares: the picker must not find them for 潍坊.
    const pudong = await apiAs(app.baseUrl, 'pudong');
    const weifang = await apiAs(app.baseUrl, 'weifang');
    const lujiazui = (await pudong<{ items: PersonItem[] }>('/persons?divisionCode=310115005&limit=100')).body.items;
    let outsider: PersonItem | undefined;
    for (const candidate of lujiazui) {
      const same = await weifang<{ items: PersonItem[] }>(`/persons?q=${encodeURIComponent(candidate.name)}&limit=1`);
      if (same.body.items.length === 0) {
        outsider = candidate;
        break;
      }
    }
    expect(outsider, 'a 陆家嘴 person whose name no 潍坊 person has').toBeDefined();

    const { page, errors, close } = await open('weifang', '/eldercare/assessments');
    await page.getByTestId('expiring-table').waitFor();
    await pickPerson(page, 'assess-person', person);
    expect(await page.getByTestId('assess-person').textContent()).toContain(person.idNumber);
    await screenshot(page, '60-people-picker');

    await page.reload();
    await page.getByTestId('expiring-table').waitFor();
    await typeInPicker(page, 'assess-person', outsider!.name);
    await page.locator('.ant-select-dropdown:visible', { hasText: '本辖区内未找到此人' }).waitFor();
    expect(await page.locator('.ant-select-dropdown:visible .ant-select-item-option').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  test("an institution's residents show names, and a person is admitted to a free bed outside the waitlist", async () => {
    const weifang = await apiAs(app.baseUrl, 'weifang');
    const { body } = await weifang<{ items: { id: number; name: string }[] }>(`/eldercare/facilities?kind=institution&q=${encodeURIComponent('潍坊颐康')}`);
    const home = body.items.find((f) => f.name === '潍坊颐康养老院');
    expect(home, 'the demo city has 潍坊颐康养老院').toBeDefined();
    // One more ordinary bed, so a free non-basic bed exists whatever the demo's occupancy.
    const pudong = await apiClient(app.baseUrl, 'pudong');
    const added = await pudong('POST', `/eldercare/facilities/${home!.id}/beds`, { beds: [{ bedType: 'ordinary', count: 1, basicGuarantee: false }] });
    expect(added.status).toBe(200);

    const { page, errors, close } = await open('weifang', `/eldercare/facilities/${home!.id}`);
    const table = page.getByTestId('residents-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const rows = await table.locator('tbody tr.ant-table-row').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toMatch(BARE_NUMBER);
    // The residents come from all over the city: those outside 潍坊 are shown masked (surname kept).
    expect(rows.join('\n')).toMatch(/[\u4e00-\u9fa5]\*/);

    await page.getByTestId('admit-open').click();
    await page.locator('.ant-modal').last().waitFor();
    await pickPerson(page, 'admit-person', person);
    // The person list closes with an animation: wait until it is gone, or its option is taken for a bed.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await page.getByTestId('admit-bed').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByTestId('admit-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await table.getByRole('link', { name: person.name }).first().waitFor();
    await screenshot(page, '61-people-residents');
    expect(await page.locator('main').textContent()).not.toMatch(BARE_NUMBER);
    expect(errors).toEqual([]);
    await close();
  });

  test('the household page lists its cases, and applying again for the same programme leads to the open case', async () => {
    const weifang = await apiClient(app.baseUrl, 'weifang');
    const applied = await weifang<{ id: number }>('POST', '/assistance/cases', {
      programme: 'dibao',
      householdId: household.id,
      applicantPersonId: person.id,
      reason: '家庭收入低，生活困难（e2e 人员）',
      bankAccount: { holderName: person.name, bankName: '上海农商银行', accountNo: '6228480012345678901' },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const caseId = applied.body.id;

    const { page, errors, close } = await open('weifang', `/registry/households/${household.id}`);
    const cases = page.getByTestId('household-cases');
    await cases.getByTestId(`household-case-${caseId}`).waitFor();
    expect(await cases.locator(`tr[data-row-key="${caseId}"]`).textContent()).toContain('在办');
    expect(await page.locator('main').textContent()).not.toMatch(BARE_NUMBER);

    await page.getByTestId('apply-assistance').click();
    await page.getByTestId('apply-open-case').waitFor();
    const submit = page.getByTestId('apply-assistance-submit');
    await expect.poll(() => submit.textContent()).toContain('查看在办案件');
    await screenshot(page, '62-people-reapply');
    await submit.click();
    await page.waitForURL(`**/assistance/cases/${caseId}`);
    await page.getByTestId('case-title').waitFor();
    const householdLink = await page.getByTestId('case-household-link').textContent();
    expect(householdLink).toMatch(/户$/);
    expect(householdLink).not.toMatch(BARE_NUMBER);
    expect(errors).toEqual([]);
    await close();
  });
});
