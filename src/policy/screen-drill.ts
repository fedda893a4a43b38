/**
 * Drilling into a screening run: city → district → street by counts, then the households of a street (or
 * committee) page by page, named by the head of household, masked (a list of many households is not the
 * place to read names; the household page is, with its own audit). Each read is authorized and audited.
 */
import { sql } from 'kysely';
import { authorize, type Actor } from '../access/index.js';
import { divisionLevel, divisionPrefix, invalid, isWithin, maskName, normaliseDivisionCode, notFound } from '../kernel/index.js';
import { householdContacts, type RegistryTables } from '../registry/index.js';
import { accessOf, policyDb, type PolicyContext } from './store-model.js';

export interface DrillRow {
  /** The child division (district of the city, street of the district); 12 digits. */
  divisionCode: string;
  programme: string;
  households: number;
}

export interface DrillHousehold {
  householdId: number;
  divisionCode: string;
  headName: string | null;
  programmes: string[];
  monthlyAmountFen: number;
}

/** The division asked for, inside both the run's and the actor's; 404 for a run the actor may not see. */
async function scopeOf(ctx: PolicyContext, actor: Actor, runId: number, raw: string | undefined): Promise<{ division: string }> {
  const db = policyDb(ctx.db);
  const run = await db.selectFrom('policy.screen_runs').select(['division_code', 'status']).where('id', '=', runId).executeTakeFirst();
  const visible = run && (isWithin(run.division_code, actor.jurisdiction) || isWithin(actor.jurisdiction, run.division_code));
  if (!run || !visible) {
    await authorize(accessOf(db), actor, { permission: 'policy.screen', action: 'policy.screen.drill', entityType: 'screen_run', entityId: runId });
    throw notFound('POLICY_SCREEN_RUN_NOT_FOUND', `筛查任务 ${runId} 不存在`);
  }
  const narrower = isWithin(actor.jurisdiction, run.division_code) ? actor.jurisdiction : run.division_code;
  const division = raw === undefined ? narrower : normaliseDivisionCode(raw);
  if (!division) throw invalid('POLICY_INVALID_DIVISION', `区划代码无效：${raw ?? ''}`);
  if (!isWithin(division, narrower)) throw invalid('POLICY_DIVISION_OUTSIDE', '所选区划不在本次筛查或本人辖区范围内');
  return { division };
}

/** Counts of eligible households by child division and programme (a street's children are its households: see screenHouseholds). */
export async function screenBreakdown(ctx: PolicyContext, actor: Actor, runId: number, query: { division?: string }): Promise<{ divisionCode: string; rows: DrillRow[] }> {
  const { division } = await scopeOf(ctx, actor, runId, query.division);
  const level = divisionLevel(division);
  const width = level === 'province' || level === 'prefecture' ? 6 : level === 'district' ? 9 : 12;
  const db = policyDb(ctx.db);
  await authorize(accessOf(db), actor, { permission: 'policy.screen', action: 'policy.screen.drill', entityType: 'screen_run', entityId: runId, divisionCodes: [division], detail: { division } });
  const rows = await db
    .selectFrom('policy.screen_results')
    .select([sql<string>`rpad(left(division_code, ${width}), 12, '0')`.as('child'), 'programme', sql<number>`count(distinct household_id)::int`.as('households')])
    .where('run_id', '=', runId)
    .where('eligible', '=', true)
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .groupBy(['child', 'programme'])
    .orderBy('child')
    .orderBy('programme')
    .execute();
  return { divisionCode: division, rows: rows.map((r) => ({ divisionCode: r.child, programme: r.programme, households: r.households })) };
}

/** The eligible households of a division, by household id, with the programmes each is eligible for. */
export async function screenHouseholds(ctx: PolicyContext, actor: Actor, runId: number, query: { division?: string; programme?: string; cursor?: number; limit?: number }): Promise<{ items: DrillHousehold[]; nextCursor: number | null }> {
  const { division } = await scopeOf(ctx, actor, runId, query.division);
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('POLICY_INVALID_LIMIT', '每页条数须为 1 至 200 之间的整数');
  const db = policyDb(ctx.db);
  let q = db
    .selectFrom('policy.screen_results')
    .select([
      'household_id',
      sql<string>`min(division_code)`.as('division_code'),
      sql<string[]>`array_agg(distinct programme order by programme)`.as('programmes'),
      sql<number>`coalesce(max(monthly_amount_fen) filter (where member_id is null), 0)::int8`.as('amount'),
    ])
    .where('run_id', '=', runId)
    .where('eligible', '=', true)
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .groupBy('household_id')
    .orderBy('household_id')
    .limit(limit + 1);
  if (query.programme) q = q.where('programme', '=', query.programme);
  if (query.cursor) q = q.where('household_id', '>', query.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const contacts = await householdContacts(
    ctx.db.kysely.withTables<RegistryTables>(),
    page.map((r) => r.household_id),
  );
  await authorize(accessOf(db), actor, {
    permission: 'policy.screen',
    action: 'policy.screen.households',
    entityType: 'screen_run',
    entityId: runId,
    divisionCodes: [division],
    detail: { division, programme: query.programme ?? null, households: page.map((r) => r.household_id) },
  });
  const items = page.map((r) => {
    const head = contacts.get(r.household_id)?.head;
    return { householdId: r.household_id, divisionCode: r.division_code, headName: head ? maskName(head.name) : null, programmes: r.programmes, monthlyAmountFen: Number(r.amount) };
  });
  return { items, nextCursor: rows.length > limit ? page[page.length - 1].household_id : null };
}
