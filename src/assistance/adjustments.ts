/**
 * 补发与追缴: a decision changed after months were paid (a resume backdated to the suspension, facts corrected
 * from an earlier month, a stop found late). Month by month, what was due is compared with what was in effect
 * paid; the difference is a back-pay line (补发) or an overpayment line (多发, to recover), in integer fen, each
 * with the rule. Lines already written count as paid, so a retry finds nothing new (idempotent by construction).
 *
 * Back-pay is carried by the case's next monthly payment; an overpayment is recovered by deduction from later
 * payments (at most `recovery.deductionPermille` of each), by a repayment record (one per receipt), or written
 * off by the district. The ledger per case: due, paid, back-paid, overpaid, recovered, written off, balance.
 */
import { addMonths, invalid, isValidMonth, monthOf, type Fen, type Month } from '../kernel/index.js';
import type { AssistanceDeps } from './deps.js';
import type { AssistanceTrx } from './guard.js';
import type { AssistanceDb, AssistanceProgramme } from './model.js';
import { amountKernel, batchAmounts, engineParameters, policyInput } from './ports.js';

/** The platform's rule, shown before the click and stored with every line. The legal texts' article numbers are not verified. */
export const ADJUSTMENT_RULE =
  '救助金按月计发。决定追溯变更的，自变更生效的月份起逐月计算：该月应发金额（按当月的政策参数和家庭当月的事实计算；终止或死亡后的月份为 0）与该月实际已发金额之差，' +
  '应发多于已发的，差额随下月救助金补发；已发多于应发的，差额为多发救助金，应予追回（从以后各月救助金中按比例抵扣、由本人退回，或经区民政局审批核销）。依据《上海市社会救助条例》《社会救助暂行办法》，条文序号未核实。';

export const DEDUCTION_RULE = (permille: number) => `多发救助金从以后各月发放中抵扣，每月抵扣不超过当月应发金额的 ${permille / 10}%（配置项，未核实），直至追回为止。`;

export type AdjustmentKind = 'back_pay' | 'overpayment';

export interface MonthComparison {
  month: Month;
  dueFen: Fen;
  paidFen: Fen;
}

export interface AdjustmentLine extends MonthComparison {
  kind: AdjustmentKind;
  amountFen: Fen;
}

/** Pure: one line per month whose due and paid amounts differ. */
export function adjustmentLines(months: readonly MonthComparison[]): AdjustmentLine[] {
  return months.flatMap((m) => {
    const difference = m.dueFen - m.paidFen;
    if (difference === 0) return [];
    return [{ ...m, kind: difference > 0 ? 'back_pay' : 'overpayment', amountFen: Math.abs(difference) } as AdjustmentLine];
  });
}

/** Pure: what a month's payment gives up for an open overpayment: the balance, at most the share of the payment (rounded down to the fen). */
export function deductionFor(paymentFen: Fen, balanceFen: Fen, permille: number): Fen {
  if (balanceFen <= 0 || paymentFen <= 0) return 0;
  return Math.min(balanceFen, Math.floor((paymentFen * permille) / 1000));
}

/** The months from `from` to `until`, both included. */
export function monthsBetween(from: Month, until: Month): Month[] {
  const months: Month[] = [];
  for (let m = from; m <= until; m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * What was in effect paid for each month: the ledger's paid amount, less back-pay it carried for other
 * months, plus what was deducted from it, plus the lines already recorded for the month.
 */
export async function effectivePaid(trx: AssistanceTrx, caseId: number, months: readonly Month[]): Promise<Map<Month, Fen>> {
  const paid = new Map<Month, Fen>(months.map((m) => [m, 0]));
  if (months.length === 0) return paid;
  const add = (month: Month, fen: number) => {
    if (paid.has(month)) paid.set(month, (paid.get(month) ?? 0) + fen);
  };
  const payments = await trx.selectFrom('assistance.payments').select(['month', 'amount_fen']).where('case_id', '=', caseId).where('month', 'in', months).where('status', '=', 'paid').execute();
  for (const p of payments) add(p.month, Number(p.amount_fen));
  const lines = await trx.selectFrom('assistance.adjustments').select(['month', 'kind', 'amount_fen', 'settled_month']).where('case_id', '=', caseId).execute();
  for (const l of lines) {
    add(l.month, l.kind === 'back_pay' ? Number(l.amount_fen) : -Number(l.amount_fen));
    if (l.kind === 'back_pay' && l.settled_month) add(l.settled_month, -Number(l.amount_fen));
  }
  const deductions = await trx.selectFrom('assistance.recoveries').select(['month', 'amount_fen']).where('case_id', '=', caseId).where('kind', '=', 'deduction').execute();
  for (const d of deductions) if (d.month) add(d.month, Number(d.amount_fen));
  return paid;
}

interface CaseForDue {
  household_id: number;
  programme: AssistanceProgramme;
  beneficiary_person_id: number | null;
}

/** What the engine finds due for each month with the household's facts of that month (0 when not eligible). */
export async function dueByEngine(deps: AssistanceDeps, c: CaseForDue, months: readonly Month[]): Promise<Map<Month, Fen>> {
  if (c.programme !== 'dibao' && c.programme !== 'destitute') throw invalid('ASSISTANCE_NO_MONTHLY_PAYMENT', '只有按月发放的救助（低保、特困供养）可以追溯补发或追缴');
  const parameters = await engineParameters(deps.db);
  const due = new Map<Month, Fen>();
  for (const month of months) {
    const facts = await policyInput(deps.db, c.household_id, month);
    const result = batchAmounts(month, [{ facts, programme: c.programme, beneficiaryId: String(c.beneficiary_person_id) }], amountKernel(month, parameters)).results[0];
    due.set(month, result.eligible ? result.amountFen : 0);
  }
  return due;
}

/**
 * The months a retroactive decision reaches: from `from` to the last month already paid out or run for the
 * district (later months are paid by their own run with the decision in force). Validated: 4xx, nothing changed.
 */
export async function reachableMonths(db: AssistanceDb, c: { id: number; district_code: string; payment_from: Month | null }, from: Month, today: string): Promise<Month[]> {
  const thisMonth = monthOf(today);
  if (!isValidMonth(from)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${from}`);
  if (c.payment_from === null || from < c.payment_from) throw invalid('ASSISTANCE_INVALID_MONTH', `追溯月份不能早于开始发放月份 ${c.payment_from ?? '（尚未发放）'}`);
  if (from > thisMonth) throw invalid('ASSISTANCE_INVALID_MONTH', `追溯月份不能晚于本月 ${thisMonth}`);
  const runs = await db.selectFrom('assistance.payment_runs').select('month').where('district_code', '=', c.district_code).where('status', '=', 'completed').where('month', '>=', from).where('month', '<=', thisMonth).execute();
  const paid = await db.selectFrom('assistance.payments').select('month').where('case_id', '=', c.id).where('month', '>=', from).execute();
  const last = [...runs, ...paid]
    .map((r) => r.month)
    .sort()
    .at(-1);
  return last ? monthsBetween(from, last) : [];
}

/** Writes the lines of one case action; returns them (the action's payload repeats their sums). */
export async function recordLines(trx: AssistanceTrx, caseId: number, actionSeq: number, due: Map<Month, Fen>): Promise<AdjustmentLine[]> {
  const months = [...due.keys()].sort();
  const paid = await effectivePaid(trx, caseId, months);
  const lines = adjustmentLines(months.map((month) => ({ month, dueFen: due.get(month) ?? 0, paidFen: paid.get(month) ?? 0 })));
  if (lines.length) {
    await trx
      .insertInto('assistance.adjustments')
      .values(lines.map((l) => ({ case_id: caseId, month: l.month, kind: l.kind, amount_fen: l.amountFen, due_fen: l.dueFen, paid_fen: l.paidFen, action_seq: actionSeq, rule: ADJUSTMENT_RULE })))
      .execute();
  }
  return lines;
}

export const lineTotals = (lines: readonly AdjustmentLine[]) => ({
  backPayFen: lines.filter((l) => l.kind === 'back_pay').reduce((n, l) => n + l.amountFen, 0),
  overpaidFen: lines.filter((l) => l.kind === 'overpayment').reduce((n, l) => n + l.amountFen, 0),
  months: lines.map((l) => l.month),
});

export interface OpenAdjustments {
  /** Back-pay lines not yet carried by a payment. */
  backPay: { id: number; month: Month; amountFen: Fen }[];
  /** Overpaid less recovered and written off. */
  balanceFen: Fen;
}

/** For a payment run's batch: each case's unpaid back-pay and open overpayment balance (cases without either are absent). */
export async function openAdjustments(db: AssistanceDb, caseIds: readonly number[]): Promise<Map<number, OpenAdjustments>> {
  const open = new Map<number, OpenAdjustments>();
  if (caseIds.length === 0) return open;
  const entry = (id: number) => open.get(id) ?? open.set(id, { backPay: [], balanceFen: 0 }).get(id)!;
  const lines = await db.selectFrom('assistance.adjustments').select(['id', 'case_id', 'month', 'kind', 'amount_fen', 'settled_month']).where('case_id', 'in', caseIds).execute();
  for (const l of lines) {
    if (l.kind === 'back_pay' && l.settled_month === null) entry(l.case_id).backPay.push({ id: Number(l.id), month: l.month, amountFen: Number(l.amount_fen) });
    if (l.kind === 'overpayment') entry(l.case_id).balanceFen += Number(l.amount_fen);
  }
  if (open.size === 0) return open;
  const recovered = await db
    .selectFrom('assistance.recoveries')
    .select(['case_id', 'amount_fen'])
    .where('case_id', 'in', [...open.keys()])
    .execute();
  for (const r of recovered) entry(r.case_id).balanceFen -= Number(r.amount_fen);
  return open;
}
