/**
 * 结婚证/离婚证 numbers (A5): kind + the office's 6-digit division code + year + a 6-digit serial per office, kind
 * and year. The serial comes from a counter row updated in the issuing transaction: the row lock orders
 * concurrent issues and a rolled-back issue returns its number, so the serials are unique and gap-free.
 */
import { createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { requirePermission, type Actor } from '../access/index.js';
import { conflict, formatCertificateNumber, invalid, maskName, notFound, type IsoDate } from '../kernel/index.js';
import { guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import type { CertificateKind, MarriageDb } from './model.js';
import { officeOfActor } from './offices.js';
import { partyId } from './parties.js';
import { loadSettings } from './settings.js';

export function formatNumber(format: string, kind: CertificateKind, code6: string, year: number, serial: number): string {
  return formatCertificateNumber(format, kind, code6, year, serial);
}

export async function issueCertificate(
  trx: MarriageDb,
  input: { officeId: number; code6: string; kind: CertificateKind; on: IsoDate; marriageId: number; applicationId?: number | null; requestKey?: string | null; format: string },
): Promise<string> {
  const year = Number(input.on.slice(0, 4));
  const counter = await trx
    .insertInto('marriage.certificate_counters')
    .values({ office_id: input.officeId, kind: input.kind, year, last_serial: 1 })
    .onConflict((oc) => oc.columns(['office_id', 'kind', 'year']).doUpdateSet((eb) => ({ last_serial: eb('marriage.certificate_counters.last_serial', '+', 1) })))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  const number = formatNumber(input.format, input.kind, input.code6, year, counter.last_serial);
  await trx
    .insertInto('marriage.certificates')
    .values({
      number,
      kind: input.kind,
      office_id: input.officeId,
      year,
      serial: counter.last_serial,
      marriage_id: input.marriageId,
      application_id: input.applicationId ?? null,
      issued_on: input.on,
      superseded_by: null,
      request_key: input.requestKey ?? null,
    })
    .execute();
  return number;
}

export interface CertificateView {
  number: string;
  kind: CertificateKind;
  officeName: string;
  issuedOn: IsoDate;
  status: 'valid' | 'void' | 'superseded';
  supersededBy: string | null;
  marriageId: number;
}

/** 补领 at any office: the applicant's ID number must match a party of the archive (查证属实); the old number is superseded. */
export async function reissue(deps: MarriageDeps, actor: Actor, number: string, input: { idNumber: string; purpose: string; requestKey?: string }): Promise<CertificateView> {
  const db = tables(deps);
  const now = today(deps);
  requirePermission(actor, 'marriage.register');
  const applicant = partyId(deps.vault, input.idNumber, now, '申请人');
  if (!input.purpose.trim()) throw invalid('MARRIAGE_PURPOSE_REQUIRED', '调取档案须说明事由');
  const office = await officeOfActor(db, actor);
  const settings = await loadSettings(db, now);
  const newNumber = await guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'marriage.register' as const, action: 'marriage.certificate.reissue', entityType: 'marriage_certificate', entityId: number, purpose: input.purpose };
    // Another office's archive is called with a purpose; the registrar acts at their own office.
    await allow({ ...request, divisionCodes: [office.districtCode] });
    if (input.requestKey) {
      const done = await trx.selectFrom('marriage.certificates').select('number').where('request_key', '=', input.requestKey).executeTakeFirst();
      if (done) return done.number;
    }
    const old = await trx
      .selectFrom('marriage.certificates as c')
      .innerJoin('marriage.marriages as m', 'm.id', 'c.marriage_id')
      .select(['c.id', 'c.kind', 'c.status', 'c.marriage_id', 'c.application_id', 'm.husband_hash', 'm.wife_hash'])
      .where('c.number', '=', number)
      .forUpdate()
      .executeTakeFirst();
    if (!old) throw notFound('MARRIAGE_UNKNOWN_CERTIFICATE', '证书字号不存在');
    if (old.status !== 'valid') throw conflict('MARRIAGE_CERTIFICATE_NOT_VALID', old.status === 'void' ? '该证书已因法院判决作废，不能补领' : '该证书已被补发证书替代，请以新字号补领');
    const isParty = [old.husband_hash, old.wife_hash].some((h) => h && Buffer.from(h).equals(applicant.hash));
    if (!isParty) throw conflict('MARRIAGE_NOT_A_PARTY', '申请人不是该婚姻登记档案的当事人（查证不符，不予补领）');
    const kind: CertificateKind = old.kind === 'J' || old.kind === 'BJ' ? 'BJ' : 'BL';
    const issued = await issueCertificate(trx, { officeId: office.id, code6: office.code6, kind, on: now, marriageId: old.marriage_id, applicationId: old.application_id, requestKey: input.requestKey, format: settings.certificateFormat });
    await trx.updateTable('marriage.certificates').set({ status: 'superseded', superseded_by: issued }).where('id', '=', old.id).execute();
    return issued;
  });
  return certificateByNumber(db, newNumber);
}

export async function certificateByNumber(db: MarriageDb, number: string): Promise<CertificateView> {
  const row = await db
    .selectFrom('marriage.certificates as c')
    .innerJoin('marriage.offices as o', 'o.id', 'c.office_id')
    .select(['c.number', 'c.kind', 'o.name', 'c.issued_on', 'c.status', 'c.superseded_by', 'c.marriage_id'])
    .where('c.number', '=', number)
    .executeTakeFirst();
  if (!row) throw notFound('MARRIAGE_UNKNOWN_CERTIFICATE', '证书字号不存在');
  return { number: row.number, kind: row.kind, officeName: row.name, issuedOn: row.issued_on, status: row.status, supersededBy: row.superseded_by, marriageId: row.marriage_id };
}

// Ed25519 key derived from the configured secret (PKCS#8 wrapping of a 32-byte seed), so any holder of the public key verifies offline.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
function signingKey(secret: Buffer) {
  const seed = createHmac('sha256', secret).update('minzheng marriage e-licence').digest();
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

export interface ELicence {
  data: {
    number: string;
    kind: CertificateKind;
    issuedOn: IsoDate;
    office: string;
    holders: { role: 'husband' | 'wife'; name: string; idNumberHash: string }[];
  };
  signature: string;
  publicKey: string;
}

/** Signed e-licence data for a certificate: names and keyed ID hashes, never a clear ID number. */
export async function eLicence(deps: MarriageDeps, number: string): Promise<ELicence> {
  const db = tables(deps);
  const row = await db
    .selectFrom('marriage.certificates as c')
    .innerJoin('marriage.marriages as m', 'm.id', 'c.marriage_id')
    .innerJoin('marriage.offices as o', 'o.id', 'c.office_id')
    .select(['c.number', 'c.kind', 'c.issued_on', 'c.status', 'o.name as office', 'm.husband_name', 'm.wife_name', 'm.husband_hash', 'm.wife_hash'])
    .where('c.number', '=', number)
    .executeTakeFirst();
  if (!row) throw notFound('MARRIAGE_UNKNOWN_CERTIFICATE', '证书字号不存在');
  if (row.status !== 'valid') throw conflict('MARRIAGE_CERTIFICATE_NOT_VALID', '该证书已作废或已被替代，不能生成电子证照');
  if (!row.husband_hash || !row.wife_hash) throw conflict('MARRIAGE_ID_MISSING', '档案缺少当事人身份证号码，须先补正（常态化补证）');
  const data: ELicence['data'] = {
    number: row.number,
    kind: row.kind,
    issuedOn: row.issued_on,
    office: row.office,
    holders: [
      { role: 'husband', name: maskName(row.husband_name), idNumberHash: Buffer.from(row.husband_hash).toString('hex') },
      { role: 'wife', name: maskName(row.wife_name), idNumberHash: Buffer.from(row.wife_hash).toString('hex') },
    ],
  };
  const key = signingKey(deps.secret);
  const signature = sign(null, Buffer.from(JSON.stringify(data)), key).toString('base64');
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
  return { data, signature, publicKey };
}

/** 长三角互认: a presented e-licence is checked for its signature, then its certificate's current status. */
export async function verifyELicence(deps: MarriageDeps, licence: { data: ELicence['data']; signature: string }): Promise<{ status: 'valid' | 'void' | 'superseded' | 'forged'; supersededBy: string | null }> {
  const key = createPublicKey(signingKey(deps.secret));
  const ok = verify(null, Buffer.from(JSON.stringify(licence.data)), key, Buffer.from(licence.signature, 'base64'));
  if (!ok) return { status: 'forged', supersededBy: null };
  const row = await tables(deps).selectFrom('marriage.certificates').select(['status', 'superseded_by']).where('number', '=', licence.data.number).executeTakeFirst();
  if (!row) return { status: 'forged', supersededBy: null };
  return { status: row.status, supersededBy: row.superseded_by };
}
