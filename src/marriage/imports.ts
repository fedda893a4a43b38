/**
 * Historical records (A7): NDJSON or CSV batches with provenance (补录 backfilled, imported) and quality (complete,
 * ID missing, conflicting). A re-sent batch id answers its first report and changes nothing; bad rows are reported by
 * row and the good ones land; a person with two open marriages puts both in the data-quality queue. 15-digit
 * numbers are converted to 18 digits before hashing, so the bigamy check finds them.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { invalid, isValidDate, parseBatchFile, type IsoDate } from '../kernel/index.js';
import { guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import type { ImportRowError, MarriageDb } from './model.js';
import { normaliseParty } from './parties.js';

export interface ImportInput {
  batchId: string;
  source: string;
  provenance: 'backfilled' | 'imported';
  format: 'ndjson' | 'csv';
  content: string;
}

export interface ImportReport {
  batchId: string;
  replayed: boolean;
  rows: number;
  accepted: number;
  rejected: number;
  conflicting: number;
  errors: ImportRowError[];
}

// Fields read from a row: husbandName, husbandIdNumber, husbandBirthDate, wifeName, wifeIdNumber, wifeBirthDate,
// registeredOn, officeCode, certificateNumber, endedOn, endReason (others are ignored).

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

export async function importBatch(deps: MarriageDeps, actor: Actor, input: ImportInput): Promise<ImportReport> {
  requirePermission(actor, 'marriage.import');
  if (!/^[\w.-]{1,100}$/.test(input.batchId)) throw invalid('MARRIAGE_INVALID_BATCH', '批次号只能由字母、数字、点、横线和下划线组成（1–100 位）');
  const db = tables(deps);
  const on = today(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.import', action: 'marriage.import', entityType: 'marriage_import', entityId: input.batchId, detail: { source: input.source, provenance: input.provenance } });
    const done = await trx.selectFrom('marriage.import_batches').selectAll().where('id', '=', input.batchId).executeTakeFirst();
    if (done) return { batchId: done.id, replayed: true, rows: done.row_count, accepted: done.accepted, rejected: done.rejected, conflicting: 0, errors: done.errors };
    const offices = new Map((await trx.selectFrom('marriage.offices').select(['id', 'code6']).execute()).map((o) => [o.code6, o.id]));
    // The kernel's reader (as every other department file): a line it cannot read is a row error, the rest go on.
    const file = parseBatchFile(input.content, input.format);
    const errors: ImportRowError[] = file.errors.map((e) => ({ row: e.row, code: 'MARRIAGE_IMPORT_SYNTAX', message: e.message }));
    const good: { row: number; values: Parameters<typeof insertRow>[1] }[] = [];
    for (const r of file.rows) {
      const problem = (code: string, message: string) => errors.push({ row: r.row, code, message });
      const v = r.record;
      const party = (prefix: 'husband' | 'wife', label: string) => {
        const name = text(v[`${prefix}Name`]);
        const rawId = text(v[`${prefix}IdNumber`]);
        const birth = text(v[`${prefix}BirthDate`]);
        if (!name) return `${label}姓名为空`;
        if (rawId) {
          const parsed = normaliseParty(rawId, on);
          if (typeof parsed === 'string') return `${label}${parsed}`;
          return { name, hash: deps.vault.hash(parsed.idNumber), enc: deps.vault.encrypt(parsed.idNumber), masked: `${parsed.idNumber.slice(0, 3)}${'*'.repeat(11)}${parsed.idNumber.slice(-4)}`, birth: parsed.birthDate };
        }
        if (birth && !isValidDate(birth)) return `${label}出生日期无效`;
        return { name, hash: null, enc: null, masked: null, birth: birth || null };
      };
      const h = party('husband', '男方');
      const w = party('wife', '女方');
      if (typeof h === 'string') {
        problem('MARRIAGE_IMPORT_PARTY', h);
        continue;
      }
      if (typeof w === 'string') {
        problem('MARRIAGE_IMPORT_PARTY', w);
        continue;
      }
      const registeredOn = text(v.registeredOn);
      if (!isValidDate(registeredOn) || registeredOn > on) {
        problem('MARRIAGE_IMPORT_DATE', '登记日期无效或晚于今天');
        continue;
      }
      const officeCode = text(v.officeCode);
      if (officeCode && !offices.has(officeCode)) {
        problem('MARRIAGE_UNKNOWN_OFFICE', `登记机关代码 ${officeCode} 不是本市婚姻登记机关`);
        continue;
      }
      const endedOn = text(v.endedOn);
      const endReason = text(v.endReason);
      if (endedOn && (!isValidDate(endedOn) || !['death', 'divorce', 'court_divorce', 'void', 'annulled'].includes(endReason))) {
        problem('MARRIAGE_IMPORT_END', '终止日期或终止原因无效（原因：death、divorce、court_divorce、void、annulled）');
        continue;
      }
      good.push({
        row: r.row,
        values: { h, w, registeredOn, officeId: officeCode ? (offices.get(officeCode) ?? null) : null, certificateNumber: text(v.certificateNumber) || null, endedOn: endedOn || null, endReason: (endReason || null) as never },
      });
    }
    errors.sort((a, b) => a.row - b.row);
    await trx
      .insertInto('marriage.import_batches')
      .values({ id: input.batchId, source: input.source, provenance: input.provenance, received_by: actor.userId, row_count: file.count, accepted: good.length, rejected: errors.length, errors: JSON.stringify(errors) })
      .execute();
    let conflicting = 0;
    for (const g of good) conflicting += await insertRow(trx, g.values, input, g.row);
    return { batchId: input.batchId, replayed: false, rows: file.count, accepted: good.length, rejected: errors.length, conflicting, errors };
  });
}

type Party = { name: string; hash: Buffer | null; enc: Buffer | null; masked: string | null; birth: IsoDate | null };

async function insertRow(
  trx: MarriageDb,
  v: { h: Party; w: Party; registeredOn: IsoDate; officeId: number | null; certificateNumber: string | null; endedOn: IsoDate | null; endReason: 'death' | 'divorce' | 'court_divorce' | 'void' | 'annulled' | null },
  input: ImportInput,
  row: number,
): Promise<number> {
  const inserted = await trx
    .insertInto('marriage.marriages')
    .values({
      office_id: v.officeId,
      service: 'marriage',
      registered_on: v.registeredOn,
      provenance: input.provenance,
      quality: v.h.hash && v.w.hash ? 'complete' : 'id_missing',
      husband_hash: v.h.hash,
      husband_enc: v.h.enc,
      husband_masked: v.h.masked,
      husband_name: v.h.name,
      husband_birth: v.h.birth,
      husband_person_id: null,
      husband_hukou_sh: null,
      wife_hash: v.w.hash,
      wife_enc: v.w.enc,
      wife_masked: v.w.masked,
      wife_name: v.w.name,
      wife_birth: v.w.birth,
      wife_person_id: null,
      wife_hukou_sh: null,
      first_marriage_husband: null,
      first_marriage_wife: null,
      ended_on: v.endedOn,
      end_reason: v.endReason,
      void_from_start: v.endReason === 'void' || v.endReason === 'annulled',
      batch_id: input.batchId,
      batch_row: row,
      source_ref: v.certificateNumber,
      annotation: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (v.endedOn) return 0;
  return flagDuplicates(trx, inserted.id, [v.h.hash, v.w.hash]);
}

/** Two open marriages for one ID number: both marked conflicting and queued for the data-quality review. */
export async function flagDuplicates(trx: MarriageDb, marriageId: number, hashes: (Buffer | null)[]): Promise<number> {
  let found = 0;
  for (const hash of hashes) {
    if (!hash) continue;
    const others = await trx
      .selectFrom('marriage.marriages')
      .select('id')
      .where('ended_on', 'is', null)
      .where('id', '<>', marriageId)
      .where((eb) => eb.or([eb('husband_hash', '=', hash), eb('wife_hash', '=', hash)]))
      .execute();
    for (const o of others) {
      found++;
      await trx.updateTable('marriage.marriages').set({ quality: 'conflicting' }).where('id', 'in', [marriageId, o.id]).execute();
      await trx
        .insertInto('marriage.reviews')
        .values({ kind: 'duplicate_open', office_id: null, marriage_id: marriageId, other_marriage_id: o.id, detail: JSON.stringify({ reason: '同一身份证号码有两段未解除的婚姻' }) })
        .execute();
    }
  }
  return found;
}
