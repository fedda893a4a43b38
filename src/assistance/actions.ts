/**
 * The caseworker's and the district's actions on a case. Each is the action's own rule on top of `act`
 * (which has already checked access, the close-relative rule, the transition, four eyes and the rules of
 * action-rules.ts that can be known before the click).
 */
import type { Actor } from '../access/index.js';
import { addMonths, conflict, formatYuan, invalid, isValidDate, isValidMonth, monthOf, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { act, addDays, addMonthsToDate, requireReason, type ActContext } from './cases.js';
import { verificationRefusal } from './action-rules.js';
import type { AssistanceDeps } from './deps.js';
import { MONTHLY_CASH, type CaseDetail } from './model.js';
import { HARDSHIP_TYPES, type HardshipType } from './settings.js';
import { assertReliefAmount, limitsFor, reliefsOf, standardOf } from './temporary.js';
import { backPayOnResume, overpaymentOnStop } from './recovery.js';

const ACTION_EVENT = (c: ActContext, topic: string, extra: Record<string, unknown>) => ({
  topic,
  key: String(c.row.id),
  payload: { caseId: c.row.id, programme: c.row.programme, householdId: c.row.household_id, applicantPersonId: c.row.applicant_person_id, districtCode: c.row.district_code, ...extra },
});

export const acceptCase = (deps: AssistanceDeps, actor: Actor, caseId: number, input: { note?: string } = {}): Promise<CaseDetail> => act(deps, actor, caseId, 'accept', () => ({ reason: input.note?.trim() || null }));

export const declineCase = (deps: AssistanceDeps, actor: Actor, caseId: number, input: { reason: string }): Promise<CaseDetail> => act(deps, actor, caseId, 'decline', () => ({ reason: requireReason(input.reason, '不予受理') }));

export const withdrawCase = (deps: AssistanceDeps, actor: Actor, caseId: number, input: { reason: string }): Promise<CaseDetail> => act(deps, actor, caseId, 'withdraw', () => ({ reason: requireReason(input.reason, '撤回申请') }));

/**
 * 入户调查. For 临时救助 the caseworker proposes the one-off amount here: within the single ceiling, the amount
 * rule of the hardship type when given (temporary.ts) and the household's yearly cap.
 */
export async function recordVisit(deps: AssistanceDeps, actor: Actor, caseId: number, input: { visitedOn?: IsoDate; findings: string; proposedAmountFen?: Fen; hardshipType?: HardshipType }): Promise<CaseDetail> {
  // The engine's 低保 standard is read before the case is locked (only a proposal needs it).
  const standardFen = input.proposedAmountFen !== undefined ? await standardOf(deps, monthOf(deps.clock.today())) : 0;
  return act(deps, actor, caseId, 'record_visit', async (c) => {
    const findings = requireReason(input.findings, '入户调查情况');
    const visitedOn = input.visitedOn ?? c.today;
    if (!isValidDate(visitedOn) || visitedOn > c.today) throw invalid('ASSISTANCE_INVALID_DATE', '入户调查日期须为有效日期且不晚于今天');
    let proposedAmountFen: Fen | undefined;
    if (c.row.programme === 'temporary') {
      proposedAmountFen = input.proposedAmountFen;
      if (proposedAmountFen === undefined || !Number.isSafeInteger(proposedAmountFen) || proposedAmountFen <= 0) throw invalid('ASSISTANCE_AMOUNT_REQUIRED', '临时救助须在入户调查时提出救助金额（分，正整数）');
      if (input.hardshipType !== undefined && !HARDSHIP_TYPES.includes(input.hardshipType)) throw invalid('ASSISTANCE_UNKNOWN_HARDSHIP', '未知困难类型');
      const size = await caseSize(c);
      const limits = await limitsFor(c.trx, { settings: c.settings, standardFen, householdId: c.row.household_id, householdSize: size, hardshipType: input.hardshipType ?? null, today: c.today, exceptCaseId: c.row.id });
      assertReliefAmount(proposedAmountFen, limits, 'ordinary');
    } else if (input.proposedAmountFen !== undefined) {
      throw invalid('ASSISTANCE_AMOUNT_NOT_ALLOWED', '该救助项目的金额由政策规则计算，不能由经办人提出');
    }
    return { reason: findings, payload: { visitedOn, ...(proposedAmountFen !== undefined ? { proposedAmountFen } : {}), ...(input.hardshipType ? { hardshipType: input.hardshipType } : {}) } };
  });
}

const caseSize = async (c: ActContext): Promise<number> =>
  Number(
    (
      await c.trx
        .selectFrom('assistance.case_persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('case_id', '=', c.row.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** 公示: starts today and runs `notice.days` days; the decision may come the day after it ends. */
export const startNotice = (deps: AssistanceDeps, actor: Actor, caseId: number): Promise<CaseDetail> =>
  act(deps, actor, caseId, 'start_notice', (c) => ({ payload: { startsOn: c.today, endsOn: addDays(c.today, c.settings.noticeDays - 1), days: c.settings.noticeDays } }));

export const recordObjection = (deps: AssistanceDeps, actor: Actor, caseId: number, input: { objection: string; receivedOn?: IsoDate }): Promise<CaseDetail> =>
  act(deps, actor, caseId, 'record_objection', (c) => ({ payload: { objection: requireReason(input.objection, '公示异议'), receivedOn: input.receivedOn ?? c.today } }));

export function resolveObjection(deps: AssistanceDeps, actor: Actor, caseId: number, input: { objectionSeq: number; finding: string; upheld: boolean }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'resolve_objection', (c) => {
    const objection = c.state.objections.find((o) => o.seq === input.objectionSeq);
    if (!objection) throw invalid('ASSISTANCE_UNKNOWN_OBJECTION', `本案件没有序号为 ${input.objectionSeq} 的公示异议`);
    if (objection.resolved) throw conflict('ASSISTANCE_OBJECTION_RESOLVED', '该异议已处理');
    return { reason: requireReason(input.finding, '异议核实情况'), payload: { objectionSeq: input.objectionSeq, upheld: input.upheld } };
  });
}

/** The verification a decision rests on; `act` has already refused a missing, stale or (where it matters) ineligible one. */
function requireFreshVerification(c: ActContext, mustBeEligible: boolean) {
  const refusal = verificationRefusal({ state: c.state, programme: c.row.programme, today: c.today }, mustBeEligible);
  if (refusal || !c.state.lastVerification) throw refusal ?? new Error('verificationRefusal passed without a verification');
  return c.state.lastVerification;
}

function nextReviewOn(c: ActContext): IsoDate | null {
  const months = c.settings.reviewIntervalMonths[c.row.programme];
  return months ? addMonthsToDate(c.today, months) : null;
}

/** 审批批准. The monthly amount is the engine's (a district officer confirms it, never types it); 临时救助 may be lowered. */
export function approveCase(deps: AssistanceDeps, actor: Actor, caseId: number, input: { amountFen?: Fen; note?: string } = {}): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'approve', async (c) => {
    const v = requireFreshVerification(c, true);
    let amountFen: Fen;
    if (c.row.programme === 'temporary') {
      const proposed = c.state.proposedAmountFen ?? 0;
      amountFen = input.amountFen ?? proposed;
      if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > proposed || amountFen > c.settings.temporaryCeilingFen) {
        throw invalid('ASSISTANCE_INVALID_AMOUNT', `临时救助批准金额须大于 0，且不超过经办人提出的 ${formatYuan(proposed)} 元和单次上限 ${formatYuan(c.settings.temporaryCeilingFen)} 元`);
      }
      // The yearly cap again at the decision: another relief may have been paid since the proposal.
      const reliefs = await reliefsOf(c.trx, c.row.household_id, monthOf(c.today), c.row.id);
      const usedFen = reliefs.reduce((n, r) => n + r.amountFen, 0);
      if (usedFen + amountFen > c.settings.temporaryYearlyCapFen) {
        throw invalid('ASSISTANCE_OVER_YEARLY_CAP', `本户12个月内已获临时救助 ${formatYuan(usedFen)} 元，加上本次 ${formatYuan(amountFen)} 元超过年度累计上限 ${formatYuan(c.settings.temporaryYearlyCapFen)} 元`);
      }
      const account = await c.trx.selectFrom('assistance.payee_accounts').select('case_id').where('case_id', '=', c.row.id).executeTakeFirst();
      if (!account) throw invalid('ASSISTANCE_BANK_ACCOUNT_REQUIRED', '按一般程序批准的临时救助经银行代发，案件须有收款银行账户');
    } else {
      amountFen = MONTHLY_CASH.includes(c.row.programme) ? v.amountFen : 0;
      if (input.amountFen !== undefined && input.amountFen !== amountFen) {
        throw invalid('ASSISTANCE_AMOUNT_MISMATCH', `该项目金额由政策规则计算：核对报告 ${v.id} 的月救助金额为 ${formatYuan(amountFen)} 元`);
      }
    }
    // Paid from this month, unless this month's run is already done (it is final): then from the next.
    const thisMonth = monthOf(c.today);
    const ran = await c.trx.selectFrom('assistance.payment_runs').select('id').where('district_code', '=', c.row.district_code).where('month', '=', thisMonth).where('status', '=', 'completed').executeTakeFirst();
    const paymentFrom = ran ? addMonths(thisMonth, 1) : thisMonth;
    const payload = { amountFen, paymentFrom, nextReviewOn: nextReviewOn(c), verificationId: v.id };
    return { reason: input.note?.trim() || null, payload, event: ACTION_EVENT(c, 'assistance.case.approved', { amountFen, paymentFrom }) };
  });
}

/** 不予批准: the reasons go into the notice, with the applicant's appeal rights. */
export function rejectCase(deps: AssistanceDeps, actor: Actor, caseId: number, input: { reasons: string[] }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'reject', (c) => {
    const reasons = (input.reasons ?? []).map((r) => r.trim()).filter(Boolean);
    if (reasons.length === 0) throw invalid('ASSISTANCE_REASON_REQUIRED', '不予批准须写明理由');
    return { reason: reasons.join('；'), payload: { reasons, verificationId: c.state.lastVerification?.id ?? null }, event: ACTION_EVENT(c, 'assistance.case.rejected', { reasons }) };
  });
}

export const suspendCase = (deps: AssistanceDeps, actor: Actor, caseId: number, input: { reason: string }): Promise<CaseDetail> =>
  act(deps, actor, caseId, 'suspend', (c) => ({ reason: requireReason(input.reason, '暂停发放'), payload: { month: monthOf(c.today) } }));

/** 恢复发放 after a suspension: only on a verification made after it that finds the household eligible. */
/**
 * With `backPayFrom` the resumption is backdated: the months from then that were withheld or not paid are
 * paid back once with the next payment (补发, adjustments.ts), each month's amount the engine's for that month.
 */
export async function resumeCase(deps: AssistanceDeps, actor: Actor, caseId: number, input: { note?: string; backPayFrom?: Month } = {}): Promise<CaseDetail> {
  const backPay = await backPayOnResume(deps, caseId, input.backPayFrom);
  return act(deps, actor, caseId, 'resume', async (c) => {
    const v = requireFreshVerification(c, true);
    const backPaid = backPay ? await backPay(c) : {};
    return { reason: input.note?.trim() || null, payload: { verificationId: v.id, ...backPaid } };
  });
}

/** 定期复核: needs a verification since the last approval or review; a household no longer eligible is stopped instead. */
export function recordReview(deps: AssistanceDeps, actor: Actor, caseId: number, input: { findings: string }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'record_review', (c) => {
    const v = requireFreshVerification(c, true);
    return { reason: requireReason(input.findings, '复核情况'), payload: { verificationId: v.id, nextReviewOn: nextReviewOn(c) } };
  });
}

/** 终止救助 from `effectiveMonth` (default next month). Months already paid from then on are reported for recovery. */
export function stopCase(deps: AssistanceDeps, actor: Actor, caseId: number, input: { reason: string; effectiveMonth?: Month }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'stop', async (c) => {
    const effectiveMonth = input.effectiveMonth ?? addMonths(monthOf(c.today), 1);
    if (!isValidMonth(effectiveMonth) || (c.state.paymentFrom !== null && effectiveMonth < c.state.paymentFrom)) {
      throw invalid('ASSISTANCE_INVALID_MONTH', `终止月份须为有效月份且不早于开始发放月份 ${c.state.paymentFrom ?? ''}`);
    }
    const overpaid = await overpaidSince(c, effectiveMonth);
    const reason = requireReason(input.reason, '终止救助');
    await overpaymentOnStop(c, c.row.id, c.row.version + 1, overpaid.overpaidMonths);
    return { reason, payload: { effectiveMonth, ...overpaid }, event: ACTION_EVENT(c, 'assistance.case.stopped', { effectiveMonth, reason }) };
  });
}

/** Payments already made for months the case should not have been paid (recovery, 追回). */
export async function overpaidSince(c: Pick<ActContext, 'trx' | 'row'>, month: Month): Promise<{ overpaidMonths: Month[]; overpaidFen: Fen }> {
  const rows = await c.trx.selectFrom('assistance.payments').select(['month', 'amount_fen']).where('case_id', '=', c.row.id).where('month', '>=', month).where('status', '=', 'paid').orderBy('month').execute();
  return { overpaidMonths: rows.map((r) => r.month), overpaidFen: rows.reduce((n, r) => n + r.amount_fen, 0) };
}
