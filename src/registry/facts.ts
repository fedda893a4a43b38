import { sql, type Selectable } from 'kysely';
import { appendAudit, type AccessRequest, type Actor } from '../access/index.js';
import { conflict, divisionPrefix, invalid, notFound } from '../kernel/index.js';
import { validateFact, type NewFact } from './fact-rules.js';
import { householdReadDivisions } from './household-scope.js';
import { auditable, emitEvent, guardedTransaction, type RegistryTrx } from './guard.js';
import type { FactView, RegistryDb, RegistryTables, SubjectType } from './model.js';
import { isUniqueViolation } from './person-rows.js';
import { sealedOut } from './parent-links.js';

export interface FactBatch {
  /** The sender's id for the batch: sending it again is a no-op. */
  batchId: string;
  /** The department, e.g. 人社局, 公积金中心, 车管所. */
  source: string;
  facts: NewFact[];
}

export interface BatchReceipt {
  batchId: string;
  /** Facts recorded by the batch (by the first delivery, for a replay). */
  recorded: number;
  replayed: boolean;
}

const CHUNK = 1000;
// Above this many subjects the event names none; handlers ask `factSubjectsOfBatch`.
const EVENT_SUBJECT_LIMIT = 1000;

/** The divisions that place a subject in a jurisdiction: hukou and residence, or the household's committee. */
export async function subjectDivisions(trx: RegistryDb, type: SubjectType, id: number): Promise<string[] | null> {
  if (type === 'person') {
    const p = await trx.selectFrom('registry.persons').select(['hukou_division', 'residence_division']).where('id', '=', id).executeTakeFirst();
    return p ? [p.hukou_division, p.residence_division] : null;
  }
  const h = await trx.selectFrom('registry.households').select('division_code').where('id', '=', id).executeTakeFirst();
  return h ? [h.division_code] : null;
}

/** Every subject must exist and, when `prefix` is given, lie in that subtree; returns the first outsider's divisions. */
async function checkSubjects(trx: RegistryTrx, type: SubjectType, ids: number[], prefix: string | null): Promise<string[] | null> {
  const table = type === 'person' ? 'registry.persons' : 'registry.households';
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    // Without a prefix (the exchange job) only existence matters: a count, and the ids only when one is missing.
    if (prefix === null) {
      const { n } = await trx
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('id', 'in', chunk)
        .executeTakeFirstOrThrow();
      if (Number(n) < chunk.length) throw unknownSubject(type, chunk, await trx.selectFrom(table).select('id').where('id', 'in', chunk).execute());
      continue;
    }
    const rows =
      type === 'person'
        ? (await trx.selectFrom('registry.persons').select(['id', 'hukou_division', 'residence_division']).where('id', 'in', chunk).execute()).map((r) => ({ id: r.id, codes: [r.hukou_division, r.residence_division] }))
        : (await trx.selectFrom('registry.households').select(['id', 'division_code']).where('id', 'in', chunk).execute()).map((r) => ({ id: r.id, codes: [r.division_code] }));
    if (rows.length < chunk.length) throw unknownSubject(type, chunk, rows);
    const outsider = rows.find((r) => !r.codes.some((c) => c.startsWith(prefix)));
    if (outsider) return outsider.codes;
  }
  return null;
}

function unknownSubject(type: SubjectType, chunk: number[], rows: { id: number }[]) {
  const found = new Set(rows.map((r) => r.id));
  return invalid('REGISTRY_UNKNOWN_SUBJECT', `${type === 'person' ? '人员' : '家庭'} ${chunk.find((id) => !found.has(id))} 不存在，整批未入库`);
}

/**
 * Records a department's batch in one transaction: all facts or none. A batch id seen before changes
 * nothing and returns the first delivery's count. With an actor (a caseworker uploading) the permission
 * and every subject's jurisdiction are checked; without one (the exchange job) the system is audited as actor.
 */
export async function recordFactBatch(db: RegistryDb, batch: FactBatch, actor?: Actor): Promise<BatchReceipt> {
  const batchId = (batch.batchId ?? '').trim();
  const source = (batch.source ?? '').trim();
  if (!batchId || batchId.length > 200 || batchId.startsWith('correction:')) throw invalid('REGISTRY_INVALID_BATCH', '批次号不能为空，不超过200个字符，且不能以 correction: 开头');
  if (!source || source.length > 100) throw invalid('REGISTRY_INVALID_BATCH', '数据来源不能为空，且不超过100个字符');
  if (!Array.isArray(batch.facts)) throw invalid('REGISTRY_INVALID_BATCH', '事实列表缺失');
  const facts = batch.facts.map((f, i) => validateFact(f, `第 ${i + 1} 条：`));
  const persons = [...new Set(facts.filter((f) => f.subjectType === 'person').map((f) => f.subjectId))];
  const households = [...new Set(facts.filter((f) => f.subjectType === 'household').map((f) => f.subjectId))];
  const request = { permission: 'registry.write' as const, action: 'registry.facts.batch', entityType: 'fact_batch', entityId: batchId, detail: { source, count: facts.length } };

  const work = async (trx: RegistryTrx, allow: (r: AccessRequest) => Promise<void>): Promise<BatchReceipt> => {
    const previous = await trx.selectFrom('registry.fact_batches').select('row_count').where('id', '=', batchId).executeTakeFirst();
    if (previous) return { batchId, recorded: previous.row_count, replayed: true };
    const prefix = actor ? divisionPrefix(actor.jurisdiction) : null;
    const outsider = (await checkSubjects(trx, 'person', persons, prefix)) ?? (await checkSubjects(trx, 'household', households, prefix));
    if (outsider) await allow({ ...request, divisionCodes: outsider });
    await allow(request);
    const inserted = await trx
      .insertInto('registry.fact_batches')
      .values({ id: batchId, source, row_count: facts.length })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw conflict('REGISTRY_BATCH_IN_PROGRESS', '该批次正在由另一请求入库，请稍后重试');
    for (let i = 0; i < facts.length; i += CHUNK) await insertFacts(trx, facts.slice(i, i + CHUNK), source, batchId);
    const subjects = persons.length + households.length <= EVENT_SUBJECT_LIMIT ? { persons, households } : null;
    await emitEvent(trx, { topic: 'registry.facts.recorded', key: batchId, payload: { batchId, source, count: facts.length, subjects } });
    return { batchId, recorded: facts.length, replayed: false };
  };

  if (actor) return guardedTransaction(db, actor, work);
  const { action, entityType, entityId, detail } = request;
  return db.transaction().execute((trx) => work(trx, () => appendAudit(auditable(trx), { actor: null, action, entityType, entityId, detail, result: 'ok' })));
}

/** One statement of column arrays: a multi-row VALUES of as many rows takes about twice as long to bind and plan. */
async function insertFacts(trx: RegistryTrx, facts: readonly Required<NewFact>[], source: string, batchId: string): Promise<void> {
  const column = <T>(pick: (f: Required<NewFact>) => T) => facts.map(pick);
  await sql`insert into registry.facts (subject_type, subject_id, kind, amount_fen, attributes, valid_from, valid_to, source, batch_id)
    select t.*, ${source}, ${batchId} from unnest(${column((f) => f.subjectType)}::text[], ${column((f) => f.subjectId)}::bigint[], ${column((f) => f.kind)}::text[],
      ${column((f) => f.amountFen)}::bigint[], ${column((f) => (f.attributes === null ? null : JSON.stringify(f.attributes)))}::jsonb[],
      ${column((f) => f.validFrom)}::date[], ${column((f) => f.validTo)}::date[]) as t`.execute(trx);
}

/** The subjects a batch spoke about, for event handlers when the event was too large to name them. */
export async function factSubjectsOfBatch(db: RegistryDb, batchId: string): Promise<{ subjectType: SubjectType; subjectId: number }[]> {
  const rows = await db.selectFrom('registry.facts').select(['subject_type', 'subject_id']).distinct().where('batch_id', '=', batchId).orderBy('subject_type').orderBy('subject_id').execute();
  return rows.map((r) => ({ subjectType: r.subject_type, subjectId: r.subject_id }));
}

type FactRow = Selectable<RegistryTables['registry.facts']> & { superseded_by: number | null };

export const toFactView = (row: FactRow): FactView => ({
  id: row.id,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  kind: row.kind,
  amountFen: row.amount_fen,
  attributes: row.attributes,
  validFrom: row.valid_from,
  validTo: row.valid_to,
  source: row.source,
  batchId: row.batch_id,
  supersedes: row.supersedes,
  reason: row.reason,
  recordedAt: row.recorded_at.toISOString(),
  supersededBy: row.superseded_by,
});

const selectFacts = (trx: RegistryDb) =>
  trx
    .selectFrom('registry.facts as f')
    .selectAll('f')
    .select((eb) => eb.selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id').as('superseded_by'));

export interface FactCorrection {
  amountFen?: number | null;
  attributes?: Record<string, unknown> | null;
  validFrom?: string;
  validTo?: string | null;
  /** Why the department's value was wrong; required, it is the trace of the correction. */
  reason: string;
}

/** A caseworker's correction: a new row that supersedes the old one, which stays as history. */
export async function correctFact(db: RegistryDb, actor: Actor, factId: number, correction: FactCorrection): Promise<FactView> {
  const reason = (correction.reason ?? '').trim();
  if (!reason) throw invalid('REGISTRY_REASON_REQUIRED', '更正事实须填写更正原因');
  try {
    return await guardedTransaction(db, actor, async (trx, allow) => {
      const request = { permission: 'registry.write' as const, action: 'registry.fact.correct', entityType: 'fact', entityId: factId, detail: { reason } };
      const old = await trx.selectFrom('registry.facts').selectAll().where('id', '=', factId).forUpdate().executeTakeFirst();
      if (!old) {
        await allow(request);
        throw notFound('REGISTRY_FACT_NOT_FOUND', `事实 ${factId} 不存在`);
      }
      await allow({ ...request, divisionCodes: (await subjectDivisions(trx, old.subject_type, old.subject_id)) ?? [] });
      const successor = await trx.selectFrom('registry.facts').select('id').where('supersedes', '=', factId).executeTakeFirst();
      if (successor) throw alreadyCorrected(successor.id);
      const next = validateFact({
        subjectType: old.subject_type,
        subjectId: old.subject_id,
        kind: old.kind,
        amountFen: correction.amountFen === undefined ? old.amount_fen : correction.amountFen,
        attributes: correction.attributes === undefined ? old.attributes : correction.attributes,
        validFrom: correction.validFrom ?? old.valid_from,
        validTo: correction.validTo === undefined ? old.valid_to : correction.validTo,
      });
      const id = Number((await sql<{ id: number }>`select nextval('registry.fact_id_seq') as id`.execute(trx)).rows[0].id);
      const batchId = `correction:${id}`;
      const source = `caseworker:${actor.username}`;
      await trx.insertInto('registry.fact_batches').values({ id: batchId, source, row_count: 1 }).execute();
      await trx
        .insertInto('registry.facts')
        .values({
          id,
          subject_type: next.subjectType,
          subject_id: next.subjectId,
          kind: next.kind,
          amount_fen: next.amountFen,
          attributes: next.attributes === null ? null : JSON.stringify(next.attributes),
          valid_from: next.validFrom,
          valid_to: next.validTo,
          source,
          batch_id: batchId,
          supersedes: factId,
          reason,
        })
        .execute();
      await emitEvent(trx, { topic: 'registry.fact.corrected', key: String(id), payload: { factId: id, supersedes: factId, subjectType: old.subject_type, subjectId: old.subject_id, kind: old.kind } });
      return toFactView(await selectFacts(trx).where('f.id', '=', id).executeTakeFirstOrThrow());
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyCorrected();
    throw error;
  }
}

const alreadyCorrected = (by?: number) => conflict('REGISTRY_FACT_ALREADY_CORRECTED', by === undefined ? '该事实已被更正，请更正最新的记录' : `该事实已被更正（更正记录 ${by}），请更正最新的记录`);

/** A subject's facts with their history: superseded rows stay in the list, flagged by `supersededBy`. */
export async function listFacts(db: RegistryDb, actor: Actor, subject: { type: SubjectType; id: number }, options: { kind?: string } = {}): Promise<FactView[]> {
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.read' as const, action: 'registry.facts.read', entityType: subject.type, entityId: subject.id, detail: options.kind ? { kind: options.kind } : undefined };
    const own = await subjectDivisions(trx, subject.type, subject.id);
    const divisions = own && subject.type === 'household' ? await householdReadDivisions(trx, subject.id, own[0], undefined, actor) : own;
    if (!divisions) {
      await allow(request);
      throw notFound(subject.type === 'person' ? 'REGISTRY_PERSON_NOT_FOUND' : 'REGISTRY_HOUSEHOLD_NOT_FOUND', `${subject.type === 'person' ? '人员' : '家庭'} ${subject.id} 不存在`);
    }
    await allow({ ...request, divisionCodes: divisions });
    let query = selectFacts(trx).where('f.subject_type', '=', subject.type).where('f.subject_id', '=', subject.id);
    // Sealed parent links (parent-links.ts: 收养秘密) and the rows they end are not part of the ordinary view.
    if (subject.type === 'person') query = query.where(sealedOut);
    if (options.kind) query = query.where('f.kind', '=', options.kind);
    const rows = await query.orderBy('f.kind').orderBy('f.valid_from').orderBy('f.id').execute();
    return rows.map(toFactView);
  });
}
