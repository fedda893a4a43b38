/**
 * Children's and disability welfare on a real database, the world's clock at 2025-03-10 (Asia/Shanghai).
 * Rules quoted beside each case (reference CHILDREN-COMMUNITY-INDICATORS.md):
 * - §1.2 事实无人抚养: "one parent is dead or declared missing and the other is in one of the situations S";
 *   服刑在押 "term ≥ 6 months".
 * - §1.5 end: "the month in which the child is 18 on its first day"; "A child who is an orphan receives the
 *   orphan allowance only".
 * - §2 amount: 1,900 yuan from 2020-06-01 (configured, unverified) → 190000 fen a month.
 * - §4.2 两项补贴: 护理补贴 grade 1–2 (placeholder 195 yuan); 生活补贴 低保 households, 410 yuan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainError } from '../kernel/index.js';
import { emit, type CoreTables } from '../db/index.js';
import { recordDeath, setDisability } from '../registry/index.js';
import { allowancePaymentFile, monitoringDeps, processPendingEvaluations } from '../monitoring/index.js';
import { closeCase, decideCase, recordVisit, reviewCase, setGuardian } from './case-actions.js';
import { getCase, listCases } from './case-views.js';
import { recordSituation, reportChild, reportsFromParentEvents } from './cases.js';
import { tables } from './deps.js';
import { childrenFigures } from './figures.js';
import { recordPoverty } from './handlers.js';
import { applyForSubsidy, decideSubsidy, listSubsidies, runSubsidyPayments } from './subsidies.js';
import { openChildrenWorld, type ChildrenWorld } from './testing.js';

let w: ChildrenWorld;
beforeAll(async () => {
  w = await openChildrenWorld();
}, 120_000);
afterAll(async () => w?.close());

const PUDONG = '310115000000';
const fails = async (p: Promise<unknown>, code: string, status: number) => {
  const error = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as DomainError | null;
  expect(error?.code, error?.message).toBe(code);
  expect(error?.status).toBe(status);
  return error as DomainError;
};
/** Monitoring's month: the decision events dispatched, the queued children granted, the allowance file made (免申即享). */
async function payMonth(month: string, actor = w.users.pudong) {
  const m = monitoringDeps(w.t.ctx, w.clock);
  await w.dispatch();
  await processPendingEvaluations(m);
  const file = await allowancePaymentFile(m, actor, { month, divisionCode: PUDONG });
  await w.dispatch();
  return file;
}
const paidMonths = async (personId: number) =>
  (
    await w.t.db.kysely
      .withTables<{ 'monitoring.allowance_payments': { month: string; person_id: number; programme: string; amount_fen: number } }>()
      .selectFrom('monitoring.allowance_payments')
      .select(['month', 'programme', 'amount_fen'])
      .where('person_id', '=', personId)
      .orderBy('month')
      .execute()
  ).map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
const casesOf = (childId: number) => tables(w.deps).selectFrom('children.cases').selectAll().where('child_id', '=', childId).execute();

/** Report → visit → review → decision, as the three workers would. */
async function decided(childId: number, category: 'de_facto' | 'orphan', reportedOn = '2025-03-01'): Promise<number> {
  const open = (await casesOf(childId)).find((c) => c.status !== 'closed');
  const caseId = open?.id ?? (await reportChild(w.deps, w.users.director, { childId, source: 'director', reportedOn, note: '入户发现' })).caseId;
  await recordVisit(w.deps, w.users.director, caseId, { visitedOn: '2025-03-10', note: '入户走访' });
  await reviewCase(w.deps, w.users.supervisor, caseId, { note: '复核属实', suggested: category });
  await decideCase(w.deps, w.users.pudong, caseId, { category });
  return caseId;
}

describe('events', () => {
  it("a father's death opens one report per minor child, never twice", async () => {
    // Children born 2012 (13), 2016 (8) and 2004 (21, adult): two reports.
    const f = await w.family({ children: [{ birthDate: '2012-01-01' }, { birthDate: '2016-05-05' }, { birthDate: '2004-02-02' }] });
    await recordDeath(w.registry, w.users.pudong, f.fatherId as number, { deathDate: '2025-03-01' });
    await w.dispatch();
    const [a, b, adult] = await Promise.all(f.childIds.map(casesOf));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(adult).toHaveLength(0);
    expect(a?.[0]).toMatchObject({ source: 'event', status: 'reported', reported_on: '2025-03-01', director_id: w.users.director.userId, supervisor_id: w.users.supervisor.userId, father_id: f.fatherId, mother_id: f.motherId });
    // The same event again (a replay) opens nothing and logs nothing.
    expect(await reportsFromParentEvents(tables(w.deps), [{ parentId: f.fatherId as number, trigger: `death:${f.fatherId}`, on: '2025-03-01', what: 'replay' }])).toBe(0);
    await w.dispatch();
    expect(await casesOf(f.childIds[0] as number)).toHaveLength(1);
    // The mother's later death is logged on the open case, not a new report.
    await recordDeath(w.registry, w.users.pudong, f.motherId as number, { deathDate: '2025-03-08' });
    await w.dispatch();
    const after = await casesOf(f.childIds[0] as number);
    expect(after).toHaveLength(1);
    const log = await tables(w.deps)
      .selectFrom('children.case_actions')
      .select('kind')
      .where('case_id', '=', after[0]?.id as number)
      .orderBy('id')
      .execute();
    expect(log.map((l) => l.kind)).toEqual(['report', 'event']);
  });
});

describe('the chain of care', () => {
  it('visit dates are checked; the district decides 事实无人抚养 only when the rule passes; next month pays 1900 yuan once', async () => {
    const f = await w.family({ mother: { name: '李芳' }, children: [{ birthDate: '2015-06-01', name: '王小明' }] });
    const child = f.childIds[0] as number;
    await recordDeath(w.registry, w.users.pudong, f.fatherId as number, { deathDate: '2024-11-02' });
    await w.dispatch();
    const caseId = (await casesOf(child))[0]?.id as number;
    await fails(recordVisit(w.deps, w.users.director, caseId, { visitedOn: '2025-03-11', note: 'x' }), 'CHILDREN_DATE_IN_FUTURE', 400);
    await fails(recordVisit(w.deps, w.users.director, caseId, { visitedOn: '2024-11-01', note: 'x' }), 'CHILDREN_VISIT_BEFORE_REPORT', 400);
    // Another committee's 儿童主任: as if the case did not exist.
    await fails(recordVisit(w.deps, w.users.otherDirector, caseId, { visitedOn: '2024-11-03', note: 'x' }), 'NOT_FOUND', 404);
    await recordVisit(w.deps, w.users.director, caseId, { visitedOn: '2024-11-03', note: '母亲在家，情绪低落' });
    await fails(decideCase(w.deps, w.users.pudong, caseId, { category: 'de_facto' }), 'CHILDREN_NOT_REVIEWED', 409);
    await reviewCase(w.deps, w.users.supervisor, caseId, { note: '建议认定', suggested: 'de_facto' });
    // The mother is not (yet) in a situation S: 422 with her situation spelled out.
    const refused = await fails(decideCase(w.deps, w.users.pudong, caseId, { category: 'de_facto' }), 'CHILDREN_RULE_FAILED', 422);
    expect(refused.message).toContain('母亲李芳：无重残、重病、服刑在押、失联等情形');
    expect((refused.details as { failed: unknown[] }).failed).toHaveLength(1);
    // Sentenced 2025-01-15 to 2025-07-15: + 6 months = 2025-07-15 ≤ 2025-07-15 → a 6-month term.
    await recordSituation(w.deps, w.users.weifang, { personId: f.motherId as number, kind: 'custody', from: '2025-01-15', to: '2025-07-15', evidence: '（2025）沪0115刑初123号判决书' });
    const decision = await decideCase(w.deps, w.users.pudong, caseId, { category: 'de_facto' });
    expect(decision.startMonth).toBe('2025-04');
    const view = await getCase(w.deps, w.users.director, caseId);
    expect(view.childName).toBe('王小明');
    expect(view.allowance).toMatchObject({ paid: true, amountFen: 190_000 });
    // The custody record logged itself on the open case ('event') before the decision.
    expect(view.timeline.map((t) => t.kind)).toEqual(['report', 'visit', 'review', 'event', 'decision']);
    const list = await listCases(w.deps, w.users.director);
    expect(list.find((c) => c.id === caseId)?.childName).toBe('王*明');

    const factsBefore = await w.registry
      .selectFrom('registry.facts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    // Granted without application from the start month (2025-04) by monitoring, through the shanghai-children pack.
    await payMonth('2025-03');
    expect(await paidMonths(f.childIds[0] as number)).toEqual([]);
    const april = await payMonth('2025-04');
    expect(await paidMonths(f.childIds[0] as number)).toEqual([{ month: '2025-04', programme: 'child_plight_allowance', amount_fen: 190_000 }]);
    expect(april.writtenNow).toBeGreaterThanOrEqual(1);
    expect((await payMonth('2025-04')).writtenNow).toBe(0);
    const file = april.body.toString('utf8');
    expect(file).toContain(String(f.childIds[0]));
    expect(file).toContain('困境儿童、事实无人抚养儿童基本生活费');
    expect(file).toContain('1900.00');
    // Never income: the grant and payment write no registry fact the 低保 verification could read.
    const factsAfter = await w.registry
      .selectFrom('registry.facts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(factsAfter.n).toBe(factsBefore.n);
    await fails(payMonth('2025-04', w.users.weifang), 'ACCESS_PERMISSION_DENIED', 403);
  });

  it('the allowance stops in the month the child is 18 on the 1st, and the case closes with the transition', async () => {
    // Born 2007-05-01: 17 on 2025-04-01, 18 on 2025-05-01. Both parents sentenced for 12 months.
    const f = await w.family({ children: [{ birthDate: '2007-05-01' }] });
    const child = f.childIds[0] as number;
    for (const p of [f.fatherId, f.motherId]) await recordSituation(w.deps, w.users.weifang, { personId: p as number, kind: 'custody', from: '2025-01-01', to: '2026-01-01', evidence: '判决书' });
    await w.dispatch();
    const caseId = await decided(child, 'de_facto');
    const april = await payMonth('2025-04');
    expect(await paidMonths(child)).toEqual([{ month: '2025-04', programme: 'child_plight_allowance', amount_fen: 190_000 }]);
    expect(april.stopped).toBe(0);
    // 2025-05-01: 18 → the file stops the grant in May (nothing paid), and the case closes with the transition.
    const may = await payMonth('2025-05');
    expect(may.stopped).toBe(1);
    expect(await paidMonths(child)).toEqual([{ month: '2025-04', programme: 'child_plight_allowance', amount_fen: 190_000 }]);
    const row = (await casesOf(child)).find((c) => c.id === caseId);
    expect(row).toMatchObject({ status: 'closed', end_month: '2025-05' });
    const events = await w.t.db.kysely.withTables<{ 'core.outbox': { topic: string; payload: unknown } }>().selectFrom('core.outbox').select(['topic', 'payload']).where('topic', '=', 'children.adult.transition').execute();
    expect(events.map((e) => e.payload)).toContainEqual(expect.objectContaining({ personId: child, leads: ['dibao', 'low_income', 'destitute'] }));
  });

  it('an orphan is paid the orphan allowance only, never the 困境儿童 allowance too', async () => {
    const f = await w.family({ children: [{ birthDate: '2014-02-02' }] });
    for (const p of [f.fatherId, f.motherId]) await recordDeath(w.registry, w.users.pudong, p as number, { deathDate: '2025-01-05' });
    await w.dispatch();
    const caseId = await decided(f.childIds[0] as number, 'orphan');
    expect((await getCase(w.deps, w.users.pudong, caseId)).allowance.paid).toBe(false);
    // The decision records the registry fact the orphan grant (monitoring, 免申即享) reads.
    const orphanFacts = await w.registry
      .selectFrom('registry.facts')
      .select(['kind', 'source'])
      .where('subject_id', '=', f.childIds[0] as number)
      .where('kind', '=', 'orphan')
      .execute();
    expect(orphanFacts).toEqual([{ kind: 'orphan', source: '民政局儿童福利处' }]);
    // The orphan grant pays (monitoring reads the fact); the 困境儿童 allowance never does, even for a 事实无人抚养 category.
    await payMonth('2025-06');
    expect((await paidMonths(f.childIds[0] as number)).map((p) => p.programme)).toEqual(['orphan_allowance']);
  });

  it('refuses bad input: an adult on the report date, a second open report, a minor or overlapping guardian', async () => {
    // Born 2007-03-10: 18 on 2025-03-10.
    const adult = await w.person({ birthDate: '2007-03-10' });
    await fails(reportChild(w.deps, w.users.director, { childId: adult, source: 'director', reportedOn: '2025-03-10', note: 'x' }), 'CHILDREN_NOT_A_MINOR', 400);
    const f = await w.family({ children: [{ birthDate: '2013-09-09' }, { birthDate: '2010-01-01' }] });
    const child = f.childIds[0] as number;
    const { caseId } = await reportChild(w.deps, w.users.director, { childId: child, source: 'school', reportedOn: '2025-03-09', noCarer: true, note: '学校报告无人接送' });
    await fails(reportChild(w.deps, w.users.director, { childId: child, source: 'police', reportedOn: '2025-03-09', note: 'x' }), 'CHILDREN_CASE_OPEN', 409);
    // The sibling is 15: a minor cannot be the guardian.
    await fails(setGuardian(w.deps, w.users.director, caseId, { kind: 'relative', guardianId: f.childIds[1] as number, from: '2025-03-09' }), 'CHILDREN_GUARDIAN_MINOR', 400);
    const grandma = await w.person({ birthDate: '1950-01-01' });
    await setGuardian(w.deps, w.users.director, caseId, { kind: 'relative', guardianId: grandma, from: '2025-03-09' });
    await fails(setGuardian(w.deps, w.users.director, caseId, { kind: 'state', guardianId: null, from: '2025-03-01' }), 'CHILDREN_GUARDIAN_OVERLAP', 400);
    // No carer at all: the first visit is due within 24 hours (2025-03-10); on 2025-03-12 it is overdue and escalated.
    w.clock.set('2025-03-12');
    const item = (await listCases(w.deps, w.users.supervisor)).find((c) => c.id === caseId);
    expect(item?.due).toMatchObject({ kind: 'first', due: '2025-03-10', overdue: true, escalatedTo: 'district' });
    expect((await listCases(w.deps, w.users.supervisor))[0]?.due?.overdue).toBe(true);
    w.clock.set('2025-03-10');
    await closeCase(w.deps, w.users.pudong, caseId, { reason: 'other', note: '测试结案' });
  });

  it('abuse cases are seen by the assigned workers and the district only', async () => {
    const f = await w.family({ children: [{ birthDate: '2016-01-01' }] });
    const { caseId } = await reportChild(w.deps, w.users.weifang, { childId: f.childIds[0] as number, source: 'police', reportedOn: '2025-03-10', abuse: true, note: '疑似虐待' });
    await fails(getCase(w.deps, w.users.weifang, caseId), 'NOT_FOUND', 404);
    expect((await listCases(w.deps, w.users.weifang)).some((c) => c.id === caseId)).toBe(false);
    expect((await getCase(w.deps, w.users.director, caseId)).abuse).toBe(true);
    expect((await getCase(w.deps, w.users.pudong, caseId)).id).toBe(caseId);
  });

  it('figures: a leader sees "<5" in small cells, district staff the count', async () => {
    const leader = await childrenFigures(w.deps, w.users.leader);
    expect(leader.suppressed).toBe(true);
    const pd = leader.byDistrict.find((d) => d.districtCode === PUDONG);
    // Decided so far in 浦东: 2 事实无人抚养 (one closed at 18, so 1 open) and 1 orphan.
    expect(pd?.counts.de_facto).toBe('<5');
    const staff = await childrenFigures(w.deps, w.users.pudong);
    expect(staff.byDistrict.find((d) => d.districtCode === PUDONG)?.counts.de_facto).toBe(1);
    expect(staff.directorCoverage).toMatchObject({ withDirector: 2 });
    expect(staff.trainedWorkers.count).toBe(1);
  });
});

describe('两项补贴', () => {
  it('护理补贴 for grade 2, not for grade-3 physical; four eyes; one open application; paid once a month; a withdrawn certificate suspends', async () => {
    const a = await w.person({ birthDate: '1970-01-01' });
    await setDisability(w.registry, w.users.pudong, a, { grade: 2, category: '视力' });
    const b = await w.person({ birthDate: '1971-01-01' });
    await setDisability(w.registry, w.users.pudong, b, { grade: 3, category: '肢体' });
    const none = await w.person({ birthDate: '1972-01-01' });
    await fails(applyForSubsidy(w.deps, w.users.weifang, { personId: none, kind: 'care', appliedOn: '2025-03-01' }), 'DISABILITY_NO_CERTIFICATE', 400);
    const sa = await applyForSubsidy(w.deps, w.users.weifang, { personId: a, kind: 'care', appliedOn: '2025-03-01' });
    await fails(applyForSubsidy(w.deps, w.users.weifang, { personId: a, kind: 'care', appliedOn: '2025-03-02' }), 'DISABILITY_APPLICATION_OPEN', 409);
    const own = await applyForSubsidy(w.deps, w.users.pudong, { personId: b, kind: 'care', appliedOn: '2025-03-01' });
    await fails(decideSubsidy(w.deps, w.users.pudong, own.subsidyId), 'DISABILITY_FOUR_EYES', 403);
    const sb = await applyForSubsidy(w.deps, w.users.weifang, { personId: b, kind: 'living', appliedOn: '2025-03-01' });
    expect((await decideSubsidy(w.deps, w.users.pudong, sa.subsidyId)).fromMonth).toBe('2025-04');
    const refusedCare = await fails(decideSubsidy(w.deps, w.users.xuhui, own.subsidyId), 'NOT_FOUND', 404);
    expect(refusedCare).toBeTruthy();
    // b: grade-3 肢体, not a 低保 household yet → 生活补贴 refused (422) …
    await fails(decideSubsidy(w.deps, w.users.pudong, sb.subsidyId), 'DISABILITY_RULE_FAILED', 422);
    // … until the household's 低保 case is approved (assistance's event → roster).
    const household = await w.registry.selectFrom('registry.household_members').select('household_id').where('person_id', '=', b).executeTakeFirst();
    expect(household).toBeUndefined();
    const f = await w.family({ father: { birthDate: '1960-01-01' }, mother: null, children: [] });
    await setDisability(w.registry, w.users.pudong, f.fatherId as number, { grade: 4, category: '听力' });
    await recordPoverty(tables(w.deps), { caseId: 9001, householdId: f.householdId, programme: 'dibao', active: true });
    const sl = await applyForSubsidy(w.deps, w.users.weifang, { personId: f.fatherId as number, kind: 'living', appliedOn: '2025-03-01' });
    await decideSubsidy(w.deps, w.users.pudong, sl.subsidyId);
    // April: 195 yuan (care) + 410 yuan (living) = 60500 fen.
    const april = await runSubsidyPayments(w.deps, w.users.pudong, { month: '2025-04', divisionCode: PUDONG });
    expect(april).toMatchObject({ count: 2, totalFen: 19_500 + 41_000, writtenNow: 2 });
    expect((await runSubsidyPayments(w.deps, w.users.pudong, { month: '2025-04', divisionCode: PUDONG })).writtenNow).toBe(0);
    await setDisability(w.registry, w.users.pudong, a, null);
    await w.dispatch();
    expect((await listSubsidies(w.deps, w.users.pudong)).find((s) => s.id === sa.subsidyId)?.status).toBe('suspended');
    expect((await runSubsidyPayments(w.deps, w.users.pudong, { month: '2025-05', divisionCode: PUDONG })).count).toBe(1);
  });
});

describe('a guardian’s death', () => {
  it('ends the guardianship on the death date, logs the review on the child’s case and answers the funeral checklist', async () => {
    const f = await w.family({ children: [{ birthDate: '2015-04-04' }] });
    const child = f.childIds[0] as number;
    const { caseId } = await reportChild(w.deps, w.users.director, { childId: child, source: 'director', reportedOn: '2025-03-09', note: '祖母照料' });
    const grandpa = await w.person({ birthDate: '1948-01-01' });
    await setGuardian(w.deps, w.users.director, caseId, { kind: 'relative', guardianId: grandpa, from: '2025-03-09' });
    await recordDeath(w.registry, w.users.pudong, grandpa, { deathDate: '2025-03-10' });
    await w.dispatch();
    const periods = await tables(w.deps).selectFrom('children.guardians').select(['guardian_id', 'to_date']).where('child_id', '=', child).execute();
    expect(periods).toEqual([{ guardian_id: grandpa, to_date: '2025-03-10' }]);
    const log = await tables(w.deps).selectFrom('children.case_actions').select(['kind', 'detail']).where('case_id', '=', caseId).where('kind', '=', 'event').execute();
    expect(log).toEqual([{ kind: 'event', detail: expect.objectContaining({ trigger: `guardian_death:${grandpa}`, guardianId: grandpa }) }]);
    const answers = await w.registry.withTables<CoreTables>().selectFrom('core.outbox').select('payload').where('topic', '=', 'children.death.settled').where('key', '=', String(grandpa)).execute();
    expect(answers.map((a) => a.payload)).toEqual([expect.objectContaining({ personId: grandpa, deathDate: '2025-03-10', guardianships: [{ childId: child, caseId }], reportsOpened: 0 })]);
    // Delivered again: nothing more is ended or logged, and the answer says nothing was left to do.
    const original = await w.registry.withTables<CoreTables>().selectFrom('core.outbox').select(['id', 'payload']).where('topic', '=', 'registry.person.died').where('key', '=', String(grandpa)).executeTakeFirstOrThrow();
    await emit(w.registry.withTables<CoreTables>(), { topic: 'registry.person.died', key: String(grandpa), payload: { ...(original.payload as Record<string, unknown>), replayOf: Number(original.id) } });
    await w.dispatch();
    expect(await tables(w.deps).selectFrom('children.case_actions').select('id').where('case_id', '=', caseId).where('kind', '=', 'event').execute()).toHaveLength(1);
    const again = await w.registry.withTables<CoreTables>().selectFrom('core.outbox').select('payload').where('topic', '=', 'children.death.settled').where('key', '=', String(grandpa)).orderBy('id').execute();
    expect(again[1]?.payload).toMatchObject({ guardianships: [], reportsOpened: 0, caseClosed: null, subsidiesStopped: 0 });
  });
});
