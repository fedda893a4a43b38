/**
 * The residents' end (居民端) in Chromium at phone size against the real server: a demo resident signs in with
 * the development code, reads a 低保 entitlement with its explanation, applies in one step; the street
 * caseworker asks for material, the resident uploads it, the case goes through 公示 and is approved and paid;
 * the resident finds the decision notice (PDF) and the first payment in 消息. axe finds no serious or critical
 * WCAG 2.1 AA violation on any resident page, and no page breaks the CSP.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approveCase, assistanceDeps, runPayments } from '../../src/assistance/index.js';
import { dispatchOutbox } from '../../src/db/index.js';
import { findDemoPartner, findDemoResidents, type DemoResident } from '../../src/demo/residents.js';
import { addDays, maskIdNumber, todayInShanghai } from '../../src/kernel/index.js';
import { marriageDeps, slotsForResident } from '../../src/marriage/index.js';
import { eventHandlers } from '../../src/modules.js';
import { openAs, apiAs, confirmDialog, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';
import { captureDevCodes, phoneContext, seriousAxeViolations, staffActor, tinyPdf } from './resident-fixtures.js';

let app: RunningApp;
let browser: Browser;
let resident: DemoResident;
let codes: ReturnType<typeof captureDevCodes>;
/** The resident's phone, signed in once and kept through the story. */
let phone: { page: Page; errors: string[]; close(): Promise<void> };
let applicationId = 0;
let caseId = 0;
const axeFindings: string[] = [];

async function checkAccessibility(page: Page): Promise<void> {
  await page.getByTestId('resident-page-title').first().waitFor();
  axeFindings.push(...(await seriousAxeViolations(page)));
}

/** Events (the material request, the decision) reach the inbox through the outbox, as `serve`'s loop delivers them. */
const deliverEvents = () => dispatchOutbox(app.ctx.db.kysely, eventHandlers());

const staff = (user: string, path: string) => openAs(browser, app.baseUrl, user, path);

async function caseAction(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await fill?.();
  await confirmDialog(page);
}

describe('the residents’ end on a phone', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(600));
    codes = captureDevCodes();
    [resident] = await findDemoResidents(app.ctx, 1);
    if (!resident) throw new Error('the demo city has no 潍坊新村街道 household with a minor that is eligible for 低保');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    phone = { page, errors: watchForErrors(page), close: () => context.close() };
  }, 180_000);

  afterAll(async () => {
    codes?.restore();
    await phone?.close();
    await browser?.close();
    await app?.close();
  });

  test('signs in with the development code and reads the 低保 entitlement with its explanation', async () => {
    const { page } = phone;
    await page.goto(`${app.baseUrl}/resident`);
    await page.waitForURL(/\/resident\/login/);
    await checkAccessibility(page);
    // The staff menu never shows here.
    expect(await page.getByTestId('side-nav').count()).toBe(0);
    expect(await page.getByTestId('resident-login-submit').isDisabled()).toBe(true);
    await page.getByTestId('resident-id-number').fill(resident.idNumber);
    await page.getByTestId('resident-send-code').click();
    await page.getByTestId('resident-code-sent').waitFor();
    const code = codes.latest(maskIdNumber(resident.idNumber));
    expect(code).toMatch(/^\d{6}$/);
    await page.getByTestId('resident-code').fill(code ?? '');
    await page.getByTestId('resident-login-submit').click();
    await page.waitForURL(/\/resident$/);

    const card = page.getByTestId('eligible-dibao');
    await card.waitFor();
    expect(await page.getByTestId('explanation-dibao').textContent()).toContain('低保标准');
    expect(await page.getByTestId('amount-dibao').textContent()).toMatch(/\d+\.\d{2} 元/);
    // Members are masked: the full ID number of the resident is nowhere on the page.
    expect(await page.content()).not.toContain(resident.idNumber);
    expect(await page.getByTestId('household-member').count()).toBeGreaterThan(1);
    await checkAccessibility(page);
    await screenshot(page, '40-resident-entitlements');
  }, 120_000);

  test('applies for 低保 in one step: registry facts pre-filled, only the bank account and the consent asked', async () => {
    const { page } = phone;
    await page.getByTestId('apply-dibao').click();
    await page.getByTestId('prefilled-facts').waitFor();
    expect(await page.getByTestId('prefilled-facts').textContent()).toContain('家庭月收入合计');
    await checkAccessibility(page);
    expect(await page.getByTestId('apply-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('apply-blocked').textContent()).toContain('授权核对');
    // 加急 is offered only where the rules allow it (急难型临时救助), not for 低保.
    expect(await page.getByTestId('apply-urgent').count()).toBe(0);
    await page.getByTestId('apply-holder').fill(resident.name);
    await page.getByTestId('apply-bank').fill('上海农商银行');
    await page.getByTestId('apply-account').fill('6228480012345678901');
    await page.getByTestId('apply-consent').check();
    await page.getByTestId('apply-submit').click();
    await page.waitForURL(/\/resident\/applications\/\d+$/);
    applicationId = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.getByTestId('application-summary').waitFor();
    expect(await page.getByTestId('application-status').first().textContent()).toContain('等待街镇受理');
    expect(await page.getByTestId('withdraw-button').isDisabled()).toBe(false);
    await checkAccessibility(page);
    await screenshot(page, '41-resident-application');

    // The application reached the street's caseworker list with the household from the registry.
    const weifang = await apiAs(app.baseUrl, 'weifang');
    const { body } = await weifang<{ items: { id: number; applicantPersonId: number; householdId: number; status: string }[] }>('/assistance/cases?status=applied');
    const found = body.items.find((c) => c.applicantPersonId === resident.personId);
    expect(found).toMatchObject({ householdId: resident.householdId, status: 'applied' });
    caseId = found?.id ?? 0;
  }, 120_000);

  test('the caseworker asks for material; the resident uploads it from the phone (a wrong file is refused first)', async () => {
    expect(caseId).toBeGreaterThan(0);
    const caseworker = await staff('weifang', `/assistance/cases/${caseId}`);
    await caseworker.page.getByTestId('case-title').waitFor();
    await caseAction(caseworker.page, 'accept');
    await caseAction(caseworker.page, 'request_material', () => caseworker.page.getByTestId('material-message').fill('请上传近三个月的医疗费用发票（e2e）'));
    await deliverEvents();

    const { page } = phone;
    await page.goto(`${app.baseUrl}/resident/applications/${applicationId}`);
    const request = page.locator('[data-testid^="request-"]');
    await request.first().waitFor();
    expect(await request.first().textContent()).toContain('近三个月的医疗费用发票');
    await checkAccessibility(page);
    await page.getByTestId('upload-input').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan') });
    expect(await page.getByTestId('upload-problem').textContent()).toContain('格式不符合要求');
    expect(await page.getByTestId('upload-submit').isDisabled()).toBe(true);
    await page.getByTestId('upload-input').setInputFiles({ name: '医疗费用发票.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('uploaded-file').first().waitFor();
    expect(await page.getByTestId('uploaded-file').first().textContent()).toContain('医疗费用发票.pdf');
    expect(await request.count()).toBe(0);
    await screenshot(page, '42-resident-upload');

    await caseworker.page.reload();
    await expect.poll(() => caseworker.page.getByTestId('case-timeline').textContent()).toContain('申请人补充材料');
    await caseAction(caseworker.page, 'verify');
    await caseAction(caseworker.page, 'record_visit', () => caseworker.page.getByTestId('visit-findings').fill('入户核实：与申报一致（e2e）'));
    await caseAction(caseworker.page, 'start_notice');
    await expect.poll(() => caseworker.page.getByTestId('case-status').first().textContent()).toBe('公示中');
    expect(caseworker.errors).toEqual([]);
    await caseworker.close();
  }, 180_000);

  test('approved after the 公示 and paid: the resident reads the notice PDF and the first payment in 消息', async () => {
    expect(caseId).toBeGreaterThan(0);
    // The district may not approve while the notice runs (the browser says so before the click) ...
    const district = await staff('pudong', `/assistance/cases/${caseId}`);
    await district.page.getByTestId('case-title').waitFor();
    expect(await district.page.getByTestId('action-approve').isDisabled()).toBe(true);
    expect(await district.page.getByTestId('case-action-reasons').textContent()).toMatch(/批准：公示期至 \d{4}-\d{2}-\d{2} 止，公示期满后方可作出审批决定/);
    expect(district.errors).toEqual([]);
    await district.close();
    // ... so the approval and the month's payment run are dated the day after it ends, through assistance's own services.
    const pudong = await staffActor(app.baseUrl, 'pudong');
    const weifang = await apiAs(app.baseUrl, 'weifang');
    const noticeEndsOn = (await weifang<{ noticeEndsOn: string }>(`/assistance/cases/${caseId}`)).body.noticeEndsOn;
    const dayAfter = addDays(noticeEndsOn, 1);
    const later = assistanceDeps(app.ctx, { today: () => dayAfter });
    const approved = await approveCase(later, pudong, caseId, { note: '符合低保条件（e2e）' });
    expect(approved.status).toBe('in_payment');
    const run = await runPayments(later, pudong, '310115', dayAfter.slice(0, 7));
    expect(run.status).toBe('completed');
    await deliverEvents();

    const { page } = phone;
    await page.getByTestId('resident-nav').getByText('消息').click();
    const decision = page.getByTestId('message-decision');
    await decision.first().waitFor();
    const href = await decision.first().getByTestId('notice-pdf').getAttribute('href');
    expect(href).toBeTruthy();
    const pdf = await page.request.get(`${app.baseUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const payment = page.getByTestId('message-payment');
    await payment.first().waitFor();
    expect(await payment.first().getByTestId('message-amount').textContent()).toBe(`${((approved.amountFen ?? 0) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`);
    await checkAccessibility(page);
    await screenshot(page, '43-resident-inbox');

    // Decided: withdrawing is offered no more, and says why.
    await page.goto(`${app.baseUrl}/resident/applications/${applicationId}`);
    await page.getByTestId('application-summary').waitFor();
    expect(await page.getByTestId('withdraw-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('withdraw-disabled-reason').textContent()).toContain('已作出决定');
  }, 240_000);

  test('婚姻登记预约: the demo booking shows, is cancelled and booked again; the partner, signed in on their own phone, sees it', async () => {
    const partner = await findDemoPartner(app.ctx, resident);
    if (!partner) throw new Error('the demo street has no adult of the other sex outside the resident’s household');
    const { page } = phone;
    await page.goto(`${app.baseUrl}/resident/marriage`);
    await page.getByTestId('marriage-rules').waitFor();
    expect(await page.getByTestId('marriage-rules').textContent()).toContain('至少提前 1 天');
    // The demo booked 结婚登记 at 浦东 for the two demo residents: shown, and no second booking offered while it is open.
    const demo = page.getByTestId('marriage-booking').first();
    await demo.waitFor();
    expect(await demo.textContent()).toContain('已预约');
    expect(await demo.textContent()).toContain('浦东新区婚姻登记处');
    expect(await page.getByTestId('marriage-book-form').count()).toBe(0);
    await checkAccessibility(page);
    await demo.getByTestId('marriage-cancel').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('marriage-book-form').waitFor({ timeout: 20_000 });
    expect(await demo.textContent()).toContain('已取消');

    // Book again, at 黄浦 (the list's first office: the select renders only the options in view), on the first day
    // from tomorrow with an online place.
    const marriage = marriageDeps(app.ctx);
    let day = '';
    for (let ahead = 1; ahead <= 14 && !day; ahead++) {
      const d = addDays(todayInShanghai(), ahead);
      if ((await slotsForResident(marriage, 1, d)).some((s) => s.service === 'marriage' && s.left > 0)) day = d;
    }
    expect(day).not.toBe('');
    await page.getByTestId('marriage-office').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '黄浦区婚姻登记处' }).first().click();
    await page.locator('#marriage-day-input').fill(day);
    await page.keyboard.press('Enter');
    await page.getByTestId('marriage-slot').locator('label.ant-radio-button-wrapper:not(.ant-radio-button-wrapper-disabled)').first().click();
    await page.getByTestId('marriage-partner-name').fill(partner.name);
    await page.getByTestId('marriage-partner-id').fill(partner.idNumber);
    await page.getByTestId('marriage-book-submit').click();
    // Booked: the list shows it and the form gives way to the note that an open booking exists.
    // The cancelled booking also reads 由您预约, so wait for the open one (listed first) rather than for that text.
    await expect.poll(() => page.getByTestId('marriage-booking').first().textContent(), { timeout: 20_000 }).toContain('已预约');
    expect(await page.getByTestId('marriage-book-error').count()).toBe(0);
    expect(await page.getByTestId('marriage-booking').first().textContent()).toContain('由您预约');
    expect(await page.getByTestId('marriage-booking').first().textContent()).toContain('黄浦区婚姻登记处');
    await screenshot(page, '45-resident-marriage-booking');

    // The partner signs in on their own phone: the booking is there, made by the other, and they may cancel it.
    const other = await phoneContext(browser);
    const partnerPage = await other.newPage();
    const partnerErrors = watchForErrors(partnerPage);
    await partnerPage.goto(`${app.baseUrl}/resident/login`);
    await partnerPage.getByTestId('resident-id-number').fill(partner.idNumber);
    await partnerPage.getByTestId('resident-send-code').click();
    await partnerPage.getByTestId('resident-code-sent').waitFor();
    await partnerPage.getByTestId('resident-code').fill(codes.latest(maskIdNumber(partner.idNumber)) ?? '');
    await partnerPage.getByTestId('resident-login-submit').click();
    await partnerPage.waitForURL(/\/resident$/);
    await partnerPage.goto(`${app.baseUrl}/resident/marriage`);
    const theirs = partnerPage.getByTestId('marriage-booking').first();
    await theirs.waitFor();
    expect(await theirs.textContent()).toContain('由对方预约');
    expect(await theirs.textContent()).toContain(`${Number(day.slice(5, 7))}月${Number(day.slice(8))}日`);
    expect(await theirs.getByTestId('marriage-cancel').count()).toBe(1);
    await checkAccessibility(partnerPage);
    expect(partnerErrors).toEqual([]);
    await other.close();
  }, 180_000);

  test('急难型临时救助: the apply page offers 加急; the demo’s urgent online application is marked 加急 first in the caseworker’s list', async () => {
    const { page } = phone;
    await page.goto(`${app.baseUrl}/resident/apply/temporary`);
    // The checkbox is named by its label (the test id sits on the input itself).
    await page.getByLabel('情况紧急，申请加急办理（急难型临时救助）').waitFor();
    expect(await page.getByTestId('apply-urgent').isChecked()).toBe(false);
    await checkAccessibility(page);

    // The demo's second resident applied online for 临时救助 with 加急: the case is on 潍坊新村街道's list, urgent.
    const weifang = await apiAs(app.baseUrl, 'weifang');
    const { body } = await weifang<{ items: { id: number; programme: string; urgent: boolean }[] }>('/assistance/cases?status=applied&limit=200');
    const urgent = body.items.filter((c) => c.urgent);
    expect(urgent.map((c) => c.programme)).toEqual(['temporary']);
    const caseworker = await staff('weifang', '/assistance?status=applied');
    const firstRow = caseworker.page.getByTestId('case-table').locator('tbody tr.ant-table-row').first();
    await firstRow.waitFor();
    expect(await firstRow.getAttribute('data-row-key')).toBe(String(urgent[0]?.id));
    expect(await firstRow.getByTestId('case-urgent').textContent()).toBe('加急');
    expect(caseworker.errors).toEqual([]);
    await caseworker.close();
  }, 120_000);

  test('the other pages: large text persists, 代办, objections, applications; the kiosk signs in with big buttons', async () => {
    const { page } = phone;
    for (const path of ['/resident/applications', '/resident/objections', `/resident/objections?application=${applicationId}`, '/resident/acting', '/resident/settings']) {
      await page.goto(`${app.baseUrl}${path}`);
      await checkAccessibility(page);
    }
    const before = await page.getByTestId('resident-page-title').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    await page.getByTestId('large-text').click();
    await page.reload();
    await page.getByTestId('resident-page-title').waitFor();
    expect(await page.getByTestId('large-text').getAttribute('aria-checked')).toBe('true');
    const after = await page.getByTestId('resident-page-title').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(after).toBeGreaterThan(before);
    await checkAccessibility(page);
    await screenshot(page, '44-resident-large-text');

    const kiosk = await phoneContext(browser);
    const kioskPage = await kiosk.newPage();
    const kioskErrors = watchForErrors(kioskPage);
    await kioskPage.goto(`${app.baseUrl}/resident/kiosk`);
    await kioskPage.getByTestId('resident-login').waitFor();
    const buttonHeight = await kioskPage.getByTestId('resident-send-code').evaluate((el) => el.getBoundingClientRect().height);
    expect(buttonHeight).toBeGreaterThanOrEqual(56);
    await checkAccessibility(kioskPage);
    expect(kioskErrors).toEqual([]);
    await kiosk.close();

    expect(axeFindings).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 180_000);
});
