/**
 * The monthly payment run of one district. A workflow of batches, each committed on its own: select cases
 * in payment that have no payment for the month, compute each amount with the engine for that month (so
 * the July standard applies by itself, and new income or a smaller household changes the next payment),
 * insert. The primary key (month, case_id) makes a second insert a no-op, so a re-run, a run resumed after
 * a crash, or two runs at once never pay a case twice. Totals are read from the ledger at the end.
 */
import { sql, type Insertable } from 'kysely';
import type { Actor } from '../access/index.js';
import { retryAfterOutage } from '../db/index.js';
import { invalid, isValidMonth, normaliseDivisionCode, divisionLevel, addMonths, formatYuan, type Fen, type Month } from '../kernel/index.js';
import { recordJob } from '../jobs/index.js';
import { appendAction, loadLog, lockCase } from './case-log.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead, emitEvent, type AssistanceTrx } from './guard.js';
import type { AssistanceDb, AssistanceProgramme, AssistanceTables } from './model.js';
import { deductionFor, openAdjustments, type OpenAdjustments } from './adjustments.js';
import { loadSettings } from './settings.js';
import { amountKernel, batchAmounts, engineParameters, evaluate, registryPolicyInputs, type AmountKernel, type HouseholdFacts, type ParameterTable, type PolicyInputSource } from './ports.js';

export interface RunOptions {
  batchSize?: number;
  /** Where the engine's input comes from; default: the registry (see ports.ts). */
  inputs?: PolicyInputSource;
  /** Called after each committed batch with the payments this call has written so far (progress, tests). */
  afterBatch?: (written: number) => void | Promise<void>;
  /** How long to wait for a lost database before failing the run (default 2 minutes); the run resumes either way on the next call. */
  outageWaitMs?: number;
}

export interface RunSummary {
  runId: number;
  districtCode: string;
  month: Month;
  status: 'running' | 'completed';
  paidCount: number;
  paidTotalFen: Fen;
  withheldCount: number;
  /** Payments written by this call (0 when the run was already complete). */
  writtenNow: number;
  /** Progress: cases with a ledger row of the run, of the run's cases (null until counted). */
  casesDone: number;
  casesTotal: number | null;
}

const PARTITION_LOCK = 7_231_101;

/** Creates the month's partition of the ledger once, whoever gets there first. */
export async function ensurePaymentPartition(db: AssistanceDb, month: Month): Promise<void> {
  if (!isValidMonth(month)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${month}`);
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
    // Through the owner's function: the application's role may not create tables (see migration 002).
    await sql`select assistance.ensure_payment_partition(${month})`.execute(trx);
  });
}

interface DueCase {
  id: number;
  programme: AssistanceProgramme;
  household_id: number;
  beneficiary_person_id: number | null;
  street_code: string;
  amount_fen: Fen | null;
  applicant_person_id: number;
}

async function dueCases(db: AssistanceDb, district: string, month: Month, afterId: number, limit: number): Promise<DueCase[]> {
  return db
    .selectFrom('assistance.cases as c')
    .select(['c.id', 'c.programme', 'c.household_id', 'c.beneficiary_person_id', 'c.street_code', 'c.amount_fen', 'c.applicant_person_id'])
    .where('c.district_code', '=', district)
    .where('c.status', '=', 'in_payment')
    .where('c.programme', 'in', ['dibao', 'destitute', 'temporary'])
    .where('c.payment_from', '<=', month)
    .where((eb) => eb.or([eb('c.payment_until', 'is', null), eb('c.payment_until', '>', month)]))
    .where('c.id', '>', afterId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('assistance.payments as p').select(sql`1`.as('one')).where('p.month', '=', month).whereRef('p.case_id', '=', 'c.id'))))
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** Why the engine withholds a payment, in the engine's own words (only for the rare ineligible case). */
function withheldNote(facts: HouseholdFacts, month: Month, c: DueCase, parameters: ParameterTable): string {
  if (facts.members.length === 0) return '家庭已无在世成员';
  const response = evaluate({ month, household: facts, programmes: [c.programme] }, parameters);
  const result = response.results.find((r) => r.programme === c.programme && (c.programme !== 'destitute' || r.memberId === String(c.beneficiary_person_id)));
  return result ? result.reasons.slice(0, 3).join('；') : '供养对象已不在本户';
}

export async function runPayments(deps: AssistanceDeps, actor: Actor, districtCode: string, month: Month, options: RunOptions = {}): Promise<RunSummary> {
  const district = normaliseDivisionCode(districtCode);
  if (!district || divisionLevel(district) !== 'district') throw invalid('ASSISTANCE_INVALID_DISTRICT', '发放批次须按区进行，请提供区级区划代码');
  if (!isValidMonth(month)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${month}`);
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'assistance.pay', action: 'assistance.payments.run', entityType: 'payment_run', entityId: `${district}:${month}`, divisionCodes: [district] });
  // A lost connection (database restart) costs at most the batch in flight, which rolled back: once the database
  // answers again the run resumes from the ledger, where the primary key keeps any case from being paid twice.
  const tally = { written: 0 };
  return retryAfterOutage(deps.db.kysely, () => payDistrict(deps, actor, district, month, options, tally), { maxWaitMs: options.outageWaitMs ?? 120_000 });
}

async function payDistrict(deps: AssistanceDeps, actor: Actor, district: string, month: Month, options: RunOptions, tally: { written: number }): Promise<RunSummary> {
  const db = tables(deps);
  await ensurePaymentPartition(db, month);
  await db
    .insertInto('assistance.payment_runs')
    .values({ district_code: district, month, status: 'running', started_by: actor.userId })
    .onConflict((oc) => oc.columns(['district_code', 'month']).doNothing())
    .execute();
  const run = await db.selectFrom('assistance.payment_runs').selectAll().where('district_code', '=', district).where('month', '=', month).executeTakeFirstOrThrow();
  await recordJob(deps.db, actor, { kind: 'payment-run', moduleJobId: `${district}:${month}`, title: `救助金发放 ${month}（${district}）`, ref: { district, month }, statusPath: `/api/v1/assistance/payment-runs?districtCode=${district}` });
  if (run.status === 'completed') return summaryOf(run, 0);
  const before = await writtenOf(db, run.id, month);
  await db
    .updateTable('assistance.payment_runs')
    .set({ cases_total: before + (await dueCount(db, district, month)), cases_done: before })
    .where('id', '=', run.id)
    .execute();

  // 2000: one registry read per batch stays index-sized; much larger batches make that read's plan worse.
  const batchSize = options.batchSize ?? 2000;
  const inputSource = options.inputs ?? registryPolicyInputs;
  const parameters = await engineParameters(deps.db);
  const kernel = amountKernel(month, parameters);
  const today = deps.clock.today();
  const deductionPermille = (await loadSettings(db, `${month}-01`)).recoveryDeductionPermille;
  const fetch = async (afterId: number) => {
    const due = await dueCases(db, district, month, afterId, batchSize);
    const monthly = due.filter((c) => c.programme !== 'temporary');
    const inputs = due.length
      ? await inputSource(
          deps.db,
          monthly.map((c) => c.household_id),
          month,
        )
      : [];
    return { due, monthly, inputs };
  };
  // The next batch is read while this one is computed and written (its keyset starts after this one's ids).
  let pending = fetch(0);
  for (;;) {
    const { due, monthly, inputs } = await pending;
    if (due.length === 0) break;
    pending = fetch(due[due.length - 1].id);
    pending.catch(() => undefined);
    const rows = paymentRows(run.id, district, month, due, monthly, inputs, kernel, parameters);
    const carried = withAdjustments(
      rows,
      await openAdjustments(
        db,
        monthly.map((c) => c.id),
      ),
      deductionPermille,
    );
    const byId = new Map(due.map((c) => [c.id, c]));
    tally.written += await db.transaction().execute(async (trx) => {
      const inserted = await insertPayments(trx, rows);
      await settleAdjustments(trx, month, today, inserted, carried);
      for (const p of inserted) {
        const c = byId.get(p.case_id)!;
        if (p.status === 'withheld') await systemAction(trx, c.id, 'suspend', today, `${month} 发放核算不符合条件，暂停发放：${p.note ?? ''}`, { month, runId: run.id });
        else if (c.programme === 'temporary') await systemAction(trx, c.id, 'complete', today, `临时救助 ${formatYuan(c.amount_fen ?? 0)} 元已于 ${month} 发放`, { month, nextMonth: addMonths(month, 1), runId: run.id });
      }
      // Only rows this statement wrote come back, so a re-run or a resumed run announces no payment twice.
      await emitEvent(
        trx,
        inserted.filter((p) => p.status === 'paid').map((p) => paidEvent(byId.get(p.case_id)!, month, Number(p.amount_fen), run.id)),
      );
      return inserted.length;
    });
    await db
      .updateTable('assistance.payment_runs')
      .set({ cases_done: await writtenOf(db, run.id, month) })
      .where('id', '=', run.id)
      .execute();
    await options.afterBatch?.(tally.written);
  }
  const totals = await db
    .selectFrom('assistance.payments')
    .select([sql<number>`count(*) filter (where status = 'paid')`.as('paid_count'), sql<number>`coalesce(sum(amount_fen), 0)`.as('paid_total_fen'), sql<number>`count(*) filter (where status = 'withheld')`.as('withheld_count')])
    .where('month', '=', month)
    .where('run_id', '=', run.id)
    .executeTakeFirstOrThrow();
  const done = await db
    .updateTable('assistance.payment_runs')
    .set({
      status: 'completed',
      completed_at: new Date(),
      paid_count: Number(totals.paid_count),
      paid_total_fen: Number(totals.paid_total_fen),
      withheld_count: Number(totals.withheld_count),
      cases_done: Number(totals.paid_count) + Number(totals.withheld_count),
    })
    .where('id', '=', run.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return summaryOf(done, tally.written);
}

type PaymentRow = Insertable<AssistanceTables['assistance.payments']>;

interface Carried {
  backPayIds: number[];
  backPayFen: Fen;
  deductedFen: Fen;
}

/**
 * 补发 and 追缴 ride on a paid row of the month: the case's unpaid back-pay is added, and of an open overpayment
 * at most `permille` of the month's own amount is deducted (adjustments.ts). The row's note says both.
 */
function withAdjustments(rows: PaymentRow[], open: Map<number, OpenAdjustments>, permille: number): Map<number, Carried> {
  const carried = new Map<number, Carried>();
  for (const row of rows) {
    const adjustments = open.get(row.case_id);
    if (!adjustments || row.status !== 'paid') continue;
    const ownFen = Number(row.amount_fen);
    const backPayFen = adjustments.backPay.reduce((n, l) => n + l.amountFen, 0);
    const deductedFen = deductionFor(ownFen, adjustments.balanceFen, permille);
    if (backPayFen === 0 && deductedFen === 0) continue;
    row.amount_fen = ownFen + backPayFen - deductedFen;
    const parts = [`当月 ${formatYuan(ownFen)} 元`];
    if (backPayFen) parts.push(`补发 ${adjustments.backPay.map((l) => l.month).join('、')} 共 ${formatYuan(backPayFen)} 元`);
    if (deductedFen) parts.push(`抵扣多发 ${formatYuan(deductedFen)} 元`);
    row.note = parts.join('；');
    carried.set(row.case_id, { backPayIds: adjustments.backPay.map((l) => l.id), backPayFen, deductedFen });
  }
  return carried;
}

/** In the batch's transaction, for the rows this statement wrote only: the back-pay is marked paid, the deduction recorded. */
async function settleAdjustments(trx: AssistanceTrx, month: Month, today: string, inserted: { case_id: number }[], carried: Map<number, Carried>): Promise<void> {
  if (carried.size === 0) return;
  for (const { case_id } of inserted) {
    const c = carried.get(Number(case_id));
    if (!c) continue;
    if (c.backPayIds.length) await trx.updateTable('assistance.adjustments').set({ settled_month: month }).where('id', 'in', c.backPayIds).where('settled_month', 'is', null).execute();
    if (c.deductedFen)
      await trx
        .insertInto('assistance.recoveries')
        .values({ case_id: Number(case_id), kind: 'deduction', amount_fen: c.deductedFen, month, on_date: today })
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
}

/** The ledger rows of one batch: the engine's amount for monthly cases, the approved one-off for 临时救助. */
function paymentRows(runId: number, district: string, month: Month, due: DueCase[], monthly: DueCase[], inputs: HouseholdFacts[], kernel: AmountKernel, parameters: ParameterTable): PaymentRow[] {
  const computed = batchAmounts(
    month,
    monthly.map((c, i) => ({ facts: inputs[i], programme: c.programme as 'dibao' | 'destitute', beneficiaryId: String(c.beneficiary_person_id) })),
    kernel,
  );
  const byCase = new Map(monthly.map((c, i) => [c.id, { result: computed.results[i], facts: inputs[i] }]));
  return due.map((c) => {
    const monthlyCase = byCase.get(c.id);
    const result = monthlyCase ? monthlyCase.result : { eligible: true, amountFen: c.amount_fen ?? 0 };
    const paid = result.eligible && result.amountFen > 0;
    return {
      month,
      case_id: c.id,
      run_id: runId,
      district_code: district,
      street_code: c.street_code,
      programme: c.programme,
      household_id: c.household_id,
      amount_fen: paid ? result.amountFen : 0,
      status: paid ? 'paid' : 'withheld',
      standard_fen: computed.standardFen,
      rule_version: monthlyCase ? computed.ruleVersion : 'assistance.temporary',
      note: paid ? null : monthlyCase ? withheldNote(monthlyCase.facts, month, c, parameters) : '批准金额为 0',
    };
  });
}

/**
 * One statement per batch with a column array per field (13 parameters instead of 13 per row); a row
 * already in the ledger is skipped, and only rows written by this statement come back.
 */
async function insertPayments(trx: AssistanceTrx, rows: PaymentRow[]): Promise<{ case_id: number; status: 'paid' | 'withheld'; note: string | null; amount_fen: Fen }[]> {
  if (rows.length === 0) return [];
  const col = <K extends keyof PaymentRow>(k: K) => rows.map((r) => r[k] ?? null);
  const first = rows[0];
  const result = await sql<{ case_id: number; status: 'paid' | 'withheld'; note: string | null; amount_fen: Fen }>`
    insert into assistance.payments (month, case_id, run_id, district_code, street_code, programme, household_id, amount_fen, status, standard_fen, rule_version, note)
    select ${first.month}, t.case_id, ${first.run_id}, ${first.district_code}, t.street_code, t.programme, t.household_id, t.amount_fen, t.status, ${first.standard_fen ?? null}::bigint, t.rule_version, t.note
    from unnest(${col('case_id')}::bigint[], ${col('street_code')}::text[], ${col('programme')}::text[], ${col('household_id')}::bigint[], ${col('amount_fen')}::bigint[],
                ${col('status')}::text[], ${col('rule_version')}::text[], ${col('note')}::text[]) as t(case_id, street_code, programme, household_id, amount_fen, status, rule_version, note)
    on conflict do nothing
    returning case_id, status, note, amount_fen`.execute(trx);
  return result.rows;
}

/** A case's payment of a month, announced once (the residents' inbox tells the applicant). Ids and fen only. */
export const PAYMENT_PAID = 'assistance.payment.paid';

export const paidEvent = (c: Pick<DueCase, 'id' | 'programme' | 'household_id' | 'applicant_person_id' | 'beneficiary_person_id'>, month: Month, amountFen: Fen, runId: number) => ({
  topic: PAYMENT_PAID,
  key: String(c.id),
  payload: { caseId: c.id, programme: c.programme, householdId: c.household_id, applicantPersonId: c.applicant_person_id, beneficiaryPersonId: c.beneficiary_person_id, month, amountFen, runId },
});

async function systemAction(trx: AssistanceTrx, caseId: number, action: 'suspend' | 'complete', onDate: string, reason: string, payload: Record<string, unknown>) {
  const row = await lockCase(trx, caseId);
  if (row?.status !== 'in_payment') return;
  await appendAction(trx, row, await loadLog(trx, caseId), { action, actor: null, onDate, reason, payload });
}

export function summaryOf(
  run: { id: number; district_code: string; month: Month; status: 'running' | 'completed'; paid_count: number | null; paid_total_fen: number | null; withheld_count: number | null; cases_done: number; cases_total: number | null },
  writtenNow: number,
): RunSummary {
  return {
    runId: run.id,
    districtCode: run.district_code,
    month: run.month,
    status: run.status,
    paidCount: run.paid_count ?? 0,
    paidTotalFen: run.paid_total_fen ?? 0,
    withheldCount: run.withheld_count ?? 0,
    writtenNow,
    casesDone: run.cases_done,
    casesTotal: run.cases_total,
  };
}

/** The run's ledger rows so far (a resumed run counts what it wrote before). */
const writtenOf = async (db: AssistanceDb, runId: number, month: Month): Promise<number> =>
  Number((await db.selectFrom('assistance.payments').select(sql<number>`count(*)`.as('n')).where('month', '=', month).where('run_id', '=', runId).executeTakeFirstOrThrow()).n);

async function dueCount(db: AssistanceDb, district: string, month: Month): Promise<number> {
  const row = await db
    .selectFrom('assistance.cases as c')
    .select(sql<number>`count(*)`.as('n'))
    .where('c.district_code', '=', district)
    .where('c.status', '=', 'in_payment')
    .where('c.programme', 'in', ['dibao', 'destitute', 'temporary'])
    .where('c.payment_from', '<=', month)
    .where((eb) => eb.or([eb('c.payment_until', 'is', null), eb('c.payment_until', '>', month)]))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('assistance.payments as p').select(sql`1`.as('one')).where('p.month', '=', month).whereRef('p.case_id', '=', 'c.id'))))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
