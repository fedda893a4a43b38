/**
 * 常态化补证: an old record (补录 or imported) that lacks a party's ID number is completed when the party comes with
 * their ID card — the name and the recorded birth date must agree with the card, the number is hashed, sealed and
 * masked like any other, and the bigamy index sees it from then on (a second open marriage for that number goes to
 * the data-quality queue). A complete record that has no valid certificate of this system (imported ones carry the
 * old paper number only) can then get one, 补发 at the registrar's office, and with it e-licence data.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { conflict, invalid, notFound, type IsoDate } from '../kernel/index.js';
import { issueCertificate } from './certificates.js';
import { guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import { flagDuplicates } from './imports.js';
import type { MarriageDb } from './model.js';
import { officeOfActor } from './offices.js';
import { partyId } from './parties.js';
import { loadSettings } from './settings.js';

export interface CompletionInput {
  party: 'husband' | 'wife';
  idNumber: string;
  /** What the number was checked against (居民身份证 seen at the desk, a police letter…). */
  evidence: string;
}

export interface CompletionResult {
  marriageId: number;
  quality: 'complete' | 'id_missing' | 'conflicting';
  conflicts: number;
  annotation: string;
}

const ROLE = { husband: '男方', wife: '女方' } as const;

async function lockRecord(trx: MarriageDb, marriageId: number) {
  return trx
    .selectFrom('marriage.marriages as m')
    .leftJoin('marriage.offices as o', 'o.id', 'm.office_id')
    .select(['m.id', 'm.provenance', 'm.quality', 'm.ended_on', 'm.husband_hash', 'm.wife_hash', 'm.husband_name', 'm.wife_name', 'm.husband_birth', 'm.wife_birth', 'm.annotation', 'o.district_code'])
    .where('m.id', '=', marriageId)
    .forUpdate(['m'])
    .executeTakeFirst();
}

export async function completeRecord(deps: MarriageDeps, actor: Actor, marriageId: number, input: CompletionInput): Promise<CompletionResult> {
  requirePermission(actor, 'marriage.register');
  const on = today(deps);
  const id = partyId(deps.vault, input.idNumber, on, ROLE[input.party]);
  if (!input.evidence.trim()) throw invalid('MARRIAGE_EVIDENCE_REQUIRED', '须写明补正所依据的证件或材料');
  if ((input.party === 'husband') !== (id.sex === 'M')) throw invalid('MARRIAGE_SEX_MISMATCH', `身份证号码的性别与${ROLE[input.party]}不符`);
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const m = await lockRecord(trx, marriageId);
    // The office holding the archive completes it; an imported record without an office, any registry.
    await allow({
      permission: 'marriage.register',
      action: 'marriage.record.complete',
      entityType: 'marriage',
      entityId: marriageId,
      detail: { party: input.party, idNumber: id.masked },
      ...(m?.district_code ? { divisionCodes: [m.district_code] } : {}),
    });
    if (!m) throw notFound('MARRIAGE_UNKNOWN_MARRIAGE', '婚姻登记档案不存在');
    const husband = input.party === 'husband';
    if ((husband ? m.husband_hash : m.wife_hash) !== null) throw conflict('MARRIAGE_ID_PRESENT', `档案中${ROLE[input.party]}已有身份证号码，无需补正`);
    const birth = (husband ? m.husband_birth : m.wife_birth) as IsoDate | null;
    if (birth && birth !== id.birthDate) throw conflict('MARRIAGE_BIRTH_MISMATCH', `档案记载的出生日期 ${birth} 与身份证号码（${id.birthDate}）不符，须人工核查`);
    const other = husband ? m.wife_hash : m.husband_hash;
    const annotation = `${m.annotation ? `${m.annotation}；` : ''}常态化补证：${on} 补正${ROLE[input.party]}身份证号码（依据：${input.evidence.trim()}）`;
    const quality = other ? 'complete' : 'id_missing';
    await trx
      .updateTable('marriage.marriages')
      .set(
        husband
          ? { husband_hash: id.hash, husband_enc: id.enc, husband_masked: id.masked, husband_birth: id.birthDate, quality, annotation }
          : { wife_hash: id.hash, wife_enc: id.enc, wife_masked: id.masked, wife_birth: id.birthDate, quality, annotation },
      )
      .where('id', '=', marriageId)
      .execute();
    const conflicts = m.ended_on ? 0 : await flagDuplicates(trx, marriageId, [id.hash]);
    return { marriageId, quality: conflicts ? 'conflicting' : quality, conflicts, annotation };
  });
}

/** 补发 for a complete record with no valid certificate here: a party applies in person at the registrar's office. */
export async function issueForRecord(deps: MarriageDeps, actor: Actor, marriageId: number, input: { idNumber: string; purpose: string; requestKey?: string }): Promise<{ number: string }> {
  requirePermission(actor, 'marriage.register');
  const on = today(deps);
  const applicant = partyId(deps.vault, input.idNumber, on, '申请人');
  if (!input.purpose.trim()) throw invalid('MARRIAGE_PURPOSE_REQUIRED', '调取档案须说明事由');
  const db = tables(deps);
  const office = await officeOfActor(db, actor);
  const settings = await loadSettings(db, on);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.register', action: 'marriage.record.certificate', entityType: 'marriage', entityId: marriageId, purpose: input.purpose, divisionCodes: [office.districtCode] });
    if (input.requestKey) {
      const done = await trx.selectFrom('marriage.certificates').select('number').where('request_key', '=', input.requestKey).executeTakeFirst();
      if (done) return { number: done.number };
    }
    const m = await lockRecord(trx, marriageId);
    if (!m) throw notFound('MARRIAGE_UNKNOWN_MARRIAGE', '婚姻登记档案不存在');
    if (!m.husband_hash || !m.wife_hash) throw conflict('MARRIAGE_ID_MISSING', '档案缺少当事人身份证号码，须先补正（常态化补证）');
    if (![m.husband_hash, m.wife_hash].some((h) => Buffer.from(h).equals(applicant.hash))) throw conflict('MARRIAGE_NOT_A_PARTY', '申请人不是该婚姻登记档案的当事人（查证不符，不予补发）');
    if (m.ended_on) throw conflict('MARRIAGE_ALREADY_ENDED', `该婚姻已于 ${m.ended_on} 终止，不补发结婚证`);
    const valid = await trx.selectFrom('marriage.certificates').select('number').where('marriage_id', '=', marriageId).where('status', '=', 'valid').executeTakeFirst();
    if (valid) throw conflict('MARRIAGE_CERTIFICATE_EXISTS', `该档案已有有效证书 ${valid.number}，请按该字号补领`);
    const number = await issueCertificate(trx, { officeId: office.id, code6: office.code6, kind: 'BJ', on, marriageId, requestKey: input.requestKey ?? null, format: settings.certificateFormat });
    return { number };
  });
}
