/**
 * 数据交换: one department batch, received as a workflow of idempotent steps so that a re-sent batch
 * changes nothing and an interrupted one finishes when it is sent again:
 *   1. claim (source, batch id) — a finished batch returns its first receipt; other content is refused;
 *   2. read and check every row — a bad row is reported (line, field, Chinese message), the others go on;
 *   3. person changes through the registry's bulk calls (death, move, disability, end of wage) — each idempotent;
 *   4. the rows' facts as one registry batch — idempotent by its batch id;
 *   5. the ledger of every row (accepted and rejected) — keyed by (source, batch, line);
 *   6. the households the rows touched, re-evaluated at once (warnings, leads, grants);
 *   7. the batch marked done with its counts.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { copyValue } from '../db/index.js';
import { recordJob } from '../jobs/index.js';
import { conflict, invalid } from '../kernel/index.js';
import { tables, today, type MonitoringDeps } from './deps.js';
import { evaluateTriggers, type Trigger } from './evaluate.js';
import { rowEffects } from './exchange-map.js';
import { parseExchangeFile, type ExchangeFormat } from './exchange-parse.js';
import { checkRow, SOURCES, type ExchangeRow, type Source } from './exchange-rows.js';
import { allowRead, auditSystem, emitEvents } from './guard.js';
import { applyChanges } from './ingest-changes.js';
import { INGEST_STEPS, receiptOf, resolveSubjects, type BatchReceipt } from './ingest-ledger.js';
import type { RowError } from './model.js';
import type { IndexedPerson } from './person-index.js';

export type { BatchReceipt };

export interface BatchInput {
  source: string;
  batchId: string;
  format: ExchangeFormat;
  content: string;
}

const CHUNK = 1000;
const LEDGER_COPY = 'copy monitoring.exchange_rows (source, batch_id, row_no, accepted, row_type, person_id, household_id, occurred_on, amount_fen, detail, errors) from stdin';

async function stepDone(deps: MonitoringDeps, source: Source, batchId: string, steps: number, counts: { row_count?: number; rejected_count?: number; accepted_count?: number } = {}): Promise<void> {
  await tables(deps)
    .updateTable('monitoring.exchange_batches')
    .set({ steps_done: steps, ...counts })
    .where('source', '=', source)
    .where('batch_id', '=', batchId)
    .where('status', '=', 'receiving')
    .execute();
}

export const registryBatchId = (source: string, batchId: string) => `exchange:${source}:${batchId}`;

async function claimBatch(deps: MonitoringDeps, input: BatchInput & { source: Source }, sha: string, actor: Actor | null): Promise<'new' | 'resume' | 'done'> {
  const db = tables(deps);
  const existing = await db.selectFrom('monitoring.exchange_batches').select(['status', 'content_sha256']).where('source', '=', input.source).where('batch_id', '=', input.batchId).executeTakeFirst();
  if (existing) {
    if (existing.content_sha256 !== sha) throw conflict('MONITORING_BATCH_CONTENT_MISMATCH', `批次 ${input.batchId} 已收到过，但内容与本次不同；修正后的数据请使用新的批次号`);
    return existing.status === 'done' ? 'done' : 'resume';
  }
  const inserted = await db
    .insertInto('monitoring.exchange_batches')
    .values({ source: input.source, batch_id: input.batchId, format: input.format, status: 'receiving', content_sha256: sha, received_by: actor?.userId ?? null, finished_at: null })
    .onConflict((oc) => oc.doNothing())
    .returning('batch_id')
    .executeTakeFirst();
  if (!inserted) throw conflict('MONITORING_BATCH_IN_PROGRESS', '该批次正在由另一请求接收，请稍后重试');
  return 'new';
}

/** The last wage the department sent for each person before this batch: a lower one may push a household under a line. */
async function previousWages(deps: MonitoringDeps, personIds: number[], batchId: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < personIds.length; i += CHUNK) {
    const rows = await tables(deps)
      .selectFrom('monitoring.exchange_rows')
      .select(['person_id', 'amount_fen', 'occurred_on'])
      .where('accepted', '=', true)
      .where('row_type', '=', 'wage')
      .where('batch_id', '<>', batchId)
      .where('person_id', 'in', personIds.slice(i, i + CHUNK))
      .orderBy('occurred_on')
      .execute();
    for (const r of rows) if (r.person_id !== null && r.amount_fen !== null) out.set(r.person_id, r.amount_fen);
  }
  return out;
}

export async function ingestBatch(deps: MonitoringDeps, input: BatchInput, actor: Actor | null): Promise<BatchReceipt> {
  if (!(input.source in SOURCES)) throw invalid('MONITORING_UNKNOWN_SOURCE', `未知的数据来源：${input.source}（可用：${Object.keys(SOURCES).join('、')}）`);
  const source = input.source as Source;
  const batchId = (input.batchId ?? '').trim();
  if (!/^[\w.:-]{1,100}$/.test(batchId)) throw invalid('MONITORING_INVALID_BATCH_ID', '批次号须为1–100位字母、数字或 _ . : -');
  const db = tables(deps);
  if (actor)
    await allowRead(db, actor, { permission: 'monitoring.exchange', action: 'monitoring.exchange.ingest', entityType: 'exchange_batch', entityId: `${source}:${batchId}`, detail: { format: input.format, bytes: input.content.length } });
  const sha = createHash('sha256').update(input.content).digest('hex');
  const claimed = await claimBatch(deps, { ...input, source, batchId }, sha, actor);
  // Listed in 任务中心 as soon as the batch is accepted: the rest of this request may run for minutes.
  if (actor) {
    const path = `/api/v1/monitoring/exchange/${source}/batches/${encodeURIComponent(batchId)}`;
    await recordJob(deps.db, actor, { kind: 'import', moduleJobId: `${source}:${batchId}`, title: `数据导入 ${SOURCES[source].name} · 批次 ${batchId}`, ref: { source, batchId }, statusPath: path });
  }
  if (claimed === 'done') return receiptOf(deps, source, batchId, true);

  const parsed = parseExchangeFile(input.content, input.format);
  const errors: RowError[] = [...parsed.errors];
  const checked: ExchangeRow[] = [];
  const day = today(deps);
  for (const { row, record } of parsed.rows) {
    const result = checkRow(source, row, record, day);
    if ('errors' in result) errors.push(...result.errors);
    else checked.push(result.row);
  }
  const { accepted: resolved, errors: subjectErrors, persons: before } = await resolveSubjects(deps, checked, registryBatchId(source, batchId));
  errors.push(...subjectErrors);
  await stepDone(deps, source, batchId, 1, { row_count: parsed.count, rejected_count: new Set(errors.map((e) => e.row)).size, accepted_count: resolved.length });

  const outcomes = await applyChanges(deps, source, batchId, registryBatchId(source, batchId), resolved);
  const accepted: { row: ExchangeRow; personId: number }[] = [];
  let personChanges = 0;
  for (const item of resolved) {
    const outcome = outcomes.get(item.row);
    if (typeof outcome === 'object') {
      errors.push(outcome);
      continue;
    }
    if (outcome === 'recorded') personChanges++;
    accepted.push(item);
  }
  await stepDone(deps, source, batchId, 2);
  const facts = accepted.flatMap((a) => rowEffects(a.row, a.personId).facts);
  const receipt = await deps.registry.recordFacts({ batchId: registryBatchId(source, batchId), source: SOURCES[source].name, facts });
  await stepDone(deps, source, batchId, 3);
  const wages = await previousWages(deps, [...new Set(accepted.filter((a) => a.row.type === 'wage').map((a) => a.personId))], batchId);
  const triggers = accepted.map(({ row, personId }): Trigger => {
    const person: IndexedPerson | undefined = before.get(personId);
    const previousWage = wages.get(personId);
    return {
      type: row.type,
      personId,
      householdId: person?.householdId ?? null,
      occurredOn: row.occurredOn,
      amountFen: row.amountFen,
      values: row.values,
      origin: { kind: 'row', source, batchId, row: row.row },
      incomeDrop: row.type === 'wage' && previousWage !== undefined && (row.amountFen ?? 0) < previousWage,
      previousGrade: person?.disabilityGrade ?? null,
    };
  });
  const changed = indexChanges(triggers);
  await writeLedger(deps, source, batchId, triggers, errors, changed);
  await stepDone(deps, source, batchId, 4);
  // The index as writeLedger just left it, without reading every person of the batch back.
  const after = new Map(before);
  for (const [id, change] of changed) {
    const person = after.get(id);
    if (person) after.set(id, { ...person, ...change });
  }
  const evaluation = await evaluateTriggers(deps, triggers, after);

  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('monitoring.exchange_batches')
      .set({
        status: 'done',
        finished_at: deps.clock.now(),
        row_count: parsed.count,
        accepted_count: accepted.length,
        rejected_count: new Set(errors.map((e) => e.row)).size,
        facts_recorded: receipt.recorded,
        person_changes: personChanges,
        warnings_raised: evaluation.warnings.length,
        leads_found: evaluation.leads.length,
        grants_made: evaluation.grants.length,
        steps_done: INGEST_STEPS.length,
      })
      .where('source', '=', source)
      .where('batch_id', '=', batchId)
      .execute();
    if (!actor) await auditSystem(trx, 'monitoring.exchange.ingest', 'exchange_batch', `${source}:${batchId}`, { accepted: accepted.length, rejected: errors.length, warnings: evaluation.warnings });
  });
  if (claimed === 'resume') return receiptOf(deps, source, batchId, false);
  // The receipt a replay will read back from the ledger: errors in line order, each line's in the order found.
  const sorted = errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.row - b.e.row || a.i - b.i)
    .map(({ e }) => e);
  return {
    source,
    batchId,
    replayed: false,
    status: 'done',
    rows: parsed.count,
    accepted: accepted.length,
    rejected: new Set(errors.map((e) => e.row)).size,
    factsRecorded: receipt.recorded,
    personChanges,
    warningsRaised: evaluation.warnings.length,
    leadsFound: evaluation.leads.length,
    grantsMade: evaluation.grants.length,
    errors: sorted,
    stepsDone: INGEST_STEPS.length,
    stepsTotal: INGEST_STEPS.length,
    currentStep: null,
  };
}

type IndexChange = Partial<Pick<IndexedPerson, 'deathDate' | 'disabilityGrade' | 'residenceDivision'>>;

/** What the rows change in monitoring's person index right away (the registry's events would, later), per person in row order. */
function indexChanges(triggers: readonly Trigger[]): Map<number, IndexChange> {
  const out = new Map<number, IndexChange>();
  for (const t of triggers) {
    if (t.personId === null) continue;
    let change: IndexChange | null = null;
    if (t.type === 'death') change = { deathDate: t.occurredOn };
    if (t.type === 'disability_certificate') change = { disabilityGrade: Number(t.values.grade) };
    if (t.type === 'moved' && String(t.values.toDivision).startsWith('31')) change = { residenceDivision: String(t.values.toDivision) };
    if (change) out.set(t.personId, { ...out.get(t.personId), ...change });
  }
  return out;
}

/** Step 5, with the registry's changes the rules read next (the read model follows the events anyway). */
async function writeLedger(deps: MonitoringDeps, source: Source, batchId: string, triggers: readonly Trigger[], errors: readonly RowError[], changed: ReadonlyMap<number, IndexChange>): Promise<void> {
  const byRow = new Map<number, RowError[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  const rows = [
    ...triggers.map((t) => ({
      source,
      batch_id: batchId,
      row_no: t.origin.kind === 'row' ? t.origin.row : 0,
      accepted: true,
      row_type: t.type,
      person_id: t.personId,
      household_id: t.householdId,
      occurred_on: t.occurredOn,
      amount_fen: t.amountFen,
      detail: JSON.stringify(t.values),
      errors: null,
    })),
    ...[...byRow].map(([row, list]) => ({ source, batch_id: batchId, row_no: row, accepted: false, row_type: null, person_id: null, household_id: null, occurred_on: null, amount_fen: null, detail: null, errors: JSON.stringify(list) })),
  ];
  const resumed = await tables(deps).selectFrom('monitoring.exchange_rows').select('row_no').where('source', '=', source).where('batch_id', '=', batchId).limit(1).executeTakeFirst();
  if (!resumed) {
    // A first delivery streams its ledger with COPY; a resumed one inserts what is missing.
    const cell = (v: string | number | boolean | null) => copyValue(typeof v === 'boolean' ? (v ? 't' : 'f') : v);
    await deps.db.copyFrom(
      LEDGER_COPY,
      rows.map((r) => `${[r.source, r.batch_id, r.row_no, r.accepted, r.row_type, r.person_id, r.household_id, r.occurred_on, r.amount_fen, r.detail, r.errors].map(cell).join('\t')}\n`),
    );
  }
  await tables(deps)
    .transaction()
    .execute(async (trx) => {
      if (resumed)
        for (let i = 0; i < rows.length; i += CHUNK)
          await trx
            .insertInto('monitoring.exchange_rows')
            .values(rows.slice(i, i + CHUNK))
            .onConflict((oc) => oc.doNothing())
            .execute();
      const updates = [...changed].map(([id, c]) => ({ person_id: id, death_date: c.deathDate ?? null, disability_grade: c.disabilityGrade ?? null, residence_division: c.residenceDivision ?? null }));
      for (let i = 0; i < updates.length; i += CHUNK) {
        // A column the rows did not speak of keeps its value.
        await sql`update monitoring.persons as p
        set death_date = coalesce(x.death_date, p.death_date), disability_grade = coalesce(x.disability_grade, p.disability_grade), residence_division = coalesce(x.residence_division, p.residence_division)
        from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + CHUNK))}::jsonb) as x(person_id bigint, death_date date, disability_grade smallint, residence_division text)
        where p.person_id = x.person_id`.execute(trx);
      }
      const movedOut = triggers.filter((t) => t.personId !== null && t.type === 'moved' && !String(t.values.toDivision).startsWith('31'));
      await emitEvents(
        trx,
        movedOut.map((t) => ({ topic: 'monitoring.person.moved_out', key: String(t.personId), payload: { personId: t.personId, to: t.values.toDivision, movedOn: t.occurredOn, source, batchId } })),
      );
    });
}
