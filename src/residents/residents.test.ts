/**
 * The residents' end through HTTP against the whole app: sign-in by development code, acting for a minor (and
 * refused for an unrelated adult), an online application reaching the street caseworker with registry facts,
 * uploads checked by their bytes, the caseworker's request for material answered online, withdrawal after a
 * decision refused, the decision in the inbox, and an objection on the caseworker's list.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import { acceptCase, approveCase, assistanceDeps, programmeNames, recordVisit, runPayments, startNotice, verifyCase } from '../assistance/index.js';
import { COMMITTEES, makeStaff, PUDONG, seedAssistanceDivisions, STREETS, TestClock, tokenOf } from '../assistance/testing.js';
import { dispatchOutbox } from '../db/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { addDays, makeIdNumber, todayInShanghai } from '../kernel/index.js';
import { eventHandlers } from '../modules.js';
import { addMember, createHousehold, IdVault, recordFactBatch, registerPerson, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { setDevCodeSink } from './identity.js';
import type { ResidentTables } from './model.js';

let t: TestDatabase;
let app: AppInstance;
let caseworker: Actor;
let district: Actor;
const codes = new Map<string, string>();
const ids = { parent: makeIdNumber('310115', '1985-04-02', 11), child: makeIdNumber('310115', '2016-06-01', 22), stranger: makeIdNumber('310115', '1979-01-09', 33) };
const persons = { parent: 0, child: 0, stranger: 0 };
let householdId = 0;
let strangerHouseholdId = 0;
let staffHeaders: { authorization: string };

const registry = () => t.ctx.db.kysely.withTables<RegistryTables>();

beforeAll(async () => {
  t = await openTestDatabase();
  setDevCodeSink(({ idNumberMasked, code }) => codes.set(idNumberMasked, code));
  await seedAssistanceDivisions(t.ctx);
  caseworker = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  district = await makeStaff(t.ctx, 'pudong.d', 'district_staff', PUDONG);
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await app.ready();
  staffHeaders = await tokenOf(app, 'weifang.cw');
  const vault = new IdVault(t.ctx.config.secretKey);
  const add = (idNumber: string, name: string) => registerPerson(registry(), vault, caseworker, { idNumber, name, hukouDivision: COMMITTEES.weifang1, residenceDivision: COMMITTEES.weifang1 });
  persons.parent = (await add(ids.parent, '王秀英')).id;
  persons.child = (await add(ids.child, '王小宝')).id;
  persons.stranger = (await add(ids.stranger, '赵建国')).id;
  const household = await createHousehold(registry(), caseworker, { divisionCode: COMMITTEES.weifang1, address: '潍坊路 8 号' });
  householdId = household.id;
  await addMember(registry(), caseworker, householdId, { personId: persons.parent, relation: 'head', since: '2016-06-01' });
  await addMember(registry(), caseworker, householdId, { personId: persons.child, relation: 'child', since: '2016-06-01' });
  const other = await createHousehold(registry(), caseworker, { divisionCode: COMMITTEES.weifang1 });
  strangerHouseholdId = other.id;
  await addMember(registry(), caseworker, other.id, { personId: persons.stranger, relation: 'head', since: '2010-01-01' });
  // 王秀英 earns 800 yuan a month and has 3000 yuan of savings: far below the 低保 line for two.
  await recordFactBatch(registry(), {
    batchId: 'res-test-1',
    source: '人社局',
    facts: [
      { subjectType: 'person', subjectId: persons.parent, kind: 'income.wage', amountFen: 80_000, validFrom: '2024-01-01' },
      { subjectType: 'person', subjectId: persons.parent, kind: 'asset.monetary', amountFen: 300_000, validFrom: '2024-01-01' },
    ],
  });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(idNumber: string): Promise<Session> {
  const asked = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } });
  expect(asked.statusCode, asked.body).toBe(204);
  const code = codes.get(`${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
  expect(code).toMatch(/^\d{6}$/);
  const login = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code } });
  expect(login.statusCode, login.body).toBe(200);
  const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
  return { cookie: `mz_resident=${cookies.mz_resident}; mz_resident_csrf=${cookies.mz_resident_csrf}`, csrf: cookies.mz_resident_csrf };
}

const as = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: { cookie: s.cookie, 'x-resident-csrf': s.csrf }, ...(payload ? { payload } : {}) });

function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = '----mzboundary';
  const parts = [
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const upload = (s: Session, applicationId: number, fileName: string, content: Buffer, fields: Record<string, string> = {}) => {
  const form = multipart(fileName, content, fields);
  return app.inject({ method: 'POST', url: `/api/v1/resident/applications/${applicationId}/files`, headers: { cookie: s.cookie, 'x-resident-csrf': s.csrf, 'content-type': form.contentType }, payload: form.payload });
};

const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(table)}`.execute(t.db.kysely)).rows[0].n);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

let parent: Session;
let applicationId = 0;
let caseId = 0;
let paymentFrom = '';

describe('resident sign-in and 代办', () => {
  it('signs in with the development code; a wrong code is refused; the session opens no staff route', async () => {
    parent = await signIn(ids.parent);
    const me = await as(parent, 'GET', '/resident/me');
    expect(me.statusCode, me.body).toBe(200);
    const body = me.json() as { resident: { person: { nameMasked: string; idNumberMasked: string } }; actFor: { personId: number; relation: string }[] };
    expect(body.resident.person.nameMasked).toBe('王*英');
    expect(body.resident.person.idNumberMasked).not.toContain(ids.parent.slice(3, 14));
    expect(body.actFor.map((a) => [a.personId, a.relation])).toEqual([
      [persons.parent, 'self'],
      [persons.child, 'minor'],
    ]);
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber: ids.stranger, code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toMatch(/验证码/);
    const staffMe = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: parent.cookie } });
    expect(staffMe.statusCode).toBe(401);
  });

  it('acts for the minor of the household (recorded who for whom) and is refused for an unrelated adult', async () => {
    const forChild = await as(parent, 'GET', `/resident/entitlements?for=${persons.child}`);
    expect(forChild.statusCode, forChild.body).toBe(200);
    expect(forChild.json().person).toMatchObject({ personId: persons.child, relation: 'minor', nameMasked: '王*宝' });
    const acts = await t.db.kysely.withTables<{ 'residents.acts': { acting_person_id: number; for_person_id: number; action: string } }>().selectFrom('residents.acts').selectAll().execute();
    expect(acts).toContainEqual(expect.objectContaining({ acting_person_id: persons.parent, for_person_id: persons.child, action: 'resident.entitlements.read' }));
    const audited = await sql<{ action: string; result: string; actor_username: string }>`select action, result, actor_username from access.audit_log where entity_id = ${String(persons.stranger)} and action like 'resident.%'`.execute(
      t.db.kysely,
    );
    expect(audited.rows).toEqual([]);
    const forStranger = await as(parent, 'GET', `/resident/entitlements?for=${persons.stranger}`);
    expect(forStranger.statusCode).toBe(404);
    const applyForStranger = await as(parent, 'POST', '/resident/applications', { kind: 'dibao', forPersonId: persons.stranger, consent: true });
    expect(applyForStranger.statusCode).toBe(404);
    const denied = await sql<{ action: string; result: string; actor_username: string }>`select action, result, actor_username from access.audit_log where entity_id = ${String(persons.stranger)} and action like 'resident.%'`.execute(
      t.db.kysely,
    );
    expect(denied.rows.map((r) => r.result)).toEqual(['denied', 'denied']);
    expect(denied.rows[0].actor_username).toMatch(/^resident:\d+$/);
  });

  it('shows the 低保 entitlement with the engine explanation and the amount', async () => {
    const response = await as(parent, 'GET', '/resident/entitlements');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { eligible: { programme: string; monthlyAmountFen: number | null; explanation: string[]; applyAs: string | null }[]; prefilled: { label: string; value: string }[] };
    const dibao = body.eligible.find((e) => e.programme === 'dibao');
    expect(dibao?.applyAs).toBe('dibao');
    expect(dibao?.explanation.length).toBeGreaterThan(0);
    expect(dibao?.monthlyAmountFen).toBeGreaterThan(0);
    expect(body.prefilled).toContainEqual(expect.objectContaining({ label: '家庭月收入合计', value: '800.00 元' }));
  });
});

describe('an online application', () => {
  it('reaches the street caseworker list with the registry facts, not retyped', async () => {
    const applied = await as(parent, 'POST', '/resident/applications', { kind: 'dibao', consent: true, bankAccount: { holderName: '王秀英', bankName: '上海银行', accountNo: '6222000011112222333' } });
    expect(applied.statusCode, applied.body).toBe(201);
    const detail = applied.json() as { id: number; status: string; prefilled: { label: string }[]; canWithdraw: boolean };
    applicationId = detail.id;
    expect(detail).toMatchObject({ status: 'applied', canWithdraw: true });
    expect(detail.prefilled.map((p) => p.label)).toContain('共同生活家庭成员');
    const list = await app.inject({ method: 'GET', url: '/api/v1/assistance/cases?status=applied', headers: staffHeaders });
    expect(list.statusCode, list.body).toBe(200);
    const item = (list.json() as { items: { id: number; applicantName: string; householdId: number; streetCode: string }[] }).items.find((c) => c.householdId === householdId);
    expect(item).toMatchObject({ applicantName: '王秀英', streetCode: STREETS.weifang });
    caseId = item?.id ?? 0;
    const consents = await as(parent, 'GET', '/resident/consents');
    expect(consents.json().items).toContainEqual(expect.objectContaining({ scope: 'income_assets', revokedAt: null }));
  });

  it('refuses an upload of the wrong type or over the limit with a Chinese 400, storing nothing', async () => {
    const exe = await upload(parent, applicationId, 'photo.png', Buffer.from('MZ\x90\x00 this is not an image'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({ code: 'RESIDENT_FILE_TYPE' });
    expect(exe.json().message).toMatch(/PDF、JPG、PNG/);
    const big = await upload(parent, applicationId, 'big.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)]));
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ code: 'RESIDENT_FILE_TOO_LARGE' });
    expect(await count('residents.files')).toBe(0);
  });

  it('answers the caseworker’s request for material with an upload', async () => {
    const asked = await app.inject({ method: 'POST', url: `/api/v1/assistance/cases/${caseId}/material-requests`, headers: staffHeaders, payload: { message: '请上传近三个月的工资流水' } });
    expect(asked.statusCode, asked.body).toBe(200);
    const seq = (asked.json() as { actions: { seq: number; action: string }[] }).actions.at(-1)?.seq ?? 0;
    const before = (await as(parent, 'GET', `/resident/applications/${applicationId}`)).json() as { requests: { seq: number; message: string; answeredAt: string | null }[]; openRequests: number };
    expect(before.requests).toEqual([expect.objectContaining({ seq, message: '请上传近三个月的工资流水', answeredAt: null })]);
    expect(before.openRequests).toBe(1);
    const stored = await upload(parent, applicationId, '工资流水.png', PNG, { requestSeq: String(seq) });
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.json()).toMatchObject({ mediaType: 'image/png', fileName: '工资流水.png', requestSeq: seq, sizeBytes: PNG.length });
    const after = (await as(parent, 'GET', `/resident/applications/${applicationId}`)).json() as { openRequests: number; files: unknown[] };
    expect(after.openRequests).toBe(0);
    expect(after.files).toHaveLength(1);
    const caseNow = await app.inject({ method: 'GET', url: `/api/v1/assistance/cases/${caseId}`, headers: staffHeaders });
    expect((caseNow.json() as { actions: { action: string; payload: { requestSeq?: number } }[] }).actions.at(-1)).toMatchObject({ action: 'answer_material', payload: { requestSeq: seq } });
    await dispatchOutbox(t.db.kysely, eventHandlers());
    const inbox = (await as(parent, 'GET', '/resident/inbox')).json() as { items: { kind: string; title: string }[] };
    expect(inbox.items.map((i) => i.kind)).toContain('material_request');
  });

  it('lets the resident open their own file and the street caseworker download it (audited); nobody else', async () => {
    const detail = (await as(parent, 'GET', `/resident/applications/${applicationId}`)).json() as { files: { id: number }[] };
    const fileId = detail.files[0].id;
    const opened = await as(parent, 'GET', `/resident/applications/${applicationId}/files/${fileId}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('image/png');
    expect(opened.rawPayload.equals(PNG)).toBe(true);
    const stranger = await signIn(ids.stranger);
    expect((await as(stranger, 'GET', `/resident/applications/${applicationId}/files/${fileId}`)).statusCode).toBe(404);

    const downloaded = await app.inject({ method: 'GET', url: `/api/v1/resident-files/${fileId}`, headers: staffHeaders });
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.headers['content-disposition']).toContain('attachment');
    expect(downloaded.rawPayload.equals(PNG)).toBe(true);
    const logged = await sql<{ entity_type: string; entity_id: string; detail: { fileId: number } }>`
      select entity_type, entity_id, detail from access.audit_log where action = 'residents.file.download' and result = 'ok' order by id desc limit 1`.execute(t.db.kysely);
    expect(logged.rows[0]).toMatchObject({ entity_type: 'person', entity_id: String(persons.parent), detail: { fileId } });
    // A caseworker of another street: the same answer as a file that does not exist, and the attempt logged.
    await makeStaff(t.ctx, 'lujiazui.cw', 'street_caseworker', STREETS.lujiazui);
    const elsewhere = await app.inject({ method: 'GET', url: `/api/v1/resident-files/${fileId}`, headers: await tokenOf(app, 'lujiazui.cw') });
    expect(elsewhere.statusCode).toBe(404);
    const refused = await sql<{ n: number }>`select count(*)::int as n from access.audit_log where action = 'residents.file.download' and result = 'denied'`.execute(t.db.kysely);
    expect(refused.rows[0].n).toBe(1);
  });

  it('refuses withdrawal after approval (409); the decision reaches the inbox; an objection reaches the caseworker', async () => {
    const on = todayInShanghai();
    const deps = assistanceDeps(t.ctx, new TestClock(on));
    await acceptCase(deps, caseworker, caseId);
    await verifyCase(deps, caseworker, caseId);
    await recordVisit(deps, caseworker, caseId, { findings: '入户核实：母子二人，无贵重物品' });
    const noticed = await startNotice(deps, caseworker, caseId);
    const approved = await approveCase(assistanceDeps(t.ctx, new TestClock(addDays(noticed.noticeEndsOn ?? on, 1))), district, caseId);
    expect(approved.status).toBe('in_payment');
    paymentFrom = approved.paymentFrom ?? '';
    const withdrawn = await as(parent, 'POST', `/resident/applications/${applicationId}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(409);
    expect(withdrawn.json()).toMatchObject({ code: 'RESIDENT_ALREADY_DECIDED' });
    expect((await as(parent, 'GET', `/resident/applications/${applicationId}`)).json()).toMatchObject({ canWithdraw: false, status: 'in_payment' });

    await dispatchOutbox(t.db.kysely, eventHandlers());
    const inbox = (await as(parent, 'GET', '/resident/inbox')).json() as { items: { kind: string; hasNotice: boolean; title: string }[] };
    expect(inbox.items.find((i) => i.kind === 'decision')).toMatchObject({ hasNotice: true, title: expect.stringContaining('已批准') });

    const objection = await as(parent, 'POST', '/resident/objections', { applicationId, kind: 'decision', reason: '核定的金额没有计入孩子的医疗支出' });
    expect(objection.statusCode, objection.body).toBe(201);
    expect(objection.json().dueOn).toBe(addDays(on, 15));
    const staffList = await app.inject({ method: 'GET', url: '/api/v1/resident-objections?status=open', headers: staffHeaders });
    expect(staffList.statusCode, staffList.body).toBe(200);
    expect(staffList.json().items).toContainEqual(expect.objectContaining({ applicationId, caseId, kind: 'decision', overdue: false, person: expect.objectContaining({ nameMasked: '王*英' }) }));
    // The same list as an Excel ledger (居民异议台账), with its deadline column.
    const exported = await app.inject({ method: 'GET', url: `/api/v1/resident-objections/export?status=open&purpose=${encodeURIComponent('异议办理督办')}`, headers: staffHeaders });
    expect(exported.statusCode, exported.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['提出人', '答复期限', '是否逾期', '状态']));
    expect(row[header.indexOf('异议理由')]).toBe('核定的金额没有计入孩子的医疗支出');
    expect(row[header.indexOf('答复期限')]).toBe(addDays(on, 15));
    expect(row[header.indexOf('提出人')]).toBe('王*英');
  });
});

describe('payments in the inbox', () => {
  const paidEvents = async () => Number((await sql<{ n: number }>`select count(*)::int as n from core.outbox where topic = 'assistance.payment.paid'`.execute(t.db.kysely)).rows[0].n);
  const inboxPayments = () => t.db.kysely.withTables<ResidentTables>().selectFrom('residents.inbox').select(['person_id', 'case_id', 'amount_fen', 'title']).where('kind', '=', 'payment').execute();

  it('a payment run puts one message per paid case in the inbox (by event, before any read); a re-run adds none', async () => {
    const deps = assistanceDeps(t.ctx, new TestClock(todayInShanghai()));
    const run = await runPayments(deps, district, PUDONG, paymentFrom);
    // The 低保 case approved above is the district's only case in payment.
    expect(run).toMatchObject({ status: 'completed', paidCount: 1, withheldCount: 0 });
    expect(run.paidTotalFen).toBeGreaterThan(0);
    expect(await paidEvents()).toBe(1);
    await dispatchOutbox(t.db.kysely, eventHandlers());
    // Read from the table, not through GET /resident/inbox, which would also copy paid months from the ledger.
    expect((await inboxPayments()).map((m) => ({ ...m, amount_fen: Number(m.amount_fen) }))).toEqual([{ person_id: persons.parent, case_id: caseId, amount_fen: run.paidTotalFen, title: `${programmeNames.dibao} ${paymentFrom} 已发放` }]);

    const again = await runPayments(deps, district, PUDONG, paymentFrom);
    expect(again.writtenNow).toBe(0);
    expect(await paidEvents()).toBe(1);
    await dispatchOutbox(t.db.kysely, eventHandlers());
    expect(await inboxPayments()).toHaveLength(1);
    // The read side (ledger months) shares the message key: still one message for the month.
    const inbox = (await as(parent, 'GET', '/resident/inbox')).json() as { items: { kind: string; amountFen: number | null }[] };
    expect(inbox.items.filter((i) => i.kind === 'payment')).toEqual([expect.objectContaining({ amountFen: run.paidTotalFen })]);
  });
});

describe('an urgent (急难型) 临时救助 application', () => {
  const bankAccount = { holderName: '赵建国', bankName: '上海银行', accountNo: '6222000011113333444' };
  type Item = { id: number; householdId: number; programme: string; urgent: boolean };
  const staffGet = async (url: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: staffHeaders });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Item[]; nextCursor: number | null } & Item & { actions: { reason: string | null }[] };
  };

  it('makes an urgent case that the caseworker sees first, ahead of a newer ordinary one, also across pages', async () => {
    const stranger = await signIn(ids.stranger);
    const urgent = await as(stranger, 'POST', '/resident/applications', { kind: 'temporary', urgent: true, consent: true, reason: '家中突发火灾，生活无着', bankAccount });
    expect(urgent.statusCode, urgent.body).toBe(201);
    const ordinary = await as(parent, 'POST', '/resident/applications', { kind: 'temporary', consent: true, bankAccount: { ...bankAccount, holderName: '王秀英' } });
    expect(ordinary.statusCode, ordinary.body).toBe(201);

    const list = await staffGet('/assistance/cases?status=applied');
    expect(list.items.map((c) => [c.householdId, c.programme, c.urgent])).toEqual([
      [strangerHouseholdId, 'temporary', true],
      [householdId, 'temporary', false],
    ]);
    // The keyset follows the same order: page one the urgent case, page two the newer ordinary one, then no more.
    const first = await staffGet('/assistance/cases?status=applied&limit=1');
    expect(first.items.map((c) => c.urgent)).toEqual([true]);
    const second = await staffGet(`/assistance/cases?status=applied&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((c) => [c.householdId, c.urgent])).toEqual([[householdId, false]]);
    expect(second.nextCursor).toBeNull();

    const detail = await staffGet(`/assistance/cases/${list.items[0].id}`);
    expect(detail.urgent).toBe(true);
    expect(detail.actions[0].reason).toContain('家中突发火灾');
    expect(detail.actions[0].reason).not.toContain('加急');
  });

  it('refuses urgency for another programme (400, nothing created)', async () => {
    const before = await count('assistance.cases');
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/assistance/cases',
      headers: staffHeaders,
      payload: { programme: 'low_income', householdId: strangerHouseholdId, applicantPersonId: persons.stranger, reason: '收入低', urgent: true },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'ASSISTANCE_URGENT_ONLY_TEMPORARY' });
    expect(await count('assistance.cases')).toBe(before);
  });
});
