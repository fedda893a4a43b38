/**
 * The case's chain after the report: home visit (儿童主任), review (督导员), district decision (the rule must
 * pass, else 422 with the failed conditions), 一人一策 plan, guardianship, exit. Each action is one append to the
 * log and the case row's status in the same transaction.
 */
import type { Actor } from '../access/index.js';
import { addDays, addMonths, addMonthsToDate, ageOn, conflict, invalid, isValidDate, monthOf, notFound, unprocessable, type IsoDate } from '../kernel/index.js';
import { assessCase } from './assessment.js';
import { caseFor, type CaseRow } from './case-access.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import { CATEGORIES, categoryNames, type Category, type CaseStatus, type ChildrenDb, type GuardianKind } from './model.js';
import { personFacts } from './registry-port.js';
import { recordFactBatch, type RegistryTables } from '../registry/index.js';
import { loadSettings } from './settings.js';

async function append(trx: ChildrenDb, caseId: number, kind: string, on: IsoDate, actor: Actor | null, detail: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('children.case_actions')
    .values({ case_id: caseId, kind, on_date: on, actor_id: actor?.userId ?? null, detail: JSON.stringify(detail) })
    .execute();
}

function requirePast(deps: ChildrenDeps, date: string, label: string): IsoDate {
  if (!isValidDate(date)) throw invalid('CHILDREN_INVALID_DATE', `${label}格式错误`);
  if (date > today(deps)) throw invalid('CHILDREN_DATE_IN_FUTURE', `${label}不能晚于今天`);
  return date;
}

const open = (row: CaseRow) => {
  if (row.status === 'closed') throw conflict('CHILDREN_CASE_CLOSED', '案件已结案');
};

export async function recordVisit(deps: ChildrenDeps, actor: Actor, caseId: number, input: { visitedOn: IsoDate; note: string }): Promise<{ visitId: number }> {
  const on = requirePast(deps, input.visitedOn, '走访日期');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.visit', action: 'children.case.visit' }, true);
    open(row);
    if (on < row.reported_on) throw invalid('CHILDREN_VISIT_BEFORE_REPORT', `走访日期不能早于报告日期 ${row.reported_on}`);
    const visit = await trx.insertInto('children.visits').values({ case_id: caseId, visited_on: on, visited_by: actor.userId, note: input.note }).returning('id').executeTakeFirstOrThrow();
    const status: CaseStatus = row.status === 'reported' ? 'visited' : row.status;
    await trx
      .updateTable('children.cases')
      .set({ status, first_visit_on: row.first_visit_on === null || on < row.first_visit_on ? on : row.first_visit_on, last_visit_on: row.last_visit_on === null || on > row.last_visit_on ? on : row.last_visit_on })
      .where('id', '=', caseId)
      .execute();
    await append(trx, caseId, 'visit', on, actor, { visitId: visit.id });
    return { visitId: visit.id };
  });
}

export async function reviewCase(deps: ChildrenDeps, actor: Actor, caseId: number, input: { note: string; suggested: Category | null }): Promise<void> {
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.review', action: 'children.case.review' }, true);
    if (row.status !== 'visited') throw conflict('CHILDREN_NOT_VISITED', row.status === 'reported' ? '儿童主任尚未走访，不能复核' : '案件不在待复核状态');
    await trx.updateTable('children.cases').set({ status: 'reviewed' }).where('id', '=', caseId).execute();
    await append(trx, caseId, 'review', today(deps), actor, { note: input.note, suggested: input.suggested });
  });
}

export interface DecisionOutcome {
  category: Category;
  startMonth: string;
  conditions: { text: string; met: boolean }[];
}

/** District decision: the category's rule must pass on the day (else 422 listing the failed conditions). */
export async function decideCase(deps: ChildrenDeps, actor: Actor, caseId: number, input: { category: Category }): Promise<DecisionOutcome> {
  if (!(CATEGORIES as readonly string[]).includes(input.category)) throw invalid('CHILDREN_UNKNOWN_CATEGORY', `未知的儿童类别：${input.category}`);
  const on = today(deps);
  const db = tables(deps);
  const settings = await loadSettings(db, on);
  const outcome = await guardedTransaction(db, actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.decide', action: 'children.case.decide', detail: { category: input.category } }, true);
    if (row.status !== 'reviewed') throw conflict('CHILDREN_NOT_REVIEWED', '须经儿童督导员复核后由区民政局认定');
    const { results } = await assessCase(trx, row, settings, on);
    const result = results[input.category];
    if (!result.passed)
      throw unprocessable(
        'CHILDREN_RULE_FAILED',
        `不符合「${categoryNames[input.category]}」的认定条件：${result.conditions
          .filter((c) => !c.met)
          .map((c) => c.text)
          .join('；')}`,
        { failed: result.conditions.filter((c) => !c.met) },
      );
    const startMonth = addMonths(monthOf(on), settings.startMonthsAfterDecision);
    await trx
      .updateTable('children.cases')
      .set({ status: 'decided', category: input.category, start_month: startMonth, review_due_on: addMonthsToDate(on, settings.reviewMonths) })
      .where('id', '=', caseId)
      .execute();
    await append(trx, caseId, 'decision', on, actor, { category: input.category, startMonth, conditions: result.conditions, settings: { startMonth: settings.used['allowance.startMonthsAfterDecision'] } });
    await emitEvent(trx, { topic: 'children.case.decided', key: String(caseId), payload: { caseId, childId: row.child_id, category: input.category, startMonth } });
    return { category: input.category, startMonth, conditions: result.conditions, childId: row.child_id };
  });
  // 孤儿: the registry fact `orphan` the existing 免申即享 grant reads (monitoring re-screens on the facts event).
  // After the commit (the registry's batch is its own transaction); the batch id makes a retry record it once.
  if (outcome.category === 'orphan')
    await recordFactBatch(db.withTables<RegistryTables>(), {
      batchId: `children:orphan:${caseId}`,
      source: '民政局儿童福利处',
      facts: [{ subjectType: 'person', subjectId: outcome.childId, kind: 'orphan', validFrom: on, attributes: { orphan: true } }],
    });
  const { childId: _child, ...decision } = outcome;
  return decision;
}

export interface RecheckOutcome {
  passed: boolean;
  conditions: { text: string; met: boolean }[];
  /** The next 复核 when the rule still holds; null when the case closed. */
  nextReviewOn: IsoDate | null;
}

/**
 * 复核 (yearly, or when a parent is released): the decided category's rule on the day. Still met → the next
 * review a period later; no longer met → the case closes today (the allowance is paid up to last month), with
 * the failed conditions in the log. Not a refusal of the request: the review itself is the outcome.
 */
export async function recheckCase(deps: ChildrenDeps, actor: Actor, caseId: number, input: { note: string }): Promise<RecheckOutcome> {
  const on = today(deps);
  const db = tables(deps);
  const settings = await loadSettings(db, on);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.decide', action: 'children.case.recheck' }, true);
    if (row.status !== 'decided' || row.category === null) throw conflict('CHILDREN_NOT_DECIDED', '只有已认定保障中的案件需要复核');
    const { results } = await assessCase(trx, row, settings, on);
    const result = results[row.category];
    const nextReviewOn = result.passed ? addMonthsToDate(on, settings.reviewMonths) : null;
    await append(trx, caseId, 'recheck', on, actor, { category: row.category, passed: result.passed, conditions: result.conditions, note: input.note, nextReviewOn });
    if (nextReviewOn) await trx.updateTable('children.cases').set({ review_due_on: nextReviewOn }).where('id', '=', caseId).execute();
    else
      await closeRow(
        trx,
        row,
        on,
        'situation_ended',
        actor,
        `复核不再符合「${categoryNames[row.category]}」：${result.conditions
          .filter((c) => !c.met)
          .map((c) => c.text)
          .join('；')}`,
      );
    return { passed: result.passed, conditions: result.conditions, nextReviewOn };
  });
}

export async function recordPlan(deps: ChildrenDeps, actor: Actor, caseId: number, input: { plan: string }): Promise<void> {
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.visit', action: 'children.case.plan' }, true);
    open(row);
    await append(trx, caseId, 'plan', today(deps), actor, { plan: input.plan });
  });
}

export const EXIT_REASONS = { adult: '年满 18 周岁', death: '儿童死亡', adopted: '被收养', moved_away: '迁出本市', situation_ended: '情形消失', other: '其他' } as const;
export type ExitReason = keyof typeof EXIT_REASONS;

export async function closeCase(deps: ChildrenDeps, actor: Actor, caseId: number, input: { reason: ExitReason; note: string }): Promise<void> {
  if (!(input.reason in EXIT_REASONS)) throw invalid('CHILDREN_UNKNOWN_REASON', '未知的结案原因');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.decide', action: 'children.case.close' }, true);
    open(row);
    await closeRow(trx, row, today(deps), input.reason, actor, input.note);
  });
}

/** Closes a case from `on`: the allowance is paid up to the month before. */
export async function closeRow(trx: ChildrenDb, row: CaseRow, on: IsoDate, reason: ExitReason, actor: Actor | null, note: string): Promise<void> {
  await trx
    .updateTable('children.cases')
    .set({ status: 'closed', closed_on: on, end_month: monthOf(on) })
    .where('id', '=', row.id)
    .execute();
  await append(trx, row.id, 'exit', on, actor, { reason, note });
  await emitEvent(trx, { topic: 'children.case.closed', key: String(row.id), payload: { caseId: row.id, childId: row.child_id, reason } });
}

export async function setGuardian(deps: ChildrenDeps, actor: Actor, caseId: number, input: { kind: GuardianKind; guardianId: number | null; from: IsoDate }): Promise<{ guardianshipId: number }> {
  const from = requirePast(deps, input.from, '监护起始日期');
  const unnamed = input.kind === 'state' || input.kind === 'temporary';
  if (unnamed !== (input.guardianId === null)) throw invalid('CHILDREN_GUARDIAN_KIND', unnamed ? '民政兜底监护、临时监护不填监护人（由民政部门、未成年人保护机构承担）' : '须指定监护人');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await caseFor(trx, actor, caseId, allow, { permission: 'children.visit', action: 'children.guardian.set' }, true);
    open(row);
    if (input.guardianId !== null) {
      const g = (await personFacts(trx, [input.guardianId])).get(input.guardianId);
      if (!g) throw notFound('CHILDREN_PERSON_NOT_FOUND', `人员 ${input.guardianId} 不存在`);
      if (ageOn(g.birthDate, from) < 18) throw invalid('CHILDREN_GUARDIAN_MINOR', '监护人须年满 18 周岁');
      if (g.deathDate) throw invalid('CHILDREN_GUARDIAN_DEAD', '监护人已登记死亡');
    }
    const periods = await trx.selectFrom('children.guardians').select(['id', 'from_date', 'to_date']).where('child_id', '=', row.child_id).execute();
    // A new guardian ends the current open period the day before; a start inside an earlier period is an overlap.
    const clash = periods.find((p) => p.from_date >= from || (p.to_date !== null && p.to_date >= from));
    if (clash) throw invalid('CHILDREN_GUARDIAN_OVERLAP', `与已登记的监护期间（${clash.from_date} 起）重叠`);
    const current = periods.find((p) => p.to_date === null);
    if (current)
      await trx
        .updateTable('children.guardians')
        .set({ to_date: addDays(from, -1) })
        .where('id', '=', current.id)
        .execute();
    const g = await trx.insertInto('children.guardians').values({ child_id: row.child_id, guardian_id: input.guardianId, kind: input.kind, from_date: from, recorded_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await append(trx, caseId, 'guardian', from, actor, { kind: input.kind, guardianId: input.guardianId });
    return { guardianshipId: g.id };
  });
}
