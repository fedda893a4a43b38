/** Reading the payment ledger: a district's runs, one case's payments. */
import type { Actor } from '../access/index.js';
import { normaliseDivisionCode, notFound, type Fen, type Month } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead } from './guard.js';
import { summaryOf, type RunSummary } from './payments.js';

export async function listRuns(deps: AssistanceDeps, actor: Actor, districtCode: string): Promise<RunSummary[]> {
  const db = tables(deps);
  const district = normaliseDivisionCode(districtCode) ?? districtCode;
  await allowRead(db, actor, { permission: 'assistance.pay', action: 'assistance.payments.runs', divisionCodes: [district] });
  const rows = await db.selectFrom('assistance.payment_runs').selectAll().where('district_code', '=', district).orderBy('month', 'desc').limit(120).execute();
  return rows.map((r) => summaryOf(r, 0));
}

export interface PaymentView {
  month: Month;
  caseId: number;
  runId: number;
  amountFen: Fen;
  status: 'paid' | 'withheld';
  standardFen: Fen | null;
  ruleVersion: string;
  note: string | null;
}

/** A case's payments, oldest first (the ledger for one recipient). */
export async function casePayments(deps: AssistanceDeps, actor: Actor, caseId: number): Promise<PaymentView[]> {
  const db = tables(deps);
  const row = await db.selectFrom('assistance.cases').select(['street_code', 'division_code']).where('id', '=', caseId).executeTakeFirst();
  const request = { permission: 'assistance.read' as const, action: 'assistance.case.payments', entityType: 'assistance_case', entityId: caseId };
  await allowRead(db, actor, row ? { ...request, divisionCodes: [row.street_code, row.division_code] } : request);
  if (!row) throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
  const rows = await db.selectFrom('assistance.payments').selectAll().where('case_id', '=', caseId).orderBy('month').execute();
  return rows.map((p) => ({ month: p.month, caseId: p.case_id, runId: p.run_id, amountFen: p.amount_fen, status: p.status, standardFen: p.standard_fen, ruleVersion: p.rule_version, note: p.note }));
}
