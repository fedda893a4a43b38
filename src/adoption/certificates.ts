/**
 * 收养登记证 (SY) and 解除收养关系证明 (JC): kind + the office's 6-digit code + year + a 6-digit serial per office, kind and
 * year, from a counter row updated in the issuing transaction (unique and gap-free, as marriage certificates).
 */
import { formatCertificateNumber, type IsoDate } from '../kernel/index.js';
import type { AdoptionDb, CertificateKind } from './model.js';

export async function issueCertificate(trx: AdoptionDb, input: { officeId: number; code6: string; kind: CertificateKind; on: IsoDate; caseId: number; requestKey: string | null; format: string }): Promise<string> {
  const year = Number(input.on.slice(0, 4));
  const counter = await trx
    .insertInto('adoption.certificate_counters')
    .values({ office_id: input.officeId, kind: input.kind, year, last_serial: 1 })
    .onConflict((oc) => oc.columns(['office_id', 'kind', 'year']).doUpdateSet((eb) => ({ last_serial: eb('adoption.certificate_counters.last_serial', '+', 1) })))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  const number = formatCertificateNumber(input.format, input.kind, input.code6, year, counter.last_serial);
  await trx.insertInto('adoption.certificates').values({ number, kind: input.kind, office_id: input.officeId, case_id: input.caseId, issued_on: input.on, request_key: input.requestKey }).execute();
  return number;
}
