/**
 * 免申即享 records: a grant starts a benefit from a month, a stop ends it from a month; each is a decision
 * with its reasons (the engine's rule text, or the event that ended it) in the append-only decision log.
 */
import { addMonths, monthOf, type IsoDate, type Month } from '../kernel/index.js';
import { emitEvent, emitEvents, type MonitoringTrx } from './guard.js';
import type { AutoProgramme, Origin } from './model.js';

export const autoProgrammeNames: Record<AutoProgramme, string> = {
  elderly_allowance: '老年综合津贴',
  orphan_allowance: '孤儿基本生活费',
  child_plight_allowance: '困境儿童、事实无人抚养儿童基本生活费',
};

export interface GrantInput {
  personId: number;
  programme: AutoProgramme;
  householdId: number | null;
  birthDate: IsoDate;
  divisionCode: string;
  fromMonth: Month;
  reasons: string[];
  cause: Origin;
}

/** Starts each benefit unless the person already has it (one statement per table for the lot); returns the new grants' ids. */
export async function grantBenefits(trx: MonitoringTrx, inputs: readonly GrantInput[], now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < inputs.length; i += 500) {
    const chunk = inputs.slice(i, i + 500);
    const rows = await trx
      .insertInto('monitoring.benefit_grants')
      .values(
        chunk.map((g) => ({
          person_id: g.personId,
          programme: g.programme,
          household_id: g.householdId,
          birth_date: g.birthDate,
          division_code: g.divisionCode,
          from_month: g.fromMonth,
          until_month: null,
          status: 'active' as const,
          granted_at: now,
          stopped_at: null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'person_id', 'programme'])
      .execute();
    if (!rows.length) continue;
    const byKey = new Map(chunk.map((g) => [`${g.personId}:${g.programme}`, g]));
    const granted = rows.map((r) => ({ id: r.id, input: byKey.get(`${r.person_id}:${r.programme}`) as GrantInput }));
    await trx
      .insertInto('monitoring.benefit_decisions')
      .values(granted.map(({ id, input }) => ({ grant_id: id, decision: 'grant' as const, effective_month: input.fromMonth, reasons: JSON.stringify(input.reasons), cause: JSON.stringify(input.cause), decided_at: now })))
      .execute();
    await emitEvents(
      trx,
      granted.map(({ id, input }) => ({ topic: 'monitoring.benefit.granted', key: String(input.personId), payload: { grantId: id, personId: input.personId, programme: input.programme, fromMonth: input.fromMonth } })),
    );
    ids.push(...granted.map((g) => g.id));
  }
  return ids;
}

/**
 * Ends the person's active benefits (one programme, or all) from `effectiveMonth`: that month is the first
 * not paid. Months already paid from then on are named in the reasons, to be recovered.
 */
export async function stopBenefits(trx: MonitoringTrx, personId: number, effectiveMonth: Month, reason: string, cause: Origin, now: Date, programme?: AutoProgramme): Promise<number[]> {
  let query = trx.selectFrom('monitoring.benefit_grants').selectAll().where('person_id', '=', personId).where('status', '=', 'active').forUpdate();
  if (programme) query = query.where('programme', '=', programme);
  const grants = await query.execute();
  for (const grant of grants) {
    const until = effectiveMonth < grant.from_month ? grant.from_month : effectiveMonth;
    const paid = await trx.selectFrom('monitoring.allowance_payments').select(['month', 'amount_fen']).where('grant_id', '=', grant.id).where('month', '>=', until).orderBy('month').execute();
    const reasons = [`${reason}，${autoProgrammeNames[grant.programme]}自 ${until} 起停发`];
    if (paid.length) reasons.push(`已发放的 ${paid.map((p) => p.month).join('、')} 共 ${paid.length} 个月应予追回`);
    await trx.updateTable('monitoring.benefit_grants').set({ status: 'stopped', until_month: until, stopped_at: now }).where('id', '=', grant.id).execute();
    await trx
      .insertInto('monitoring.benefit_decisions')
      .values({ grant_id: grant.id, decision: 'stop', effective_month: until, reasons: JSON.stringify(reasons), cause: JSON.stringify(cause), decided_at: now })
      .execute();
    await emitEvent(trx, { topic: 'monitoring.benefit.stopped', key: String(personId), payload: { grantId: grant.id, personId, programme: grant.programme, untilMonth: until, recoverMonths: paid.map((p) => p.month) } });
  }
  return grants.map((g) => g.id);
}

/** A benefit ends with the month of the event: paid for the month of death, not after. */
export const monthAfter = (date: IsoDate): Month => addMonths(monthOf(date), 1);
