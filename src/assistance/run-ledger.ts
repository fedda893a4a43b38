/**
 * The payment ledger of one run (发放台账): every row the run wrote, paid or withheld, with the recipient's
 * name and the reason of a withholding, read page by page for the Excel export.
 */
import type { Actor } from '../access/index.js';
import { notFound, type Fen, type Month } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead } from './guard.js';
import type { AssistanceProgramme } from './model.js';

export interface RunLedgerRow {
  caseId: number;
  month: Month;
  programme: AssistanceProgramme;
  applicantName: string;
  payeeName: string | null;
  streetCode: string;
  householdId: number;
  amountFen: Fen;
  status: 'paid' | 'withheld';
  standardFen: Fen | null;
  note: string | null;
}

export interface RunLedgerHead {
  id: number;
  districtCode: string;
  month: Month;
  status: 'running' | 'completed';
}

/**
 * The run, checked as the runs list checks its district (assistance.pay), and audited with the purpose. An
 * unknown run is refused for a role without the permission before it is looked up, so no one learns which ids exist.
 */
export async function runLedgerHead(deps: AssistanceDeps, actor: Actor, runId: number, purpose?: string): Promise<RunLedgerHead> {
  const db = tables(deps);
  const run = await db.selectFrom('assistance.payment_runs').select(['id', 'district_code', 'month', 'status']).where('id', '=', runId).executeTakeFirst();
  const request = { permission: 'assistance.pay' as const, action: 'assistance.payments.ledger', entityType: 'payment_run', entityId: runId, purpose };
  if (!run) {
    await allowRead(db, actor, request);
    throw notFound('ASSISTANCE_RUN_NOT_FOUND', `发放批次 ${runId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [run.district_code] });
  return { id: run.id, districtCode: run.district_code, month: run.month, status: run.status };
}

/** One page of the run's rows by case id, after `afterCaseId`. */
export async function runLedgerPage(deps: AssistanceDeps, run: RunLedgerHead, afterCaseId: number | undefined, limit: number): Promise<{ items: RunLedgerRow[]; next: number | null }> {
  let q = tables(deps)
    .selectFrom('assistance.payments as p')
    .innerJoin('assistance.cases as c', 'c.id', 'p.case_id')
    .leftJoin('assistance.payee_accounts as a', 'a.case_id', 'p.case_id')
    .select(['p.case_id', 'p.month', 'p.programme', 'c.applicant_name', 'a.holder_name', 'p.street_code', 'p.household_id', 'p.amount_fen', 'p.status', 'p.standard_fen', 'p.note'])
    // The month narrows the scan to the run's partition.
    .where('p.month', '=', run.month)
    .where('p.run_id', '=', run.id)
    .orderBy('p.case_id')
    .limit(limit + 1);
  if (afterCaseId !== undefined) q = q.where('p.case_id', '>', afterCaseId);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const items = page.map((r) => ({
    caseId: r.case_id,
    month: r.month,
    programme: r.programme as AssistanceProgramme,
    applicantName: r.applicant_name,
    payeeName: r.holder_name,
    streetCode: r.street_code,
    householdId: r.household_id,
    amountFen: r.amount_fen,
    status: r.status,
    standardFen: r.standard_fen,
    note: r.note,
  }));
  return { items, next: rows.length > limit ? page[page.length - 1].case_id : null };
}
