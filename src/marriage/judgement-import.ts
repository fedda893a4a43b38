/**
 * Court judgements sent by the courts as a batch (NDJSON or CSV with header): divorce, void (1051), annulment
 * (1052/1053), each found by its certificate number or by both parties' ID numbers. Every row is applied in its own
 * transaction exactly as a judgement entered at the desk (applyJudgement), so good rows land and bad rows are
 * reported by row; a case number already entered answers its first entry, and a re-sent batch id answers its first
 * report and changes nothing.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { invalid, isValidDate, parseBatchFile, type RawRecord } from '../kernel/index.js';
import { guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import { applyJudgement } from './judgements.js';
import type { ImportRowError, JudgementKind, MarriageDb } from './model.js';
import { normaliseParty } from './parties.js';

export interface JudgementImportInput {
  batchId: string;
  court: string;
  format: 'ndjson' | 'csv';
  content: string;
}

export interface JudgementImportReport {
  batchId: string;
  replayed: boolean;
  rows: number;
  accepted: number;
  rejected: number;
  errors: ImportRowError[];
}

const KINDS: Record<string, JudgementKind> = { divorce: 'divorce', void: 'void', annulment: 'annulment', 离婚: 'divorce', 无效: 'void', 撤销: 'annulment' };
type Row = RawRecord;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

async function findMarriage(db: MarriageDb, deps: MarriageDeps, v: Row): Promise<number | string> {
  const number = text(v.certificateNumber);
  if (number) {
    const c = await db.selectFrom('marriage.certificates').select('marriage_id').where('number', '=', number).executeTakeFirst();
    return c ? Number(c.marriage_id) : `证书字号 ${number} 不存在`;
  }
  const on = today(deps);
  const h = normaliseParty(text(v.husbandIdNumber), on);
  const w = normaliseParty(text(v.wifeIdNumber), on);
  if (typeof h === 'string') return `男方：${h}`;
  if (typeof w === 'string') return `女方：${w}`;
  const m = await db
    .selectFrom('marriage.marriages')
    .select('id')
    .where('husband_hash', '=', deps.vault.hash(h.idNumber))
    .where('wife_hash', '=', deps.vault.hash(w.idNumber))
    .orderBy((eb) => eb.case().when('ended_on', 'is', null).then(0).else(1).end())
    .orderBy('registered_on', 'desc')
    .executeTakeFirst();
  return m ? Number(m.id) : '按双方身份证号码未找到婚姻登记档案';
}

export async function importJudgements(deps: MarriageDeps, actor: Actor, input: JudgementImportInput): Promise<JudgementImportReport> {
  requirePermission(actor, 'marriage.import');
  if (!/^[\w.-]{1,100}$/.test(input.batchId)) throw invalid('MARRIAGE_INVALID_BATCH', '批次号只能由字母、数字、点、横线和下划线组成（1–100 位）');
  if (!input.court.trim()) throw invalid('MARRIAGE_JUDGEMENT_INCOMPLETE', '须填写发送判决的法院');
  const db = tables(deps);
  const id = `judgements:${input.batchId}`;
  const done = await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.import', action: 'marriage.judgements.import', entityType: 'marriage_import', entityId: id, detail: { court: input.court } });
    return trx.selectFrom('marriage.import_batches').selectAll().where('id', '=', id).executeTakeFirst();
  });
  if (done) return { batchId: input.batchId, replayed: true, rows: done.row_count, accepted: done.accepted, rejected: done.rejected, errors: done.errors };
  // The kernel's reader (as every other department file): a line it cannot read is a row error, the rest go on.
  const file = parseBatchFile(input.content, input.format);
  const errors: ImportRowError[] = file.errors.map((e) => ({ row: e.row, code: 'MARRIAGE_IMPORT_SYNTAX', message: e.message }));
  let accepted = 0;
  for (const r of file.rows) {
    const problem = (code: string, message: string) => errors.push({ row: r.row, code, message });
    const v = r.record;
    const kind = KINDS[text(v.kind)];
    const caseNumber = text(v.caseNumber);
    const effectiveOn = text(v.effectiveOn);
    if (!kind) {
      problem('MARRIAGE_JUDGEMENT_KIND', '判决类型须为 divorce（离婚）、void（无效）或 annulment（撤销）');
      continue;
    }
    if (!caseNumber || !isValidDate(effectiveOn) || effectiveOn > today(deps)) {
      problem('MARRIAGE_JUDGEMENT_INCOMPLETE', '案号为空，或生效日期无效、晚于今天');
      continue;
    }
    const marriageId = await findMarriage(db, deps, v);
    if (typeof marriageId === 'string') {
      problem('MARRIAGE_UNKNOWN_MARRIAGE', marriageId);
      continue;
    }
    try {
      await db.transaction().execute((trx) => applyJudgement(trx, marriageId, { marriageId, kind, court: text(v.court) || input.court.trim(), caseNumber, effectiveOn }, actor.userId));
      accepted++;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (!err.code) throw e;
      problem(err.code, err.message ?? '不能登记');
    }
  }
  errors.sort((a, b) => a.row - b.row);
  await db
    .insertInto('marriage.import_batches')
    .values({ id, source: input.court.trim(), provenance: 'imported', received_by: actor.userId, row_count: file.count, accepted, rejected: errors.length, errors: JSON.stringify(errors) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return { batchId: input.batchId, replayed: false, rows: file.count, accepted, rejected: errors.length, errors };
}
