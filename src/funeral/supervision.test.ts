/**
 * Supervision, complaints and 八必问 on the services, with worked cases: a 双随机 draw, an inspection's finding
 * through the shared rectification loop (30-day deadline, overdue once, rectified, verified), a ban; complaint
 * deadlines in working days across 清明 2025; the 八必问 intake all or nothing; bad input refused, nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../kernel/index.js';
import { answerComplaint, intakeOf, listComplaints, recordComplaint, recordIntake } from './complaints.js';
import { reportDeath } from './deaths.js';
import { actOnFinding, drawInspections, escalateOverdueFindings, listFindings, recordInspection, recordSanction } from './supervision.js';
import { openFuneralWorld, type FuneralWorld } from './testing.js';
import { createUnit, getUnit } from './units.js';

let w: FuneralWorld;
let homeId: number;
const count = async (table: string) => Number((await w.t.ownerQuery<{ n: string }>(`select count(*) as n from ${table}`))[0]?.n);

beforeAll(async () => {
  w = await openFuneralWorld();
  homeId = (await createUnit(w.funeral, w.users.pudong, { kind: 'funeral_home', name: '浦东殡仪馆', divisionCode: '310115000000', licenceNumber: '沪殡证001', licenceCheckedYear: 2025 })).id;
}, 180_000);
afterAll(async () => w?.close());

describe('双随机 inspections and the rectification loop', () => {
  it('draws a unit with two inspectors from the pool, and the street cannot draw', async () => {
    const draw = await drawInspections(w.funeral, w.users.pudong, { divisionCode: '310115000000', count: 3, inspectors: ['张检', '李检', '王检'], plannedOn: '2025-04-01' });
    expect(draw.items).toHaveLength(1); // one open unit in the district, however many are asked for
    expect(draw.items[0]).toMatchObject({ unitId: homeId, kind: 'random', status: 'planned' });
    expect(draw.items[0]?.inspectors.split('、')).toHaveLength(2);
    expect(draw.reference).toMatch(/^SSJ-20250401-310115-/);
    await expect(drawInspections(w.funeral, w.users.weifang, { divisionCode: '310115004000', count: 1, inspectors: ['张检', '李检'], plannedOn: '2025-04-01' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(drawInspections(w.funeral, w.users.pudong, { divisionCode: '310115000000', count: 1, inspectors: ['张检'], plannedOn: '2025-04-01' })).rejects.toMatchObject({ code: 'FUNERAL_INSPECTORS_TOO_FEW' });
  });

  it('records the finding with a 30-day deadline, overdue once after it, then rectified and verified', async () => {
    const planned = (await drawInspections(w.funeral, w.users.pudong, { divisionCode: '310115000000', count: 1, inspectors: ['张检', '李检'], plannedOn: '2025-04-01' })).items[0];
    const done = await recordInspection(w.funeral, w.users.pudong, {
      inspectionId: planned?.id,
      inspectedOn: '2025-04-01',
      summary: '现场检查服务大厅',
      findings: [{ category: 'price_labelling', description: '寿衣未标示价格' }],
    });
    expect(done.status).toBe('done');
    const finding = done.findings[0];
    // 2025-04-01 + 30 days (supervision.rectifyDays) = 2025-05-01.
    expect(finding).toMatchObject({ category: 'price_labelling', status: 'open', deadline: '2025-05-01', overdue: false });
    await expect(recordInspection(w.funeral, w.users.pudong, { inspectionId: planned?.id, inspectedOn: '2025-04-01', summary: '再次登记' })).rejects.toMatchObject({ code: 'FUNERAL_INSPECTION_DONE' });
    w.clock.set(new Date('2025-05-01T10:00:00Z'));
    expect(await escalateOverdueFindings(w.funeral)).toBe(0); // the deadline day itself is still in time
    w.clock.set(new Date('2025-05-02T10:00:00Z'));
    expect(await escalateOverdueFindings(w.funeral)).toBe(1);
    expect(await escalateOverdueFindings(w.funeral)).toBe(0);
    const listed = await listFindings(w.funeral, w.users.pudong);
    expect(listed.items[0]).toMatchObject({ id: finding?.id, overdue: true });
    await expect(actOnFinding(w.funeral, w.users.pudong, finding?.id as number, { action: 'verify', on: '2025-05-02', note: '复核' })).rejects.toMatchObject({ code: 'FUNERAL_FINDING_STATE' });
    await expect(actOnFinding(w.funeral, w.users.xuhui, finding?.id as number, { action: 'rectify', on: '2025-05-02', note: '已整改' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    let after = await actOnFinding(w.funeral, w.users.pudong, finding?.id as number, { action: 'rectify', on: '2025-05-02', note: '已补齐价签' });
    expect(after).toMatchObject({ status: 'rectified', overdue: false });
    after = await actOnFinding(w.funeral, w.users.pudong, finding?.id as number, { action: 'verify', on: '2025-05-02', note: '复核通过' });
    expect(after.status).toBe('verified');
    expect(after.log.map((l) => l.action)).toEqual(['record', 'overdue', 'rectify', 'verify']);
  });

  it('bans a unit until a date (suspended), and refuses a ban without an end', async () => {
    const before = await count('funeral.sanctions');
    await expect(recordSanction(w.funeral, w.users.pudong, homeId, { kind: 'ban', decidedOn: '2025-05-02', reason: '屡查屡犯' })).rejects.toMatchObject({ code: 'FUNERAL_INVALID_DATE' });
    await expect(recordSanction(w.funeral, w.users.pudong, 999_999, { kind: 'summons', decidedOn: '2025-05-02', reason: '约谈' })).rejects.toMatchObject({ kind: 'not_found' });
    expect(await count('funeral.sanctions')).toBe(before);
    await recordSanction(w.funeral, w.users.pudong, homeId, { kind: 'ban', decidedOn: '2025-05-02', untilOn: '2025-06-01', reason: '屡查屡犯' });
    expect((await getUnit(w.funeral, w.users.pudong, homeId)).status).toBe('suspended');
  });
});

describe('hotline complaints', () => {
  it('counts 15 working days across 清明 2025, lists the overdue first, and gives the on-time rate', async () => {
    w.clock.set(new Date('2025-04-10T03:00:00Z'));
    // Received Mon 10 March: 11–14, 17–21, 24–28 March are 14 working days, the 15th is Mon 31 March.
    const late = await recordComplaint(w.funeral, w.users.weifang, {
      channel: 'hotline',
      ticket: 'GD-1',
      receivedOn: '2025-03-10',
      divisionCode: '310115004000',
      unitId: homeId,
      category: '服务收费',
      summary: '强制搭售骨灰盒',
      complainant: '赵女士',
    });
    expect(late.deadline).toBe('2025-03-31');
    // Received Thu 3 April: 4–6 April is 清明 (holiday), so 7–11, 14–18, 21–25 April: the 15th is Fri 25 April.
    const fresh = await recordComplaint(w.funeral, w.users.weifang, { channel: 'hotline', ticket: 'GD-2', receivedOn: '2025-04-03', divisionCode: '310115004000', category: '服务态度', summary: '工作人员态度生硬' });
    expect(fresh.deadline).toBe('2025-04-25');
    let list = await listComplaints(w.funeral, w.users.weifang);
    expect(list.items.map((c) => [c.id, c.status])).toEqual([
      [late.id, 'overdue'],
      [fresh.id, 'open'],
    ]);
    await answerComplaint(w.funeral, w.users.weifang, late.id, { answeredOn: '2025-04-10', answer: '已责令退还费用' });
    await answerComplaint(w.funeral, w.users.weifang, fresh.id, { answeredOn: '2025-04-10', answer: '已约谈当事人' });
    list = await listComplaints(w.funeral, w.users.weifang);
    expect(list.onTimeRate).toBe(0.5);
    expect((await listComplaints(w.funeral, w.users.xuhui)).items).toEqual([]);
  });

  it('refuses a repeated ticket, a future date, a bad division and a second answer, changing nothing', async () => {
    const before = await count('funeral.complaints');
    const base = { channel: 'hotline' as const, receivedOn: '2025-04-08', divisionCode: '310115004000', category: '其他', summary: '投诉' };
    await expect(recordComplaint(w.funeral, w.users.weifang, { ...base, ticket: 'GD-1' })).rejects.toMatchObject({ code: 'FUNERAL_COMPLAINT_DUPLICATE' });
    await expect(recordComplaint(w.funeral, w.users.weifang, { ...base, receivedOn: '2025-04-11' })).rejects.toMatchObject({ code: 'FUNERAL_DATE_IN_FUTURE' });
    await expect(recordComplaint(w.funeral, w.users.weifang, { ...base, divisionCode: '99' })).rejects.toMatchObject({ code: 'FUNERAL_INVALID_DIVISION' });
    await expect(recordComplaint(w.funeral, w.users.weifang, { ...base, unitId: 999_999 })).rejects.toMatchObject({ code: 'FUNERAL_UNIT_NOT_FOUND' });
    expect(await count('funeral.complaints')).toBe(before);
    const id = (await listComplaints(w.funeral, w.users.weifang)).items[0]?.id as number;
    await expect(answerComplaint(w.funeral, w.users.weifang, id, { answeredOn: '2025-04-10', answer: '再答' })).rejects.toMatchObject({ code: 'FUNERAL_COMPLAINT_ANSWERED' });
  });
});

describe('八必问', () => {
  it('records the intake only with every question answered, once per death', async () => {
    const death = await reportDeath(w.funeral, w.users.weifang, { idNumber: makeIdNumber('310115', '1930-02-02', 31), name: '钱老先生', source: 'caseworker', deathDate: '2025-04-09', divisionCode: '310115004000' });
    const answers: Record<string, string> = {
      identity: '医学死亡证明已核',
      organiser: '钱先生 13800000000',
      basic_service: '已告知 980 元减免',
      assistance: '非救助对象',
      eco_burial: '已告知海葬补贴',
      price_list: '已出示价目表',
      ashes: '15 日内领取',
      transport: '无需跨省',
    };
    const { transport: _, ...partial } = answers;
    await expect(recordIntake(w.funeral, w.users.weifang, death.id, { answers: partial })).rejects.toMatchObject({ code: 'FUNERAL_INTAKE_INCOMPLETE', details: { missing: ['transport'] } });
    expect(await intakeOf(w.funeral, w.users.weifang, death.id)).toBeNull();
    const intake = await recordIntake(w.funeral, w.users.weifang, death.id, { unitId: homeId, answers });
    expect(intake.answers).toHaveLength(8);
    await expect(recordIntake(w.funeral, w.users.weifang, death.id, { answers })).rejects.toMatchObject({ code: 'FUNERAL_INTAKE_RECORDED' });
    await expect(intakeOf(w.funeral, w.users.xuhui, death.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
