/**
 * 收养登记 against the real server and the demo city, its privacy seen in Chromium: the 浦东 registrar (hunyin) assesses
 * and registers an orphan's adoption through the API (the registrar's pages are not built yet), then the 潍坊 street
 * caseworker opens the child's person page and finds nothing that says the child was adopted — neither the adopters'
 * names nor the word 收养 (《个人信息保护法》第28条: sealed records) — and the adoption case itself answers 403.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { todayInShanghai } from '../../src/kernel/index.js';
import { IdVault, registerPerson, type RegistryTables } from '../../src/registry/index.js';
import { newPerson } from '../../src/registry/testing.js';
import { apiAs, apiClient, openAs, screenshot, startAppAndBrowser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
const people = { child: { id: 0, idNumber: '', name: '林小雨' }, father: { id: 0, idNumber: '', name: '陈立新' }, mother: { id: 0, idNumber: '', name: '吴静怡' } };

/** Registers a person of 潍坊一村 as the public-security feed would. */
const REGISTRAR: Actor = { userId: 0, username: 'system:e2e', displayName: '公安户籍（测试）', role: 'district_staff', jurisdiction: '310115000000' };

describe('收养登记 in Chromium: registered by the office, sealed from the street', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(600));
    const registry = app.ctx.db.kysely.withTables<RegistryTables>();
    const vault = new IdVault(app.ctx.config.secretKey);
    const thisYear = Number(todayInShanghai().slice(0, 4));
    const make = async (who: { id: number; idNumber: string; name: string }, sex: 'M' | 'F', birthDate: string) => {
      const input = { ...newPerson({ sex, birthDate }), name: who.name };
      who.id = (await registerPerson(registry, vault, REGISTRAR, input)).id;
      who.idNumber = input.idNumber;
    };
    await make(people.child, 'F', `${thisYear - 6}-03-01`);
    await make(people.father, 'M', `${thisYear - 36}-01-15`);
    await make(people.mother, 'F', `${thisYear - 34}-02-20`);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the registrar assesses and registers an orphan’s adoption; the street caseworker sees no trace of it', async () => {
    const hunyin = await apiClient(app.baseUrl, 'hunyin');
    const day = todayInShanghai();
    const applicants = {
      child: { idNumber: people.child.idNumber, name: people.child.name, kind: 'orphan', disabled: false, inWelfareInstitution: true },
      adopters: [
        { idNumber: people.father.idNumber, name: people.father.name },
        { idNumber: people.mother.idNumber, name: people.mother.name },
      ],
      singleAdopterHasSpouse: false,
      declaredChildren: 0,
      sender: { kind: 'welfare_institution', name: '上海市儿童福利院' },
    };
    // The rules first (第1093–1102条): every check passes for this couple of 36 and 34 and an orphan of 6.
    const checks = await hunyin<{ check: string; outcome: string }[]>('POST', '/adoption/checks', applicants);
    expect(checks.status).toBe(200);
    expect(checks.body.filter((c) => c.outcome === 'fail')).toEqual([]);

    const opened = await hunyin<{ id: number; state: string }>('POST', '/adoption/cases', applicants);
    expect(opened.status).toBe(200);
    const id = opened.body.id;
    expect((await hunyin('POST', `/adoption/cases/${id}/visits`, { day, assessor: '周评估', place: '收养人住所', notes: '已布置儿童房' })).status).toBe(200);
    expect((await hunyin('POST', `/adoption/cases/${id}/findings`, { day, assessor: '周评估', topic: 'ability', text: '夫妻双方收入稳定' })).status).toBe(200);
    expect((await hunyin('POST', `/adoption/cases/${id}/conclusion`, { day, assessor: '周评估', ability: true, health: true, record: true, summary: '适合收养' })).status).toBe(200);
    const registered = await hunyin<{ state: string; adoption: { certificateNumber: string } | null }>('POST', `/adoption/cases/${id}/registration`, {
      adoptersPresent: [true, true],
      childConsent: null,
      senderConsent: true,
    });
    expect(registered.status).toBe(200);
    expect(registered.body.state).toBe('registered');
    expect(registered.body.adoption?.certificateNumber).toMatch(/^SY310115-\d{4}-\d{6}$/);

    // The street caseworker may not read the adoption case, and the child's facts hold no parent link.
    const weifang = await apiAs(app.baseUrl, 'weifang');
    expect((await weifang(`/adoption/cases/${id}`)).status).toBe(403);
    const facts = await weifang<{ items?: { kind: string }[] } | { kind: string }[]>(`/persons/${people.child.id}/facts`);
    expect(facts.status).toBe(200);
    expect(JSON.stringify(facts.body)).not.toContain('parent_link');

    // In the browser: the child's page is there, by name, and says nothing of the adoption or the adopters.
    const { page, errors, close } = await openAs(browser, app.baseUrl, 'weifang', `/registry/persons/${people.child.id}`);
    await page.getByText(people.child.name).first().waitFor();
    await page.waitForLoadState('networkidle');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(people.child.name);
    for (const hidden of ['收养', people.father.name, people.mother.name]) expect(text).not.toContain(hidden);
    await screenshot(page, '80-adoption-sealed-from-street');
    expect(errors).toEqual([]);
    await close();
  }, 240_000);
});
