/**
 * 免申即享: 老年综合津贴 starts in the month of the 65th birthday for a person with Shanghai registration,
 * without an application; 孤儿基本生活费 starts when an orphan is registered (evaluate-policy.ts, from the
 * exchange or a registry event). Both stop by a death or a move out of the city (handlers.ts).
 *
 * The monthly job needs no registry read: the two programmes look only at the person's birth date,
 * registration and orphan status (POLICY-PACK), which the read model holds; the engine still decides, on a
 * one-member household carrying exactly those facts, so amounts and reasons are the pack's own.
 */
import type { Actor } from '../access/index.js';
import { scopeDivision } from '../access/index.js';
import { addMonths, daysInMonth, divisionPrefix, invalid, isValidMonth, monthOf, normaliseDivisionCode, type IsoDate, type Month } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { autoProgrammeNames, grantBenefits } from './grant-log.js';
import { allowRead, auditSystem } from './guard.js';
import { AUTO_PROGRAMMES, type AutoProgramme } from './model.js';
import { completePersonIndex } from './person-index.js';
import { explainProgrammes, policyParameters, reasonsOf, screenFacts, type HouseholdFacts } from './policy-port.js';

/** The facts the two automatic programmes read, as a one-member household. */
export function soloFacts(personId: number, birthDate: IsoDate, orphan: boolean): HouseholdFacts {
  return {
    members: [{ id: String(personId), birthDate, hukouShanghai: true, disability: null, laborCapacity: 'full', orphan, monthlyIncomeFen: 0, monetaryAssetsFen: 0, ownsVehicle: false }],
    rigidExpensesLast12MonthsFen: 0,
    hasLegalSupporter: true,
  };
}

/** Born on or before this day: 65 or older on the last day of M (29 February births handled by the engine's rule). */
function bornBy65(month: Month): IsoDate {
  const y = Number(month.slice(0, 4)) - 65;
  const m = Number(month.slice(5, 7));
  const last = Math.min(daysInMonth(Number(month.slice(0, 4)), m), daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${month.slice(5, 7)}-${String(last).padStart(2, '0')}`;
}

const dueMonth65 = (birthDate: IsoDate): Month => addMonths(monthOf(birthDate), 65 * 12);

export interface GrantRunSummary {
  month: Month;
  candidates: number;
  granted: number;
}

/** The monthly 老年综合津贴 run: everyone 65 by the end of M with Shanghai registration and no allowance yet. */
export async function grantAllowances(deps: MonitoringDeps, actor: Actor | null, month: Month, divisionCode = '310000000000'): Promise<GrantRunSummary> {
  if (!isValidMonth(month)) throw invalid('MONITORING_INVALID_MONTH', `月份格式错误：${month}`);
  const db = tables(deps);
  const division = actor ? scopeDivision(actor, divisionCode) : divisionCode;
  if (actor) await allowRead(db, actor, { permission: 'monitoring.grants', action: 'monitoring.grants.run', entityType: 'division', entityId: division, divisionCodes: [division], detail: { month } });
  const prefix = division.startsWith('31') ? divisionPrefix(division) : '31';
  await completePersonIndex(deps, prefix);
  const parameters = await policyParameters(deps.db);
  let after = 0;
  let candidates = 0;
  let granted = 0;
  for (;;) {
    const rows = await db
      .selectFrom('monitoring.persons as p')
      .select(['p.person_id', 'p.birth_date', 'p.household_id', 'p.hukou_division'])
      .where('p.person_id', '>', after)
      .where('p.death_date', 'is', null)
      .where('p.hukou_division', 'like', `${prefix}%`)
      .where('p.birth_date', '<=', bornBy65(month))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('monitoring.benefit_grants as g').select('g.id').whereRef('g.person_id', '=', 'p.person_id').where('g.programme', '=', 'elderly_allowance').where('g.status', '=', 'active'))),
      )
      .orderBy('p.person_id')
      .limit(2000)
      .execute();
    if (!rows.length) break;
    after = rows[rows.length - 1].person_id;
    candidates += rows.length;
    const screened = screenFacts(
      month,
      rows.map((r) => ({ householdId: r.person_id, facts: soloFacts(r.person_id, r.birth_date as IsoDate, false) })),
      parameters,
    );
    const due = rows.filter((_, i) => screened[i].persons.some((p) => p.programme === 'elderly_allowance'));
    await db.transaction().execute(async (trx) => {
      const inputs = due.map((r) => {
        const birthDate = r.birth_date as IsoDate;
        const dueMonth = dueMonth65(birthDate);
        const fromMonth = dueMonth > month ? dueMonth : month;
        const reasons = [
          `${dueMonth} 年满 65 周岁，本市户籍，${autoProgrammeNames.elderly_allowance}免申即享，自 ${fromMonth} 起发放`,
          ...reasonsOf(explainProgrammes(month, soloFacts(r.person_id, birthDate, false), ['elderly_allowance'], parameters), 'elderly_allowance'),
        ];
        return {
          personId: r.person_id,
          programme: 'elderly_allowance' as const,
          householdId: r.household_id,
          birthDate,
          divisionCode: r.hukou_division as string,
          fromMonth,
          reasons,
          cause: { kind: 'job' as const, name: `elderly-allowance:${month}` },
        };
      });
      const ids = await grantBenefits(trx, inputs, deps.clock.now());
      granted += ids.length;
      if (ids.length) await auditSystem(trx, 'monitoring.grants.run', 'division', division, { month, granted: ids });
    });
  }
  return { month, candidates, granted };
}

export interface GrantView {
  id: number;
  personId: number;
  programme: AutoProgramme;
  programmeName: string;
  divisionCode: string;
  fromMonth: Month;
  untilMonth: Month | null;
  status: 'active' | 'stopped';
  decisions: { decision: 'grant' | 'stop'; effectiveMonth: Month; reasons: string[]; decidedAt: string }[];
}

export async function listGrants(
  deps: MonitoringDeps,
  actor: Actor,
  filter: { programme?: AutoProgramme; status?: 'active' | 'stopped'; personId?: number; division?: string; cursor?: number; limit?: number } = {},
): Promise<{ items: GrantView[]; nextCursor: number | null }> {
  if (filter.programme && !AUTO_PROGRAMMES.includes(filter.programme)) throw invalid('MONITORING_INVALID_FILTER', `未知项目：${filter.programme}`);
  const db = tables(deps);
  const division = scopeDivision(actor, filter.division ? (normaliseDivisionCode(filter.division) ?? filter.division) : undefined);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('monitoring.benefit_grants')
    .selectAll()
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.programme) query = query.where('programme', '=', filter.programme);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  await allowRead(db, actor, {
    permission: 'monitoring.read',
    action: 'monitoring.grants.list',
    entityType: 'benefit_grant',
    divisionCodes: [division],
    detail: { programme: filter.programme, status: filter.status, personId: filter.personId, cursor: filter.cursor, limit: filter.limit, division, ids: page.map((r) => r.id) },
  });
  const decisions = page.length
    ? await db
        .selectFrom('monitoring.benefit_decisions')
        .selectAll()
        .where(
          'grant_id',
          'in',
          page.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return {
    items: page.map((r) => ({
      id: r.id,
      personId: r.person_id,
      programme: r.programme,
      programmeName: autoProgrammeNames[r.programme],
      divisionCode: r.division_code,
      fromMonth: r.from_month,
      untilMonth: r.until_month,
      status: r.status,
      decisions: decisions.filter((d) => d.grant_id === r.id).map((d) => ({ decision: d.decision, effectiveMonth: d.effective_month, reasons: d.reasons, decidedAt: d.decided_at.toISOString() })),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}
