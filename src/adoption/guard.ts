/**
 * Access for adoption records (收养秘密, 民法典第1110条; PIPL art. 28): every read and write passes `authorize()` with the
 * office's district, so a registrar of another office and every other role are refused and the refusal is audited. As in
 * marriage registration, another office's record answers a plain 403 saying why (the registrars know the offices); a case
 * that does not exist (division NOWHERE) answers 404.
 */
import type { Kysely } from 'kysely';
import { authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import { DomainError, forbidden, recordNotFound, type DomainEvent } from '../kernel/index.js';
import type { AdoptionDb } from './model.js';

/** The division of a case that does not exist: the guard refuses it and the caller answers 404. */
export const NOWHERE = '000000000000';
const OUTSIDE = recordNotFound().code;

function asOtherOffice(error: unknown, request: AccessRequest | undefined): never {
  const missing = request?.divisionCodes?.includes(NOWHERE) ?? false;
  if (error instanceof DomainError && error.code === OUTSIDE && !missing) throw forbidden('ADOPTION_OTHER_OFFICE', '该收养档案由其他登记机关保管，本机关无权查看或办理');
  throw error;
}

export function guardedTransaction<T>(db: AdoptionDb, actor: Actor, work: (trx: AdoptionDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> {
  let last: AccessRequest | undefined;
  return accessTransaction(db, actor, (trx: AdoptionDb, allow) =>
    work(trx, (request) => {
      last = request;
      return allow(request);
    }),
  ).catch((e: unknown) => asOtherOffice(e, last));
}

export function allowRead(db: AdoptionDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(db.withTables<AccessTables>() as Kysely<AccessTables>, actor, request).catch((e: unknown) => asOtherOffice(e, request));
}

/** Events carry ids only: the adoption stays in this module (收养秘密). */
export function emitEvent(trx: AdoptionDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}
