/**
 * 儿童福利 in Chromium against the real server and the demo city: a father's death raises a report that the
 * committee's 儿童主任 sees in the register and answers with a home visit from the phone-friendly form; the street's
 * 督导员 reviews, the district decides 事实无人抚养 (the mother lost contact over 6 months ago: 民发〔2019〕62号), and
 * next month's allowance file lists the child; another street's worker cannot open the case; a leader sees counts
 * only, "<5" in small cells.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dispatchOutbox } from '../../src/db/index.js';
import { addDays, addMonths, monthOf, todayInShanghai } from '../../src/kernel/index.js';
import { DEMO_PASSWORD } from '../../src/demo/users.js';
import { eventHandlers } from '../../src/modules.js';
import { monitoringDeps, processPendingEvaluations } from '../../src/monitoring/index.js';
import { newPerson } from '../../src/registry/testing.js';
import { openAs, apiClient, screenshot, startAppAndBrowser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
const today = todayInShanghai();
const COMMITTEE = '310115004001';

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser(300));
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const open = (user: string, path = '/') => openAs(browser, app.baseUrl, user, path);

describe('儿童福利', () => {
  test('a father’s death → the 儿童主任 visits → the district decides → next month’s file lists the child; another street is refused; the leader sees <5', async () => {
    const weifang = await apiClient(app.baseUrl, 'weifang');
    const pudong = await apiClient(app.baseUrl, 'pudong');
    const person = async (name: string, birthDate: string, sex: 'M' | 'F') => (await weifang<{ id: number }>('POST', '/persons', { ...newPerson({ residenceDivision: COMMITTEE, birthDate, sex }), name })).body.id;
    const father = await person('孙建国', '1982-03-03', 'M');
    const mother = await person('刘丽', '1984-07-07', 'F');
    const child = await person('孙小雨', '2015-09-09', 'F');
    const household = (await weifang<{ id: number }>('POST', '/households', { divisionCode: COMMITTEE })).body.id;
    for (const [personId, relation] of [
      [father, 'head'],
      [mother, 'spouse'],
      [child, 'child'],
    ] as const)
      expect((await weifang('POST', `/households/${household}/members`, { personId, relation, since: '2015-09-09' })).status).toBe(201);
    expect((await pudong('POST', `/persons/${father}/death`, { deathDate: addDays(today, -3) })).status).toBeLessThan(300);
    await dispatchOutbox(app.ctx.db.kysely, eventHandlers());

    const director = await open('ertong', '/children');
    const row = director.page.getByTestId('children-cases').locator('tr', { hasText: '孙*雨' });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => row.textContent()).toContain('首次走访');
    await row.getByRole('link', { name: '孙*雨' }).click();
    await director.page.getByTestId('child-case').waitFor();
    expect(await director.page.getByTestId('child-case').textContent()).toContain('孙小雨');
    await director.page.getByTestId('visit-note').fill('入户走访：母亲外出务工失联，孩子由奶奶照料');
    await director.page.getByTestId('visit-submit').click();
    await expect.poll(() => director.page.getByTestId('visits').textContent(), { timeout: 20_000 }).toContain('母亲外出务工失联');
    await screenshot(director.page, 'children-case-visited');
    expect(director.errors).toEqual([]);
    await director.close();

    const caseId = Number(new URL(director.page.url()).pathname.split('/').pop());
    const dudao = await apiClient(app.baseUrl, 'dudao');
    expect((await dudao('POST', `/children/cases/${caseId}/review`, { note: '复核属实', suggested: 'de_facto' })).status).toBe(200);
    expect((await weifang('POST', '/children/situations', { personId: mother, kind: 'lost_contact', from: addDays(today, -200), to: null, evidence: '派出所受理报案回执' })).status).toBe(201);
    const decided = await pudong<{ startMonth: string }>('POST', `/children/cases/${caseId}/decision`, { category: 'de_facto' });
    expect(decided.status).toBe(200);
    const start = addMonths(monthOf(today), 1);
    expect(decided.body.startMonth).toBe(start);
    // 免申即享: the decision reaches monitoring (events, then its queue), which grants and lists the child in next month's file.
    await dispatchOutbox(app.ctx.db.kysely, eventHandlers());
    await processPendingEvaluations(monitoringDeps(app.ctx));
    const file = await fetch(`${app.baseUrl}/api/v1/monitoring/grants/payments/${start}?divisionCode=310115000000`, { headers: { authorization: await tokenOf('pudong') } });
    const csv = await file.text();
    expect(csv).toContain(String(child));
    expect(csv).toContain('困境儿童、事实无人抚养儿童基本生活费');

    // 陆家嘴街道's caseworker: the case is outside the jurisdiction (answered as not found, the platform's rule).
    const lujiazui = await apiClient(app.baseUrl, 'lujiazui');
    expect((await lujiazui('GET', `/children/cases/${caseId}`)).status).toBe(404);

    const leader = await open('leader', '/children');
    await leader.page.getByTestId('children-figures').waitFor();
    await expect.poll(() => leader.page.getByTestId('children-figures').textContent()).toContain('<5');
    expect(await leader.page.getByTestId('children-cases').count()).toBe(0);
    await screenshot(leader.page, 'children-figures-leader');
    expect(leader.errors).toEqual([]);
    await leader.close();
  });
});

describe('精神障碍社区康复', () => {
  test('the street enrols a person through the dialog (name masked in the list, a second enrolment refused); the district sees the street coverage against 90 %', async () => {
    const weifang = await apiClient(app.baseUrl, 'weifang');
    const personId = (await weifang<{ id: number }>('POST', '/persons', { ...newPerson({ residenceDivision: COMMITTEE, birthDate: '1988-04-04', sex: 'M' }), name: '冷康平' })).body.id;
    expect(personId).toBeGreaterThan(0);

    const street = await open('weifang', '/disability');
    const page = street.page;
    await page.getByTestId('rehab-providers').waitFor();
    await page.getByTestId('rehab-enrol').click();
    await page.getByTestId('rehab-person').click();
    await page.keyboard.type('冷康平');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '冷康平' }).first().click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await page.getByTestId('rehab-provider').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '潍坊新村' }).first().click();
    await page.getByTestId('rehab-save').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    const row = page.getByTestId('rehab-participants').locator('tr', { hasText: '冷*平' });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('rehab').textContent()).not.toContain('冷康平');
    await screenshot(page, 'disability-rehab-street');
    expect(street.errors).toEqual([]);
    await street.close();

    // The same person again: one open participation per person.
    const providers = (await weifang<{ id: number; divisionCode: string }[]>('GET', '/disability/rehab/providers')).body;
    const again = await weifang<{ code: string }>('POST', '/disability/rehab/participants', { personId, providerId: providers[0]?.id, joinedOn: today });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DISABILITY_REHAB_OPEN');

    const district = await open('pudong', '/disability');
    await district.page.getByTestId('rehab-coverage').waitFor({ timeout: 20_000 });
    const coverage = await district.page.getByTestId('rehab-coverage').textContent();
    expect(coverage).toContain('街镇覆盖率');
    expect(coverage).toContain('≥90');
    await screenshot(district.page, 'disability-rehab-district');
    expect(district.errors).toEqual([]);
    await district.close();
  });
});

async function tokenOf(username: string): Promise<string> {
  const login = await fetch(`${app.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return `Bearer ${((await login.json()) as { token: string }).token}`;
}
