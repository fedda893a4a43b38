/**
 * The cases still open (applied, in progress or paying) of some households, for modules that must not push a
 * household towards a programme it has already applied for (政策找人). A plain read with no actor: the caller
 * gets case numbers and statuses only, and authorizes its own reader.
 */
import type { Database } from '../db/index.js';
import type { AssistanceProgramme, AssistanceTables } from './model.js';
import { statusNames, TERMINAL, type Status } from './states.js';

export interface OpenCase {
  caseId: number;
  householdId: number;
  programme: AssistanceProgramme;
  /** 特困 is per person: the one the case is for. */
  beneficiaryPersonId: number | null;
  status: Status;
  statusName: string;
}

export async function openCasesOf(db: Database, householdIds: readonly number[]): Promise<OpenCase[]> {
  const out: OpenCase[] = [];
  const ids = [...new Set(householdIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.kysely
      .withTables<AssistanceTables>()
      .selectFrom('assistance.cases')
      .select(['id', 'household_id', 'programme', 'beneficiary_person_id', 'status'])
      .where('household_id', 'in', ids.slice(i, i + 1000))
      .where('status', 'not in', TERMINAL)
      .orderBy('id')
      .execute();
    for (const r of rows) out.push({ caseId: r.id, householdId: r.household_id, programme: r.programme, beneficiaryPersonId: r.beneficiary_person_id, status: r.status, statusName: statusNames[r.status] });
  }
  return out;
}
