/**
 * The HTTP contract on the app's own clock (today): a 儿童主任 sees the report a father's death raised and
 * records a visit; codes for bad input (400), a second report (409) and a failed rule (422 listing the failed
 * conditions); another street's 儿童主任 is refused; a leader sees counts only, "<5" in small cells; the
 * allowance file lists the child in the start month. Rule: 事实无人抚养 needs "one parent dead … and the other
 * in one of the situations S" (民发〔2019〕62号); the allowance starts the month after the decision (setting).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../http/app.js';
import { addDays, addMonths, monthOf, todayInShanghai } from '../kernel/index.js';
import { recordDeath } from '../registry/index.js';
import { openChildrenWorld, type ChildrenWorld } from './testing.js';

let w: ChildrenWorld;
let app: AppInstance;
const h: Record<string, { authorization: string }> = {};
const today = todayInShanghai();

beforeAll(async () => {
  w = await openChildrenWorld();
  app = await buildApp(w.t.ctx);
  for (const u of Object.values(w.users)) {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password: 'test-pass-123' } });
    h[u.username] = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

const as = (u: keyof ChildrenWorld['users']) => h[w.users[u].username] as { authorization: string };

describe('儿童福利 over HTTP', () => {
  it('death → report → visit → review → 422, then a custody record → decision → allowance file', async () => {
    const f = await w.family({ mother: { name: '赵敏' }, children: [{ birthDate: '2016-04-04', name: '钱小宝' }] });
    await recordDeath(w.registry, w.users.pudong, f.fatherId as number, { deathDate: addDays(today, -20) });
    await w.dispatch();
    const list = await app.inject({ method: 'GET', url: '/api/v1/children/cases', headers: as('director') });
    expect(list.statusCode).toBe(200);
    const item = (list.json() as { id: number; childName: string; due: { kind: string } }[]).find((c) => c.childName === '钱*宝');
    expect(item?.due.kind).toBe('first');
    const caseId = item?.id as number;
    const post = (u: keyof ChildrenWorld['users'], path: string, payload: object) => app.inject({ method: 'POST', url: `/api/v1/children/cases/${caseId}${path}`, headers: as(u), payload });

    expect((await post('director', '/visits', { visitedOn: addDays(today, 1), note: 'x' })).json()).toMatchObject({ code: 'CHILDREN_DATE_IN_FUTURE' });
    expect((await post('director', '/visits', { visitedOn: addDays(today, -21), note: 'x' })).json()).toMatchObject({ code: 'CHILDREN_VISIT_BEFORE_REPORT' });
    expect((await post('otherDirector', '/visits', { visitedOn: today, note: 'x' })).statusCode).toBe(404);
    expect((await post('director', '/visits', { visitedOn: today, note: '入户走访，母亲在家' })).statusCode).toBe(201);
    expect((await post('supervisor', '/review', { note: '复核', suggested: 'de_facto' })).statusCode).toBe(200);
    const refused = await post('pudong', '/decision', { category: 'de_facto' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'CHILDREN_RULE_FAILED', details: { failed: [{ met: false, text: expect.stringContaining('母亲赵敏') }] } });
    expect((await post('pudong', '/decision', { category: 'pets' })).json()).toMatchObject({ code: 'CHILDREN_UNKNOWN_CATEGORY' });

    const situation = await app.inject({ method: 'POST', url: '/api/v1/children/situations', headers: as('weifang'), payload: { personId: f.motherId, kind: 'lost_contact', from: addDays(today, -200), to: null, evidence: '报案回执' } });
    expect(situation.statusCode).toBe(201);
    const decided = await post('pudong', '/decision', { category: 'de_facto' });
    expect(decided.statusCode).toBe(200);
    const start = addMonths(monthOf(today), 1);
    expect(decided.json()).toMatchObject({ startMonth: start });

    const again = await app.inject({ method: 'POST', url: '/api/v1/children/cases', headers: as('director'), payload: { childId: f.childIds[0], source: 'director', reportedOn: today, note: 'x' } });
    expect(again.statusCode).toBe(409);

    // The allowance is monitoring's 免申即享 grant; the case explains it from the shanghai-children pack.
    const view = await app.inject({ method: 'GET', url: `/api/v1/children/cases/${caseId}`, headers: as('pudong') });
    expect(view.json().allowance).toMatchObject({ paid: true, amountFen: 190_000 });
    expect(view.json().allowance.explanation).toContain('免申即享');

    const ledger = await app.inject({ method: 'GET', url: `/api/v1/children/cases/export?purpose=${encodeURIComponent('月度走访核对')}`, headers: as('director') });
    expect(ledger.statusCode).toBe(200);
    expect(ledger.headers['content-type']).toContain('spreadsheetml');
    expect(Number(ledger.headers['x-row-count'])).toBeGreaterThanOrEqual(1);
    expect((await app.inject({ method: 'GET', url: '/api/v1/children/cases/export', headers: as('director') })).statusCode).toBe(400);

    const figures = await app.inject({ method: 'GET', url: '/api/v1/children/figures', headers: as('leader') });
    expect(figures.json()).toMatchObject({ suppressed: true, byDistrict: [{ districtCode: '310115000000', counts: { de_facto: '<5' }, total: '<5' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/children/cases', headers: as('leader') })).statusCode).toBe(403);

    const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const decision = doc.paths['/api/v1/children/cases/{id}/decision']?.post;
    expect(Object.keys(decision?.responses ?? {})).toEqual(expect.arrayContaining(['400', '403', '404', '409', '422']));
  });
});
