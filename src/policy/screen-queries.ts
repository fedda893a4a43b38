/**
 * Reading screening state: a run with its progress and district summaries, a run's results page by page
 * (keyset cursor), and — for other modules — the households currently eligible for a programme in a
 * division and month (policy.household_results, screened first when no run covers them yet).
 */
import { sql } from 'kysely';
import { authorize, requirePermission, type Actor } from '../access/index.js';
import { conflict, divisionPrefix, invalid, isValidMonth, isWithin, normaliseDivisionCode, notFound, type Month } from '../kernel/index.js';
import { activePack } from './active-pack.js';
import type { PolicyPack } from './programme.js';
import type { ScreenTimings } from './schemas-store.js';
import { runScreen } from './screen-jobs.js';
import { accessOf, policyDb, type PolicyContext } from './store-model.js';

/** A running run whose heartbeat is older than this was interrupted (its process ended). */
const STALE_SECONDS = 60;

export interface ScreenRunView {
  id: number;
  month: string;
  divisionCode: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: string;
  progressPercent: number;
  workers: number;
  households: number | null;
  persons: number | null;
  resultRows: number | null;
  ruleVersion: string | null;
  rulesFingerprint: string | null;
  parametersFingerprint: string | null;
  /** As the run recorded it when done (screen-jobs.ts); null before. */
  timings: ScreenTimings | null;
  error: string | null;
  startedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  summaries: { district: string; programme: string; households: number; persons: number; monthlyAmountFen: number }[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const visible = (actor: Actor | null, division: string) => !actor || isWithin(division, actor.jurisdiction) || isWithin(actor.jurisdiction, division);

export async function getScreenRun(ctx: PolicyContext, actor: Actor | null, runId: number): Promise<ScreenRunView> {
  if (actor) requirePermission(actor, 'policy.screen');
  const db = policyDb(ctx.db);
  await db
    .updateTable('policy.screen_runs')
    .set({ status: 'failed', phase: 'failed', error: '筛查中断（执行进程已退出），请重新发起', finished_at: sql`now()` })
    .where('id', '=', runId)
    .where('status', 'in', ['queued', 'running'])
    .where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${STALE_SECONDS})`)
    .execute();
  const run = await db.selectFrom('policy.screen_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || !visible(actor, run.division_code)) throw notFound('POLICY_SCREEN_RUN_NOT_FOUND', `筛查任务 ${runId} 不存在`);
  const prefix = actor && isWithin(actor.jurisdiction, run.division_code) ? divisionPrefix(actor.jurisdiction).slice(0, 6) : '';
  const summaries = await db
    .selectFrom('policy.screen_summaries')
    .select(['district', 'programme', 'households', 'persons', 'monthly_amount_fen'])
    .where('run_id', '=', runId)
    .where('district', 'like', `${prefix}%`)
    .orderBy('district')
    .orderBy('programme')
    .execute();
  return {
    id: run.id,
    month: run.month,
    divisionCode: run.division_code,
    status: run.status,
    phase: run.phase,
    progressPercent: run.progress_percent,
    workers: run.workers,
    households: run.households,
    persons: run.persons,
    resultRows: run.result_rows,
    ruleVersion: run.rule_version,
    rulesFingerprint: run.rules_fingerprint,
    parametersFingerprint: run.parameters_fingerprint,
    timings: run.timings as ScreenTimings | null,
    error: run.error,
    startedBy: run.started_by_username,
    createdAt: iso(run.created_at) as string,
    startedAt: iso(run.started_at),
    finishedAt: iso(run.finished_at),
    summaries: summaries.map((s) => ({ district: s.district, programme: s.programme, households: s.households, persons: s.persons, monthlyAmountFen: s.monthly_amount_fen })),
  };
}

export interface ScreenResultRow {
  householdId: number;
  divisionCode: string;
  programme: string;
  memberId: number | null;
  eligible: boolean;
  monthlyAmountFen: number;
  failMask: number;
}

const encodeCursor = (r: ScreenResultRow) => Buffer.from(JSON.stringify([r.programme, r.householdId, r.memberId ?? 0])).toString('base64url');
function decodeCursor(cursor: string): [string, number, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && Number.isSafeInteger(v[1]) && Number.isSafeInteger(v[2])) return v as [string, number, number];
  } catch {
    // fall through
  }
  throw invalid('POLICY_INVALID_CURSOR', '分页游标无效');
}

/** A page of a run's results inside the actor's jurisdiction (audited: it lists households by eligibility). */
export async function listScreenResults(ctx: PolicyContext, actor: Actor, runId: number, query: { programme?: string; cursor?: string; limit?: number }) {
  const db = policyDb(ctx.db);
  const run = await db.selectFrom('policy.screen_runs').select(['division_code', 'status']).where('id', '=', runId).executeTakeFirst();
  if (!run || !visible(actor, run.division_code)) throw notFound('POLICY_SCREEN_RUN_NOT_FOUND', `筛查任务 ${runId} 不存在`);
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('POLICY_INVALID_LIMIT', '每页条数须为 1 至 1000 之间的整数');
  await authorize(accessOf(db), actor, {
    permission: 'policy.screen',
    action: 'policy.screen.results',
    entityType: 'screen_run',
    entityId: runId,
    divisionCodes: [isWithin(actor.jurisdiction, run.division_code) ? actor.jurisdiction : run.division_code],
    detail: { programme: query.programme ?? null, cursor: query.cursor ?? null },
  });
  let q = db
    .selectFrom('policy.screen_results')
    .select(['household_id', 'division_code', 'programme', 'member_id', 'eligible', 'monthly_amount_fen', 'fail_mask'])
    .where('run_id', '=', runId)
    .where('division_code', 'like', `${divisionPrefix(actor.jurisdiction)}%`);
  if (query.programme) q = q.where('programme', '=', query.programme);
  if (query.cursor) {
    const [programme, householdId, memberId] = decodeCursor(query.cursor);
    q = q.where(sql<boolean>`(programme, household_id, coalesce(member_id, 0)) > (${programme}, ${householdId}::bigint, ${memberId}::bigint)`);
  }
  const rows = await q
    .orderBy('programme')
    .orderBy('household_id')
    .orderBy(sql`coalesce(member_id, 0)`)
    .limit(limit + 1)
    .execute();
  const items: ScreenResultRow[] = rows
    .slice(0, limit)
    .map((r) => ({ householdId: r.household_id, divisionCode: r.division_code, programme: r.programme, memberId: r.member_id, eligible: r.eligible, monthlyAmountFen: r.monthly_amount_fen, failMask: r.fail_mask }));
  return { runStatus: run.status, items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
}

export interface EligibleHousehold {
  householdId: number;
  divisionCode: string;
  /** Eligible members of a person programme; null for household programmes. */
  memberIds: number[] | null;
  monthlyAmountFen: number;
}

/**
 * Households eligible for `programme` in `divisionCode` for `month`, ordered by household id, a page at a
 * time (`afterHouseholdId`). When no finished run covers the division and month, one is run first
 * (unless `screenIfMissing` is false: then POLICY_NOT_SCREENED). For system callers such as discovery,
 * which authorise and audit at their own level.
 */
export async function eligibleHouseholds(
  ctx: PolicyContext,
  query: { programme: string; divisionCode: string; month: Month; afterHouseholdId?: number; limit?: number; screenIfMissing?: boolean },
  pack?: PolicyPack,
): Promise<{ runId: number; households: EligibleHousehold[] }> {
  const p = pack ?? (await activePack());
  if (!p.byId.has(query.programme)) throw invalid('POLICY_UNKNOWN_PROGRAMME', `未知项目：${query.programme}`);
  if (!isValidMonth(query.month)) throw invalid('POLICY_INVALID_MONTH', `月份格式错误：${query.month}（应为 YYYY-MM）`);
  const division = normaliseDivisionCode(query.divisionCode);
  if (!division) throw invalid('POLICY_INVALID_DIVISION', `区划代码无效：${query.divisionCode}`);
  const db = policyDb(ctx.db);
  const runs = await db.selectFrom('policy.screen_runs').select(['id', 'division_code']).where('month', '=', query.month).where('status', '=', 'done').orderBy('id', 'desc').execute();
  let runId = runs.find((r) => isWithin(division, r.division_code))?.id;
  if (runId === undefined) {
    if (query.screenIfMissing === false) throw conflict('POLICY_NOT_SCREENED', `${query.month} 尚未对该区划进行筛查`);
    runId = await runScreen(ctx, null, { month: query.month, divisionCode: division }, p);
  }
  const rows = await db
    .selectFrom('policy.household_results')
    .select(['household_id', 'division_code', 'member_ids', 'monthly_amount_fen'])
    .where('month', '=', query.month)
    .where('programme', '=', query.programme)
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .where('household_id', '>', query.afterHouseholdId ?? 0)
    .orderBy('household_id')
    .limit(Math.min(query.limit ?? 10_000, 100_000))
    .execute();
  return { runId, households: rows.map((r) => ({ householdId: r.household_id, divisionCode: r.division_code, memberIds: r.member_ids?.map(Number) ?? null, monthlyAmountFen: r.monthly_amount_fen })) };
}
