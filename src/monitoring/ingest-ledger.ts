/** Who a row is about, and what a batch's receipt says (read back from the ledger, so a replay says the same). */
import type { Actor } from '../access/index.js';
import { notFound } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import type { ExchangeRow, Source } from './exchange-rows.js';
import { allowRead } from './guard.js';
import type { RowError } from './model.js';
import { ensurePersons, type IndexedPerson } from './person-index.js';

export interface BatchReceipt {
  source: string;
  batchId: string;
  /** True when the batch had been received before: nothing was changed by this delivery. */
  replayed: boolean;
  status: 'receiving' | 'done';
  rows: number;
  accepted: number;
  rejected: number;
  factsRecorded: number;
  personChanges: number;
  warningsRaised: number;
  leadsFound: number;
  grantsMade: number;
  /** Row-level problems: line, field and a Chinese message. */
  errors: RowError[];
  /** Progress while receiving: steps finished of `stepsTotal`, and the one under way (null when done). */
  stepsDone: number;
  stepsTotal: number;
  currentStep: string | null;
}

/** The steps the receipt page shows while a batch is received, in order (exchange_batches.steps_done counts them). */
export const INGEST_STEPS = ['校验数据行', '登记人员变更', '记录事实', '写入台账', '重新评估家庭'] as const;

/**
 * Names each row's person by registry id: `personId` as given when the registry knows it, `idNumber`
 * looked up (one audited registry look-up for all the batch's numbers). Unknown persons are row errors.
 * Also returns the rows' persons as monitoring's index holds them.
 */
export async function resolveSubjects(deps: MonitoringDeps, rows: readonly ExchangeRow[], reference: string): Promise<{ accepted: { row: ExchangeRow; personId: number }[]; errors: RowError[]; persons: Map<number, IndexedPerson> }> {
  const numbers = [...new Set(rows.flatMap((r) => (r.idNumber ? [r.idNumber] : [])))];
  const byNumber = numbers.length ? await deps.registry.resolveIdNumbers(numbers, reference) : new Map<string, number>();
  const ids = rows.map((r) => r.personId ?? (r.idNumber ? byNumber.get(r.idNumber) : null)).filter((id): id is number => typeof id === 'number');
  const known = await ensurePersons(deps, ids, reference);
  const accepted: { row: ExchangeRow; personId: number }[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const personId = row.personId ?? (row.idNumber ? byNumber.get(row.idNumber) : null) ?? null;
    if (personId !== null && known.has(personId)) accepted.push({ row, personId });
    else if (row.idNumber) errors.push({ row: row.row, field: 'idNumber', message: '人口库中没有该身份证号码的人员' });
    else errors.push({ row: row.row, field: 'personId', message: `人口库中没有编号为 ${row.personId} 的人员` });
  }
  return { accepted, errors, persons: known };
}

export async function receiptOf(deps: MonitoringDeps, source: string, batchId: string, replayed: boolean): Promise<BatchReceipt> {
  const db = tables(deps);
  const batch = await db.selectFrom('monitoring.exchange_batches').selectAll().where('source', '=', source).where('batch_id', '=', batchId).executeTakeFirst();
  if (!batch) throw notFound('MONITORING_BATCH_NOT_FOUND', `未收到过来源 ${source} 的批次 ${batchId}`);
  const rejected = await db.selectFrom('monitoring.exchange_rows').select('errors').where('source', '=', source).where('batch_id', '=', batchId).where('accepted', '=', false).orderBy('row_no').execute();
  return {
    source,
    batchId,
    replayed,
    status: batch.status,
    rows: batch.row_count,
    accepted: batch.accepted_count,
    rejected: batch.rejected_count,
    factsRecorded: batch.facts_recorded,
    personChanges: batch.person_changes,
    warningsRaised: batch.warnings_raised,
    leadsFound: batch.leads_found,
    grantsMade: batch.grants_made,
    errors: rejected.flatMap((r) => r.errors ?? []),
    stepsDone: batch.status === 'done' ? INGEST_STEPS.length : batch.steps_done,
    stepsTotal: INGEST_STEPS.length,
    currentStep: batch.status === 'done' ? null : (INGEST_STEPS[batch.steps_done] ?? null),
  };
}

/** The receipt of a batch for the exchange operator (audited). */
export async function getBatchReceipt(deps: MonitoringDeps, actor: Actor, source: Source, batchId: string): Promise<BatchReceipt> {
  await allowRead(tables(deps), actor, { permission: 'monitoring.exchange', action: 'monitoring.exchange.read', entityType: 'exchange_batch', entityId: `${source}:${batchId}` });
  return receiptOf(deps, source, batchId, false);
}
