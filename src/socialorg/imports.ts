/**
 * Other departments' penalties and courts' 失信被执行人 lists, as batch files (CSV or NDJSON, read by the shared
 * `kernel/batch-file.ts`, as monitoring's department files are). A row that can't be used is a row error with its
 * line and field; the others go in. A batch id is used once: the same file again answers the stored receipt and
 * changes nothing, a different file under a used id is refused (409).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { divisionPrefix, isWithin, invalid, parseBatchFile, type BatchFormat, type BatchRowError, type IsoDate, type RawRecord } from '../kernel/index.js';
import { raiseEntry } from './credit-lists.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { auditRun, emitEvent, guardedTransaction } from './guard.js';
import { LIST_REASONS, PENALTY_KINDS, penaltyKindNames, type PenaltyKind, type SocialorgDb } from './model.js';
import { penaltyProblems, recordPenalty } from './penalties.js';
import { ruleBreach } from './rules.js';
import { loadSettings, type SocialorgSettings } from './settings.js';

export type ImportSource = 'penalty' | 'court';
export const importSourceNames: Record<ImportSource, string> = { penalty: '其他部门行政处罚', court: '人民法院失信被执行人' };

export interface BatchInput {
  batchId: string;
  format: BatchFormat;
  content: string;
  /** The sending department (penalties) or court (court lists, when a row names none). */
  department: string;
}

export interface ImportReceipt {
  source: ImportSource;
  batchId: string;
  department: string;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  listed: number;
  errors: BatchRowError[];
  replayed: boolean;
  importedAt: string;
}

const MAX_BYTES = 1_000_000;

/** Column names as departments write them (Chinese headers of their spreadsheets) → the field names. */
export const COLUMN_ALIASES: Record<string, string> = {
  统一社会信用代码: 'creditCode',
  处罚种类: 'kind',
  '罚没金额（分）': 'amountFen',
  处罚依据: 'basis',
  决定书文号: 'decisionNo',
  决定日期: 'decidedOn',
  执行完毕日期: 'carriedOutOn',
  作出部门: 'department',
  法院: 'court',
  执行案号: 'caseNo',
  纳入日期: 'listedOn',
  移除日期: 'removedOn',
};
const withFieldNames = (record: RawRecord): RawRecord => Object.fromEntries(Object.entries(record).map(([k, v]) => [COLUMN_ALIASES[k.trim()] ?? k, v]));
const text = (v: RawRecord[string]) => (v === null || v === undefined ? '' : String(v).trim());
const kindOf = (v: string): PenaltyKind | undefined => ((PENALTY_KINDS as readonly string[]).includes(v) ? (v as PenaltyKind) : PENALTY_KINDS.find((k) => penaltyKindNames[k] === v || penaltyKindNames[k].split('／').includes(v)));

type Org = { id: number; registrar_division: string; status: string };

async function organisationsByCode(trx: SocialorgDb, codes: string[]): Promise<Map<string, Org>> {
  if (!codes.length) return new Map();
  const rows = await trx
    .selectFrom('socialorg.organisations')
    .select(['id', 'registrar_division', 'status', 'credit_code'])
    .where('credit_code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.credit_code as string, { id: Number(r.id), registrar_division: r.registrar_division, status: r.status }]));
}

function receiptOf(
  row: { source: ImportSource; batch_id: string; department: string; row_count: number; accepted: number; duplicates: number; rejected: number; listed: number; errors: BatchRowError[]; imported_at: Date },
  replayed: boolean,
): ImportReceipt {
  return {
    source: row.source,
    batchId: row.batch_id,
    department: row.department,
    rows: row.row_count,
    accepted: row.accepted,
    duplicates: row.duplicates,
    rejected: row.rejected,
    listed: row.listed,
    errors: row.errors,
    replayed,
    importedAt: new Date(row.imported_at).toISOString(),
  };
}

interface Tally {
  accepted: number;
  duplicates: number;
  listed: number;
}

async function penaltyRow(trx: SocialorgDb, actor: Actor, org: Org, record: RawRecord, input: BatchInput, row: number, on: IsoDate, settings: SocialorgSettings, errors: BatchRowError[], tally: Tally) {
  const amount = text(record.amountFen);
  const penalty = {
    kind: kindOf(text(record.kind)) as PenaltyKind,
    amountFen: amount === '' ? 0 : /^\d+$/.test(amount) ? Number(amount) : Number.NaN,
    basis: text(record.basis),
    decisionNo: text(record.decisionNo),
    decidedOn: text(record.decidedOn),
    carriedOutOn: text(record.carriedOutOn) || null,
    department: text(record.department) || input.department,
  };
  const problems = penaltyProblems(penalty);
  if (problems.length) {
    errors.push(...problems.map((p) => ({ row, ...p })));
    return;
  }
  const done = await recordPenalty(trx, actor, org.id, penalty, on, settings, { batchId: input.batchId, row });
  if (!done) tally.duplicates++;
  else {
    tally.accepted++;
    tally.listed += done.listed;
  }
}

async function courtRow(trx: SocialorgDb, actor: Actor, org: Org, record: RawRecord, input: BatchInput, row: number, on: IsoDate, errors: BatchRowError[], tally: Tally) {
  const court = text(record.court) || input.department;
  const caseNo = text(record.caseNo);
  const listedOn = text(record.listedOn);
  const removedOn = text(record.removedOn) || null;
  const rowErrors: BatchRowError[] = [];
  if (!caseNo || caseNo.length > 100) rowErrors.push({ row, field: 'caseNo', message: '须填写执行案号（不超过100字）' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(listedOn)) rowErrors.push({ row, field: 'listedOn', message: `纳入失信被执行人名单日期无效：${listedOn}` });
  if (removedOn && !/^\d{4}-\d{2}-\d{2}$/.test(removedOn)) rowErrors.push({ row, field: 'removedOn', message: `移除日期无效：${removedOn}` });
  if (rowErrors.length) {
    errors.push(...rowErrors);
    return;
  }
  const existing = await trx.selectFrom('socialorg.court_listings').select(['id', 'removed_on']).where('court', '=', court).where('case_no', '=', caseNo).executeTakeFirst();
  if (existing) {
    // The court lifting its listing ends the entry it caused; anything else about a known case is a repeat.
    if (removedOn && !existing.removed_on) {
      await trx.updateTable('socialorg.court_listings').set({ removed_on: removedOn }).where('id', '=', existing.id).execute();
      const removed = await trx
        .updateTable('socialorg.list_entries')
        .set({ removed_on: on, removal_reason: `人民法院已于 ${removedOn} 将其移出失信被执行人名单（${court} ${caseNo}）` })
        .where('source_key', '=', `court:${existing.id}`)
        .where('removed_on', 'is', null)
        .returning(['id', 'list'])
        .executeTakeFirst();
      if (removed) await emitEvent(trx, { topic: 'socialorg.credit.removed', key: String(org.id), payload: { organisationId: org.id, entryId: Number(removed.id), list: removed.list, removedOn: on } });
      tally.accepted++;
    } else tally.duplicates++;
    return;
  }
  const inserted = await trx
    .insertInto('socialorg.court_listings')
    .values({ organisation_id: org.id, court, case_no: caseNo, listed_on: listedOn, removed_on: removedOn, batch_id: input.batchId, row_no: row })
    .returning('id')
    .executeTakeFirstOrThrow();
  tally.accepted++;
  if (removedOn) return;
  const { list, basis } = LIST_REASONS.court_dishonest;
  if (await raiseEntry(trx, actor, { organisationId: org.id, list, reason: 'court_dishonest', basis, evidence: `${court} ${caseNo}（${listedOn} 纳入）`, listedOn: on, sourceKey: `court:${inserted.id}` })) tally.listed++;
}

export async function importBatch(deps: SocialorgDeps, actor: Actor, source: ImportSource, input: BatchInput): Promise<ImportReceipt> {
  requirePermission(actor, 'socialorg.supervise');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.batchId ?? '')) throw invalid('SOCIALORG_INVALID_BATCH_ID', '批次号须为1–64位字母、数字、点、下划线或连字符');
  if (!input.department?.trim() || input.department.trim().length > 100) throw invalid('SOCIALORG_DEPARTMENT_REQUIRED', source === 'court' ? '须填写报送法院' : '须填写作出处罚的部门');
  if (Buffer.byteLength(input.content ?? '') > MAX_BYTES) throw invalid('SOCIALORG_BATCH_TOO_LARGE', '单个批次文件不超过1MB，请拆分后报送');
  const department = input.department.trim();
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const on = today(deps);
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: `socialorg.import.${source}`, entityType: 'socialorg_batch', entityId: `${source}:${input.batchId}`, detail: { department, sha256 } });
    await sql`select pg_advisory_xact_lock(hashtext(${`socialorg.batch:${source}:${input.batchId}`}))`.execute(trx);
    const previous = await trx.selectFrom('socialorg.import_batches').selectAll().where('source', '=', source).where('batch_id', '=', input.batchId).executeTakeFirst();
    if (previous) {
      if (previous.sha256 !== sha256) throw ruleBreach('SOCIALORG_BATCH_CHANGED', `批次 ${input.batchId} 已于 ${new Date(previous.imported_at).toISOString().slice(0, 10)} 导入且内容不同；更正请用新的批次号报送`);
      return receiptOf(previous, true);
    }
    const raw = parseBatchFile(input.content, input.format);
    const parsed = { ...raw, rows: raw.rows.map((r) => ({ row: r.row, record: withFieldNames(r.record) })) };
    const errors: BatchRowError[] = [...parsed.errors];
    const orgs = await organisationsByCode(
      trx,
      parsed.rows.map((r) => text(r.record.creditCode).toUpperCase()),
    );
    const settings = await loadSettings(trx, on);
    const tally: Tally = { accepted: 0, duplicates: 0, listed: 0 };
    for (const { row, record } of parsed.rows) {
      const code = text(record.creditCode).toUpperCase();
      const org = orgs.get(code);
      if (!org) errors.push({ row, field: 'creditCode', message: code ? `未找到统一社会信用代码为 ${code} 的社会组织` : '须填写统一社会信用代码' });
      else if (!isWithin(org.registrar_division, actor.jurisdiction)) errors.push({ row, field: 'creditCode', message: `${code} 不由本登记管理机关管辖，请报送其登记管理机关` });
      else if (source === 'penalty') await penaltyRow(trx, actor, org, record, { ...input, department }, row, on, settings, errors, tally);
      else await courtRow(trx, actor, org, record, { ...input, department }, row, on, errors, tally);
    }
    errors.sort((a, b) => a.row - b.row);
    const stored = await trx
      .insertInto('socialorg.import_batches')
      .values({
        source,
        batch_id: input.batchId,
        sha256,
        department,
        row_count: parsed.count,
        accepted: tally.accepted,
        duplicates: tally.duplicates,
        rejected: new Set(errors.map((e) => e.row)).size,
        listed: tally.listed,
        errors: JSON.stringify(errors),
        imported_by: actor.userId,
        scope: actor.jurisdiction,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditRun(trx, actor, `socialorg.import.${source}.done`, 'socialorg_batch', `${source}:${input.batchId}`, { rows: parsed.count, accepted: tally.accepted, rejected: stored.rejected, listed: tally.listed });
    return receiptOf(stored, false);
  });
}

export async function listBatches(deps: SocialorgDeps, actor: Actor): Promise<ImportReceipt[]> {
  requirePermission(actor, 'socialorg.supervise');
  // A district sees the batches sent within it; the city sees all.
  const rows = await tables(deps)
    .selectFrom('socialorg.import_batches')
    .selectAll()
    .where('scope', 'like', `${divisionPrefix(actor.jurisdiction)}%`)
    .orderBy('imported_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => receiptOf(r, false));
}
