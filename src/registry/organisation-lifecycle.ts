/**
 * The registry's organisation record written by the module that registers the organisation (社会组织登记:
 * src/socialorg), inside that module's own transaction, after it has authorised the act. registry.organisations
 * stays the one record other modules read: created at establishment, renamed on change, closed (row kept) at the end.
 */
import { sql, type Kysely } from 'kysely';
import { checkCreditCode, conflict, creditCodeProblemMessage, invalid, type IsoDate } from '../kernel/index.js';
import { emitEvent } from './guard.js';
import type { RegistryTables } from './model.js';
import { isUniqueViolation } from './person-rows.js';

export interface EstablishedOrganisation {
  creditCode: string;
  name: string;
  kind: string;
  divisionCode: string;
  registeredOn: IsoDate;
}

/** Inserts the record in the caller's transaction; the caller has checked the registrar's authority and jurisdiction. */
export async function insertOrganisationRecord(trx: Kysely<RegistryTables>, input: EstablishedOrganisation): Promise<number> {
  const checked = checkCreditCode(input.creditCode);
  if (typeof checked === 'string') throw invalid('REGISTRY_INVALID_CREDIT_CODE', creditCodeProblemMessage[checked], { problem: checked });
  const existing = await trx.selectFrom('registry.organisations').select('id').where('credit_code', '=', checked.code).executeTakeFirst();
  if (existing) throw conflict('REGISTRY_DUPLICATE_CREDIT_CODE', '该统一社会信用代码已登记');
  try {
    const id = Number((await sql<{ id: number }>`select nextval('registry.organisation_id_seq') as id`.execute(trx)).rows[0].id);
    await trx.insertInto('registry.organisations').values({ id, credit_code: checked.code, name: input.name, kind: input.kind, division_code: input.divisionCode, registered_on: input.registeredOn }).execute();
    await emitEvent(trx, { topic: 'registry.organisation.created', key: String(id), payload: { organisationId: id, creditCode: checked.code, divisionCode: input.divisionCode } });
    return id;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('REGISTRY_DUPLICATE_CREDIT_CODE', '该统一社会信用代码已登记');
    throw error;
  }
}

/** A change registration (变更登记) of name or seat; the credit code never changes. */
export async function updateOrganisationRecord(trx: Kysely<RegistryTables>, id: number, change: { name?: string; divisionCode?: string }): Promise<void> {
  const set: { name?: string; division_code?: string } = {};
  if (change.name) set.name = change.name;
  if (change.divisionCode) set.division_code = change.divisionCode;
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('registry.organisations').set(set).where('id', '=', id).execute();
  await emitEvent(trx, { topic: 'registry.organisation.changed', key: String(id), payload: { organisationId: id, ...change } });
}

export async function closeOrganisationRecord(trx: Kysely<RegistryTables>, id: number, on: IsoDate, reason: string): Promise<void> {
  await trx.updateTable('registry.organisations').set({ closed_on: on, closed_reason: reason }).where('id', '=', id).execute();
  await emitEvent(trx, { topic: 'registry.organisation.closed', key: String(id), payload: { organisationId: id, closedOn: on, reason } });
}
