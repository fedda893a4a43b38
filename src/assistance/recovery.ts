/**
 * 补发与追缴 on a case (the rules and the arithmetic are in adjustments.ts): the district's retroactive
 * adjustment, the street's record of a repayment, the district's write-off, and the case's ledger with a
 * preview of what an adjustment would write (shown before the click).
 */
import type { Actor } from '../access/index.js';
import { conflict, formatYuan, invalid, isValidDate, notFound, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { ADJUSTMENT_RULE, adjustmentLines, DEDUCTION_RULE, dueByEngine, effectivePaid, lineTotals, reachableMonths, recordLines, type AdjustmentLine } from './adjustments.js';
import { act, requireReason, type ActContext } from './cases.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead } from './guard.js';
import type { AssistanceDb, CaseDetail } from './model.js';
import { loadSettings } from './settings.js';

export interface AdjustmentView {
  month: Month;
  kind: 'back_pay' | 'overpayment';
  amountFen: Fen;
  dueFen: Fen;
  paidFen: Fen;
  actionSeq: number;
  settledMonth: Month | null;
}

export interface RecoveryView {
  kind: 'deduction' | 'repayment' | 'write_off';
  amountFen: Fen;
  month: Month | null;
  receiptNo: string | null;
  onDate: IsoDate;
  actionSeq: number | null;
}

export interface AdjustmentLedger {
  caseId: number;
  applicantName: string;
  lines: AdjustmentView[];
  recoveries: RecoveryView[];
  backPayFen: Fen;
  backPayPaidFen: Fen;
  overpaidFen: Fen;
  deductedFen: Fen;
  repaidFen: Fen;
  writtenOffFen: Fen;
  balanceFen: Fen;
  deductionPermille: number;
  rule: string;
  deductionRule: string;
  /** When asked with `fromMonth`: what an adjustment from that month would write now (nothing is written). */
  preview: { fromMonth: Month; lines: AdjustmentLine[] } | null;
}

async function readCase(db: AssistanceDb, actor: Actor, caseId: number, action: string, purpose?: string) {
  const row = await db.selectFrom('assistance.cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  const request = { permission: 'assistance.read' as const, action, entityType: 'assistance_case', entityId: caseId, purpose };
  await allowRead(db, actor, row ? { ...request, divisionCodes: [row.street_code, row.division_code] } : request);
  if (!row) throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
  return row;
}

/** The case's 补发/追缴 ledger; with `fromMonth`, also the lines an adjustment from that month would write. */
export async function caseAdjustments(deps: AssistanceDeps, actor: Actor, caseId: number, query: { fromMonth?: Month } = {}, audit = 'assistance.case.adjustments'): Promise<AdjustmentLedger> {
  const db = tables(deps);
  const row = await readCase(db, actor, caseId, audit);
  const today = deps.clock.today();
  let preview: AdjustmentLedger['preview'] = null;
  if (query.fromMonth !== undefined) {
    const months = await reachableMonths(db, row, query.fromMonth, today);
    const due = await dueByEngine(deps, row, months);
    const stoppedFrom = row.status === 'stopped' ? row.payment_until : null;
    const paid = await effectivePaid(db, caseId, months);
    preview = { fromMonth: query.fromMonth, lines: adjustmentLines(months.map((m) => ({ month: m, dueFen: stoppedFrom !== null && m >= stoppedFrom ? 0 : (due.get(m) ?? 0), paidFen: paid.get(m) ?? 0 }))) };
  }
  const lines = await db.selectFrom('assistance.adjustments').selectAll().where('case_id', '=', caseId).orderBy('month').orderBy('id').execute();
  const recoveries = await db.selectFrom('assistance.recoveries').selectAll().where('case_id', '=', caseId).orderBy('on_date').orderBy('id').execute();
  const sum = <T extends { amount_fen: Fen }>(rows: T[], keep: (r: T) => boolean) => rows.filter(keep).reduce((n, r) => n + Number(r.amount_fen), 0);
  const overpaidFen = sum(lines, (l) => l.kind === 'overpayment');
  const deductedFen = sum(recoveries, (r) => r.kind === 'deduction');
  const repaidFen = sum(recoveries, (r) => r.kind === 'repayment');
  const writtenOffFen = sum(recoveries, (r) => r.kind === 'write_off');
  const settings = await loadSettings(db, today);
  return {
    caseId,
    applicantName: row.applicant_name,
    lines: lines.map((l) => ({ month: l.month, kind: l.kind, amountFen: Number(l.amount_fen), dueFen: Number(l.due_fen), paidFen: Number(l.paid_fen), actionSeq: l.action_seq, settledMonth: l.settled_month })),
    recoveries: recoveries.map((r) => ({ kind: r.kind, amountFen: Number(r.amount_fen), month: r.month, receiptNo: r.receipt_no, onDate: r.on_date, actionSeq: r.action_seq })),
    backPayFen: sum(lines, (l) => l.kind === 'back_pay'),
    backPayPaidFen: sum(lines, (l) => l.kind === 'back_pay' && l.settled_month !== null),
    overpaidFen,
    deductedFen,
    repaidFen,
    writtenOffFen,
    balanceFen: overpaidFen - deductedFen - repaidFen - writtenOffFen,
    deductionPermille: settings.recoveryDeductionPermille,
    rule: ADJUSTMENT_RULE,
    deductionRule: DEDUCTION_RULE(settings.recoveryDeductionPermille),
    preview,
  };
}

/** The months a case's adjustment reaches and what the engine finds due in each (read before the case is locked). */
async function dueFrom(deps: AssistanceDeps, caseId: number, fromMonth: Month) {
  const db = tables(deps);
  const row = await db.selectFrom('assistance.cases').select(['id', 'district_code', 'payment_from', 'payment_until', 'status', 'household_id', 'programme', 'beneficiary_person_id']).where('id', '=', caseId).executeTakeFirst();
  if (!row) return null;
  const months = await reachableMonths(db, row, fromMonth, deps.clock.today());
  return dueByEngine(deps, row, months);
}

/** Stopped from a month on: nothing is due from then (a stop found late makes every paid month after it an overpayment). */
const afterStop = (c: ActContext, due: Map<Month, Fen>): Map<Month, Fen> => {
  const until = c.state.status === 'stopped' ? c.state.paymentUntil : null;
  return new Map([...due].map(([m, fen]) => [m, until !== null && m >= until ? 0 : fen]));
};

/**
 * 追溯调整 (district): from `fromMonth`, each month's engine amount (the facts of that month, corrections
 * included) against what was in effect paid. Nothing new to write is a 409 and nothing is recorded.
 */
export async function adjustPayments(deps: AssistanceDeps, actor: Actor, caseId: number, input: { fromMonth: Month; reason: string }): Promise<CaseDetail> {
  const due = await dueFrom(deps, caseId, input.fromMonth);
  return act(deps, actor, caseId, 'adjust_payments', async (c) => {
    const reason = requireReason(input.reason, '追溯调整');
    if (!due) throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
    const lines = await recordLines(c.trx, c.row.id, c.row.version + 1, afterStop(c, due));
    if (lines.length === 0) throw conflict('ASSISTANCE_NOTHING_TO_ADJUST', `自 ${input.fromMonth} 起逐月复算的应发金额与实际已发金额一致，无需补发或追缴`);
    const totals = lineTotals(lines);
    return {
      reason,
      payload: { fromMonth: input.fromMonth, ...totals, rule: ADJUSTMENT_RULE },
      event: {
        topic: 'assistance.case.adjusted',
        key: String(c.row.id),
        payload: { caseId: c.row.id, programme: c.row.programme, householdId: c.row.household_id, fromMonth: input.fromMonth, backPayFen: totals.backPayFen, overpaidFen: totals.overpaidFen },
      },
    };
  });
}

/** 恢复发放 backdated: the months from `backPayFrom` the suspension withheld are paid back once (the resume action records them). */
export async function backPayOnResume(deps: AssistanceDeps, caseId: number, backPayFrom: Month | undefined): Promise<((c: ActContext) => Promise<Record<string, unknown>>) | null> {
  if (backPayFrom === undefined) return null;
  const due = await dueFrom(deps, caseId, backPayFrom);
  return async (c) => {
    if (!due) return {};
    const lines = await recordLines(c.trx, c.row.id, c.row.version + 1, due);
    return { backPayFrom, ...lineTotals(lines) };
  };
}

/** 多发 found by a stop (a caseworker's, or a death's): the months paid from the effective month on, due 0. */
export async function overpaymentOnStop(c: Pick<ActContext, 'trx'>, caseId: number, actionSeq: number, overpaidMonths: readonly Month[]): Promise<void> {
  if (overpaidMonths.length === 0) return;
  await recordLines(c.trx, caseId, actionSeq, new Map(overpaidMonths.map((m) => [m, 0])));
}

async function balanceOf(c: ActContext): Promise<Fen> {
  const over = await c.trx.selectFrom('assistance.adjustments').select(['amount_fen']).where('case_id', '=', c.row.id).where('kind', '=', 'overpayment').execute();
  const back = await c.trx.selectFrom('assistance.recoveries').select(['amount_fen']).where('case_id', '=', c.row.id).execute();
  return over.reduce((n, r) => n + Number(r.amount_fen), 0) - back.reduce((n, r) => n + Number(r.amount_fen), 0);
}

function assertWithinBalance(amountFen: Fen, balanceFen: Fen, what: string): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw invalid('ASSISTANCE_INVALID_AMOUNT', `${what}金额须为正整数（分）`);
  if (balanceFen <= 0) throw conflict('ASSISTANCE_NOTHING_TO_RECOVER', '本案件没有待追回的多发救助金');
  if (amountFen > balanceFen) throw invalid('ASSISTANCE_OVER_BALANCE', `${what}金额 ${formatYuan(amountFen)} 元超过待追回余额 ${formatYuan(balanceFen)} 元`);
}

/** 退回 (street): the recipient paid back, on a receipt; one record per receipt (a second one is refused, nothing changed). */
export function recordRepayment(deps: AssistanceDeps, actor: Actor, caseId: number, input: { amountFen: Fen; receiptNo: string; paidOn?: IsoDate; note?: string }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'record_repayment', async (c) => {
    const receiptNo = (input.receiptNo ?? '').trim();
    if (!/^[0-9A-Za-z-]{4,40}$/.test(receiptNo)) throw invalid('ASSISTANCE_INVALID_RECEIPT', '收据编号须为 4–40 位字母、数字或连字符');
    const paidOn = input.paidOn ?? c.today;
    if (!isValidDate(paidOn) || paidOn > c.today) throw invalid('ASSISTANCE_INVALID_DATE', '退回日期须为有效日期且不晚于今天');
    const seen = await c.trx.selectFrom('assistance.recoveries').select('amount_fen').where('case_id', '=', c.row.id).where('kind', '=', 'repayment').where('receipt_no', '=', receiptNo).executeTakeFirst();
    if (seen) throw conflict('ASSISTANCE_RECEIPT_RECORDED', `收据 ${receiptNo} 已登记（${formatYuan(Number(seen.amount_fen))} 元），不能重复登记`);
    assertWithinBalance(input.amountFen, await balanceOf(c), '退回');
    await c.trx
      .insertInto('assistance.recoveries')
      .values({ case_id: c.row.id, kind: 'repayment', amount_fen: input.amountFen, receipt_no: receiptNo, on_date: paidOn, action_seq: c.row.version + 1 })
      .execute();
    return { reason: input.note?.trim() || `退回多发救助金 ${formatYuan(input.amountFen)} 元（收据 ${receiptNo}）`, payload: { amountFen: input.amountFen, receiptNo, paidOn } };
  });
}

/** 核销 (district, not whoever accepted the case): an overpayment that can not be recovered, with the reason. */
export function writeOffOverpayment(deps: AssistanceDeps, actor: Actor, caseId: number, input: { amountFen: Fen; reason: string }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'write_off', async (c) => {
    const reason = requireReason(input.reason, '核销');
    assertWithinBalance(input.amountFen, await balanceOf(c), '核销');
    await c.trx
      .insertInto('assistance.recoveries')
      .values({ case_id: c.row.id, kind: 'write_off', amount_fen: input.amountFen, on_date: c.today, action_seq: c.row.version + 1 })
      .execute();
    return { reason, payload: { amountFen: input.amountFen } };
  });
}
