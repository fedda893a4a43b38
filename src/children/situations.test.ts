/**
 * Parents' situations live in one place, the registry's facts, whoever sends them (the court, justice, the
 * police through the exchange, or a worker here); public security's parent links; a release re-assesses; the
 * yearly 复核; temporary care for a child with no carer. The world's clock is 2025-03-10.
 * Rules quoted (reference CHILDREN-COMMUNITY-INDICATORS.md §1.2, 民发〔2019〕62号): 事实无人抚养 = "both parents
 * are each in one of the situations S"; S includes 服刑在押 / 强制隔离戒毒 "term ≥ 6 months" and 失联 "≥ 6
 * months, counted from the police report".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainError } from '../kernel/index.js';
import { checkRow } from '../monitoring/exchange-rows.js';
import { rowEffects } from '../monitoring/exchange-map.js';
import { recordFactBatch, situationFactsOf } from '../registry/index.js';
import { decideCase, recheckCase, recordVisit, reviewCase, setGuardian } from './case-actions.js';
import { getCase, listCases } from './case-views.js';
import { recordSituation, reportChild } from './cases.js';
import { tables } from './deps.js';
import { openChildrenWorld, type ChildrenWorld } from './testing.js';

let w: ChildrenWorld;
beforeAll(async () => {
  w = await openChildrenWorld();
}, 120_000);
afterAll(async () => w?.close());

const fails = async (p: Promise<unknown>, code: string, status: number) => {
  const error = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as DomainError | null;
  expect(error?.code, error?.message).toBe(code);
  expect(error?.status).toBe(status);
  return error as DomainError;
};
const casesOf = (childId: number) => tables(w.deps).selectFrom('children.cases').selectAll().where('child_id', '=', childId).orderBy('id').execute();
const kinds = async (caseId: number) => (await tables(w.deps).selectFrom('children.case_actions').select('kind').where('case_id', '=', caseId).orderBy('id').execute()).map((a) => a.kind);

async function visitedAndReviewed(caseId: number): Promise<void> {
  await recordVisit(w.deps, w.users.director, caseId, { visitedOn: '2025-03-10', note: '入户走访' });
  await reviewCase(w.deps, w.users.supervisor, caseId, { note: '复核属实', suggested: 'de_facto' });
}

describe('the exchange', () => {
  it("checks justice's and the court's rows and maps them to registry facts with their evidence", () => {
    const today = '2025-03-10';
    const custody = checkRow('justice', 1, { type: 'custody', personId: 7, from: '2025-01-15', to: '2025-07-15', measure: 'prison', evidence: '（2025）沪0115刑初123号' }, today);
    expect('row' in custody).toBe(true);
    if (!('row' in custody)) return;
    // The sentence's last day is 2025-07-15; the fact's exclusive end is the day after.
    expect(rowEffects(custody.row, 7).facts).toEqual([{ subjectType: 'person', subjectId: 7, kind: 'custody', validFrom: '2025-01-15', validTo: '2025-07-16', attributes: { measure: 'prison', evidence: '（2025）沪0115刑初123号' } }]);
    const bad = checkRow('justice', 2, { type: 'custody', personId: 7, from: '2025-01-15', measure: 'jail' }, today);
    expect('errors' in bad && bad.errors.map((e) => e.field).sort()).toEqual(['evidence', 'measure']);
    // Each department sends its own kinds only: the court does not send custody.
    expect('errors' in checkRow('court', 3, { type: 'custody', personId: 7, from: '2025-01-15', measure: 'prison', evidence: 'x' }, today)).toBe(true);
    const link = checkRow('public_security', 4, { type: 'parent_link', personId: 9, from: '2025-01-01', parentPersonId: 7, role: 'father' }, today);
    expect('row' in link && rowEffects(link.row, 9).facts[0]).toMatchObject({ kind: 'parent_link', attributes: { parentId: 7, role: 'father' } });
    // Health names the disease (checked against the 大病 list by the rule); without one, only the evidence is kept.
    const ill = checkRow('health', 5, { type: 'serious_illness', personId: 7, from: '2025-01-05', disease: '白血病', evidence: '瑞金医院诊断证明' }, today);
    expect('row' in ill && rowEffects(ill.row, 7).facts[0]).toMatchObject({ kind: 'serious_illness', attributes: { evidence: '瑞金医院诊断证明', disease: '白血病' } });
    const unnamed = checkRow('health', 6, { type: 'serious_illness', personId: 7, from: '2025-01-05', evidence: '诊断证明' }, today);
    expect('row' in unnamed && rowEffects(unnamed.row, 7).facts[0]?.attributes).toEqual({ evidence: '诊断证明' });
  });

  it('a recorded 重病 keeps its disease in the registry; only 重病 may name one', async () => {
    const parent = await w.person({ birthDate: '1984-04-04', name: '孙大病' });
    await expect(recordSituation(w.deps, w.users.weifang, { personId: parent, kind: 'lost_contact', from: '2024-01-01', to: null, evidence: 'x', disease: '白血病' })).rejects.toMatchObject({
      code: 'CHILDREN_DISEASE_NOT_ILLNESS',
      status: 400,
    });
    await recordSituation(w.deps, w.users.weifang, { personId: parent, kind: 'serious_illness', from: '2025-01-05', to: null, evidence: '瑞金医院诊断证明', disease: '白血病' });
    const facts = (await situationFactsOf(w.registry, [parent])).get(parent) ?? [];
    expect(facts.map((x) => [x.kind, x.disease, x.evidence])).toEqual([['serious_illness', '白血病', '瑞金医院诊断证明']]);
  });

  it("both parents' custody sent by justice reports the minor child once, and the rule reads the same facts", async () => {
    const f = await w.family({ children: [{ birthDate: '2015-04-04' }, { birthDate: '2000-01-01' }] });
    const [child, adult] = f.childIds as [number, number];
    // Sentenced 2025-01-01 to 2025-06-30 and 2025-02-01 to 2025-08-01: + 6 months = 2025-07-01 > 2025-06-30 — the father's term is short.
    const batch = (id: string, facts: Parameters<typeof recordFactBatch>[1]['facts']) => recordFactBatch(w.registry, { batchId: id, source: '司法局（监狱、戒毒所）', facts });
    await batch(`justice-${f.fatherId}`, [
      { subjectType: 'person', subjectId: f.fatherId as number, kind: 'custody', validFrom: '2025-01-01', validTo: '2025-07-01', attributes: { measure: 'prison', evidence: '（2024）沪0115刑初1号' } },
      { subjectType: 'person', subjectId: f.motherId as number, kind: 'custody', validFrom: '2025-02-01', validTo: '2025-08-02', attributes: { measure: 'drug_rehab', evidence: '沪公（浦）强戒决字2号' } },
    ]);
    await w.dispatch();
    await w.dispatch();
    const cases = await casesOf(child);
    expect(cases).toHaveLength(1);
    expect(await casesOf(adult)).toHaveLength(0);
    expect(cases[0]).toMatchObject({ source: 'event', father_id: f.fatherId, mother_id: f.motherId });
    // The situations are where the registry keeps them, not in this module.
    const facts = await situationFactsOf(w.registry, [f.motherId as number]);
    expect(facts.get(f.motherId as number)?.[0]).toMatchObject({ kind: 'custody', measure: 'drug_rehab', from: '2025-02-01', to: '2025-08-01' });
    // A worker's report on the same child would be a second open case.
    await fails(reportChild(w.deps, w.users.director, { childId: child, source: 'director', reportedOn: '2025-03-10', note: 'x' }), 'CHILDREN_CASE_OPEN', 409);
  });

  it('a sentence of 5 months 30 days fails 事实无人抚养 with both parents spelled out; 6 months passes', async () => {
    const f = await w.family({ father: { name: '赵刚' }, mother: { name: '钱芳' }, children: [{ birthDate: '2014-02-02' }] });
    const child = f.childIds[0] as number;
    const { caseId } = await reportChild(w.deps, w.users.director, { childId: child, source: 'director', reportedOn: '2025-03-01', note: '父母均在押' });
    // Worker-recorded situations go to the registry too (inclusive end dates as the judgment states them).
    await recordSituation(w.deps, w.users.weifang, { personId: f.fatherId as number, kind: 'custody', from: '2025-01-01', to: '2025-06-30', evidence: '（2024）沪0115刑初9号' });
    await recordSituation(w.deps, w.users.weifang, { personId: f.motherId as number, kind: 'custody', from: '2025-01-01', to: '2025-07-01', evidence: '（2024）沪0115刑初10号' });
    await visitedAndReviewed(caseId);
    const refused = await fails(decideCase(w.deps, w.users.pudong, caseId, { category: 'de_facto' }), 'CHILDREN_RULE_FAILED', 422);
    expect(refused.message).toContain('父亲赵刚');
    expect(refused.message).toContain('2025-01-01 至 2025-06-30，期限不足 6 个月');
    // The court corrects nothing here: a new judgment for the father (to 2025-07-01) makes the term 6 months.
    await recordSituation(w.deps, w.users.weifang, { personId: f.fatherId as number, kind: 'custody', from: '2025-01-01', to: '2025-07-01', evidence: '（2025）沪01刑终3号' });
    const decision = await decideCase(w.deps, w.users.pudong, caseId, { category: 'de_facto' });
    expect(decision.conditions.at(-1)?.text).toContain('父母双方均属规定情形');
    const row = (await casesOf(child))[0];
    // The next 复核 a year after the decision (setting review.intervalMonths = 12).
    expect(row?.review_due_on).toBe('2026-03-10');
  });
});

describe('parent links', () => {
  it("a child living with the grandparents is reported when the linked father's custody arrives", async () => {
    const grand = await w.family({ father: { birthDate: '1955-01-01' }, mother: { birthDate: '1957-01-01' }, children: [] });
    const child = await w.person({ birthDate: '2016-06-06', name: '孙小宝' });
    const father = await w.person({ birthDate: '1988-08-08', name: '孙强' });
    await recordFactBatch(w.registry, {
      batchId: `ps-link-${child}`,
      source: '公安局',
      facts: [{ subjectType: 'person', subjectId: child, kind: 'parent_link', validFrom: '2016-06-06', attributes: { parentId: father, role: 'father' } }],
    });
    // A link without a role is refused with the reason.
    await expect(
      recordFactBatch(w.registry, { batchId: `ps-bad-${child}`, source: '公安局', facts: [{ subjectType: 'person', subjectId: child, kind: 'parent_link', validFrom: '2016-06-06', attributes: { parentId: father } }] }),
    ).rejects.toMatchObject({ code: 'REGISTRY_INVALID_FACT' });
    const { reportsOpened } = await recordSituation(w.deps, w.users.weifang, { personId: father, kind: 'lost_contact', from: '2024-08-01', to: null, evidence: '沪公浦（2024）失联报案回执 88 号' });
    expect(reportsOpened).toBe(1);
    const [c] = await casesOf(child);
    expect(c).toMatchObject({ father_id: father, mother_id: null, trigger_key: expect.stringMatching(/^situation:\d+$/) });
    expect(grand.childIds).toEqual([]);
    // The registry event of the same batch comes later and adds nothing.
    await w.dispatch();
    expect(await casesOf(child)).toHaveLength(1);
    expect(await kinds(c?.id as number)).toEqual(['report']);
  });
});

describe('re-assessment and the yearly review', () => {
  it('a release puts the decided case up for 复核 at once; the review closes it with the failed condition', async () => {
    const f = await w.family({ father: { name: '周伟' }, children: [{ birthDate: '2013-03-03' }] });
    const child = f.childIds[0] as number;
    const { caseId } = await reportChild(w.deps, w.users.director, { childId: child, source: 'director', reportedOn: '2025-03-01', note: '父母均在押' });
    for (const p of [f.fatherId, f.motherId]) await recordSituation(w.deps, w.users.weifang, { personId: p as number, kind: 'custody', from: '2024-06-01', to: '2027-06-01', evidence: '判决书' });
    await visitedAndReviewed(caseId);
    await decideCase(w.deps, w.users.pudong, caseId, { category: 'de_facto' });
    // Still met: the next review a year on.
    expect(await recheckCase(w.deps, w.users.pudong, caseId, { note: '年度复核' })).toMatchObject({ passed: true, nextReviewOn: '2026-03-10' });
    // Justice reports the father's early release on 2025-03-09.
    await recordFactBatch(w.registry, {
      batchId: `justice-release-${f.fatherId}`,
      source: '司法局（监狱、戒毒所）',
      facts: [{ subjectType: 'person', subjectId: f.fatherId as number, kind: 'custody_release', validFrom: '2025-03-09', attributes: { evidence: '释放证明 2025-017' } }],
    });
    await w.dispatch();
    const [row] = await casesOf(child);
    expect(row?.review_due_on).toBe('2025-03-09');
    expect((await listCases(w.deps, w.users.pudong)).find((c) => c.id === caseId)?.review?.overdue).toBe(true);
    expect(await kinds(caseId)).toContain('reassess');
    const outcome = await recheckCase(w.deps, w.users.pudong, caseId, { note: '父亲释放后复核' });
    expect(outcome.passed).toBe(false);
    expect(outcome.nextReviewOn).toBeNull();
    expect(outcome.conditions.find((c) => !c.met)?.text).toContain('已于 2025-03-09 释放');
    expect((await casesOf(child))[0]).toMatchObject({ status: 'closed', end_month: '2025-03' });
    // A closed case is not reviewed again.
    await fails(recheckCase(w.deps, w.users.pudong, caseId, { note: 'x' }), 'CHILDREN_NOT_DECIDED', 409);
    // A 儿童主任 does not decide reviews.
    await fails(recheckCase(w.deps, w.users.director, caseId, { note: 'x' }), 'ACCESS_PERMISSION_DENIED', 403);
  });
});

describe('temporary care', () => {
  it('a child with no carer is first on the register until temporary care is recorded', async () => {
    const child = await w.person({ birthDate: '2019-09-09', name: '吴小雨' });
    const { caseId } = await reportChild(w.deps, w.users.director, { childId: child, source: 'police', reportedOn: '2025-03-10', noCarer: true, note: '独自在家，无人照料' });
    const list = await listCases(w.deps, w.users.director);
    expect(list[0]).toMatchObject({ id: caseId, needsTemporaryCare: true, due: { kind: 'first', due: '2025-03-11' } });
    // Temporary care names no guardian: the district's 未成年人保护机构 takes the child.
    await fails(setGuardian(w.deps, w.users.director, caseId, { kind: 'temporary', guardianId: child, from: '2025-03-10' }), 'CHILDREN_GUARDIAN_KIND', 400);
    await setGuardian(w.deps, w.users.director, caseId, { kind: 'temporary', guardianId: null, from: '2025-03-10' });
    const view = await getCase(w.deps, w.users.director, caseId);
    expect(view.needsTemporaryCare).toBe(false);
    expect(view.guardians[0]).toMatchObject({ kind: 'temporary', kindName: '临时监护（未成年人保护机构临时照料）', guardianName: null });
  });
});

describe('indicator 10: the protection network', () => {
  it('a workstation per street, the district institution, and the yearly 达标 result in the figures', async () => {
    const { registerProtectionUnit, assessProtectionUnit, listProtectionUnits } = await import('./protection.js');
    const { childrenFigures } = await import('./figures.js');
    const PUDONG = '310115000000';
    // A workstation is per street: a committee code is refused, a second one in the same street is 409.
    await fails(registerProtectionUnit(w.deps, w.users.pudong, { kind: 'workstation', divisionCode: '310115004001', name: 'x', openedOn: '2021-06-01' }), 'CHILDREN_INVALID_DIVISION', 400);
    await registerProtectionUnit(w.deps, w.users.pudong, { kind: 'workstation', divisionCode: '310115004000', name: '潍坊新村街道未成年人保护工作站', openedOn: '2021-06-01' });
    await fails(registerProtectionUnit(w.deps, w.users.pudong, { kind: 'workstation', divisionCode: '310115004000', name: 'x', openedOn: '2021-06-01' }), 'CHILDREN_UNIT_EXISTS', 409);
    // Another district's staff cannot register in Pudong (outside the jurisdiction: the platform's 404).
    await fails(registerProtectionUnit(w.deps, w.users.xuhui, { kind: 'institution', divisionCode: PUDONG, name: 'x', openedOn: '2020-01-01' }), 'NOT_FOUND', 404);
    const { unitId } = await registerProtectionUnit(w.deps, w.users.pudong, { kind: 'institution', divisionCode: PUDONG, name: '浦东新区未成年人救助保护中心', openedOn: '2020-01-01' });
    // The city assesses, not the district itself; once a year; not in the future.
    await fails(assessProtectionUnit(w.deps, w.users.pudong, unitId, { year: 2024, passed: true, note: '自评' }), 'ACCESS_PERMISSION_DENIED', 403);
    await fails(assessProtectionUnit(w.deps, w.users.admin, unitId, { year: 2026, passed: true, note: 'x' }), 'CHILDREN_INVALID_YEAR', 400);
    await assessProtectionUnit(w.deps, w.users.admin, unitId, { year: 2024, passed: true, note: '市民政局年度评估：规范达标' });
    await fails(assessProtectionUnit(w.deps, w.users.admin, unitId, { year: 2024, passed: false, note: 'x' }), 'CHILDREN_ASSESSMENT_EXISTS', 409);
    // The street's 儿童主任 sees its workstation and the district institution it refers children to.
    const seen = await listProtectionUnits(w.deps, w.users.director);
    expect(seen.map((u) => u.kind).sort()).toEqual(['institution', 'workstation']);
    expect(seen.find((u) => u.kind === 'institution')?.assessments).toEqual([{ year: 2024, passed: true, note: '市民政局年度评估：规范达标' }]);
    // Indicator 10 = 达标 institutions ÷ institutions = 1 ÷ 1 = 100 % (2024, the latest assessed year).
    const figures = await childrenFigures(w.deps, w.users.pudong);
    expect(figures.protection.indicator10).toMatchObject({ year: 2024, institutions: 1, passed: 1, percent: 100 });
    expect(figures.protection.workstations.covered).toBe(1);
  });
});

describe('精神障碍社区康复 (reference §4.4: coverage = streets with a provider serving someone ÷ streets, target ≥ 90 %)', () => {
  it('providers per street, one open participation per person, masked lists, coverage in the figures', async () => {
    const { registerRehabProvider, enrolRehabParticipant, leaveRehab, listRehabParticipants, listRehabProviders } = await import('./rehab.js');
    const { childrenFigures } = await import('./figures.js');
    const { SHANGHAI_STREETS } = await import('../registry/shanghai-divisions.js');
    const pudongStreets = SHANGHAI_STREETS.filter((s) => s.code.startsWith('310115')).length;
    // Providers are per street: a committee code is refused; a street caseworker may not register (district only).
    await fails(registerRehabProvider(w.deps, w.users.pudong, { name: 'x', kind: 'facility', divisionCode: '310115004001', openedOn: '2024-01-01' }), 'DISABILITY_INVALID_DIVISION', 400);
    await fails(registerRehabProvider(w.deps, w.users.weifang, { name: 'x', kind: 'facility', divisionCode: '310115004000', openedOn: '2024-01-01' }), 'ACCESS_PERMISSION_DENIED', 403);
    await fails(registerRehabProvider(w.deps, w.users.pudong, { name: 'x', kind: 'facility', divisionCode: '310115004000', openedOn: '2030-01-01' }), 'DISABILITY_DATE_IN_FUTURE', 400);
    const { providerId } = await registerRehabProvider(w.deps, w.users.pudong, { name: '潍坊阳光心园', kind: 'facility', divisionCode: '310115004000', openedOn: '2024-01-01' });
    const { providerId: idle } = await registerRehabProvider(w.deps, w.users.pudong, { name: '陆家嘴康复驿站', kind: 'social_org', divisionCode: '310115005000', openedOn: '2024-01-01' });

    const a = await w.person({ birthDate: '1990-02-02', name: '赵大明' });
    const b = await w.person({ birthDate: '1985-03-03', name: '钱小红' });
    await fails(enrolRehabParticipant(w.deps, w.users.weifang, { personId: a, providerId, joinedOn: '2023-12-31' }), 'DISABILITY_INVALID_DATE', 400);
    const { participantId } = await enrolRehabParticipant(w.deps, w.users.weifang, { personId: a, providerId, joinedOn: '2024-03-01' });
    await fails(enrolRehabParticipant(w.deps, w.users.weifang, { personId: a, providerId: idle, joinedOn: '2024-04-01' }), 'DISABILITY_REHAB_OPEN', 409);
    await enrolRehabParticipant(w.deps, w.users.weifang, { personId: b, providerId, joinedOn: '2024-05-01' });
    // Another district's staff: the person is outside the jurisdiction (404, the platform's rule).
    await fails(enrolRehabParticipant(w.deps, w.users.xuhui, { personId: b, providerId, joinedOn: '2024-05-01' }), 'NOT_FOUND', 404);

    // Lists mask names and show no address.
    const list = await listRehabParticipants(w.deps, w.users.weifang);
    expect(list.map((p) => p.personName).sort()).toEqual(['赵*明', '钱*红']);
    expect(JSON.stringify(list)).not.toContain('赵大明');
    // The street caseworker sees "<5" served; district staff see the count.
    expect((await listRehabProviders(w.deps, w.users.weifang)).find((p) => p.id === providerId)?.participants).toBe('<5');
    expect((await listRehabProviders(w.deps, w.users.pudong)).find((p) => p.id === providerId)?.participants).toBe(2);

    // Coverage: 潍坊新村街道 has a provider serving 2 persons; 陆家嘴's serves nobody → 1 covered street of Pudong's.
    const before = (await childrenFigures(w.deps, w.users.pudong)).rehab;
    expect(before).toMatchObject({ streets: pudongStreets, covered: 1, providers: 2, participants: 2, targetPercent: 90, met: false });
    expect(before.percent).toBe(Math.round((1 / pudongStreets) * 1000) / 10);
    // Both leave: no street covered any more.
    await fails(leaveRehab(w.deps, w.users.weifang, participantId, { leftOn: '2024-02-01', reason: 'x' }), 'DISABILITY_INVALID_DATE', 400);
    await leaveRehab(w.deps, w.users.weifang, participantId, { leftOn: '2025-01-15', reason: '病情稳定，回归社区' });
    await fails(leaveRehab(w.deps, w.users.weifang, participantId, { leftOn: '2025-01-15', reason: 'x' }), 'DISABILITY_REHAB_LEFT', 409);
    expect((await childrenFigures(w.deps, w.users.pudong)).rehab).toMatchObject({ covered: 1, participants: 1 });
    // The leader (outside district staff) sees the small count as "<5".
    expect((await childrenFigures(w.deps, w.users.leader)).rehab.participants).toBe('<5');
  });
});
