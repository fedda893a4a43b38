/**
 * Supervision of funeral units: 双随机一公开 draws (random units, random inspectors, the draw made public),
 * inspections and their findings by category, each finding on the shared rectification loop (kernel
 * `reduceFinding`: 限期整改 → 整改 → 复核销号, overdue past the deadline), and summons (约谈) or bans.
 * Scoped by the unit's division; writes need `funeral.units.manage` (city and district civil affairs).
 */
import { randomInt } from 'node:crypto';
import { requirePermission, type Actor } from '../access/index.js';
import { addDays, canApplyFinding, conflict, divisionPrefix, type FindingAction, type FindingState, invalid, isValidDate, normaliseDivisionCode, notFound, reduceFinding, type IsoDate } from '../kernel/index.js';
import { allowRead, auditSystem, guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { FINDING_CATEGORIES, type FindingCategory, type FuneralDb, type InspectionKind, type SanctionKind, SANCTION_KINDS } from './model.js';
import { settingOn } from './setting-defs.js';

const MANAGE = 'funeral.units.manage' as const;

export interface InspectionView {
  id: number;
  unitId: number;
  unitName: string;
  divisionCode: string;
  kind: InspectionKind;
  status: 'planned' | 'done';
  plannedOn: IsoDate;
  inspectedOn: IsoDate | null;
  inspectors: string;
  summary: string;
  drawReference: string | null;
}

export interface FindingView {
  id: number;
  inspectionId: number;
  unitId: number;
  unitName: string;
  divisionCode: string;
  category: FindingCategory;
  description: string;
  status: FindingState['status'];
  deadline: IsoDate;
  overdue: boolean;
  log: { seq: number; action: FindingAction; at: string; reason: string | null }[];
}

const requireDate = (v: unknown, label: string): IsoDate => {
  if (typeof v !== 'string' || !isValidDate(v)) throw invalid('FUNERAL_INVALID_DATE', `${label}不是有效日期（YYYY-MM-DD）`);
  return v;
};

async function lockedUnit(trx: FuneralDb, allow: (r: Parameters<typeof allowRead>[2]) => Promise<void>, unitId: number, action: string, detail: Record<string, unknown>) {
  const unit = await trx.selectFrom('funeral.units').select(['id', 'name', 'division_code']).where('id', '=', unitId).forUpdate().executeTakeFirst();
  if (!unit) {
    await allow({ permission: MANAGE, action, entityType: 'funeral_unit', entityId: unitId });
    throw notFound('FUNERAL_UNIT_NOT_FOUND', '殡葬服务单位不存在或不在您的辖区范围内');
  }
  await allow({ permission: MANAGE, action, entityType: 'funeral_unit', entityId: unitId, divisionCodes: [unit.division_code], detail });
  return unit;
}

/**
 * 双随机: `count` units drawn at random among the open units of the division, each with two inspectors drawn
 * at random from the pool; the draw's reference is kept on the planned inspections (一公开: the list is public).
 */
export async function drawInspections(deps: FuneralDeps, actor: Actor, input: { divisionCode: string; count: number; inspectors: string[]; plannedOn: string }): Promise<{ reference: string; items: InspectionView[] }> {
  requirePermission(actor, MANAGE);
  const division = normaliseDivisionCode(String(input.divisionCode ?? ''));
  if (!division) throw invalid('FUNERAL_INVALID_DIVISION', '区划代码无效');
  const plannedOn = requireDate(input.plannedOn, '计划检查日期');
  const pool = [...new Set((input.inspectors ?? []).map((n) => String(n).trim()).filter(Boolean))];
  if (pool.length < 2) throw invalid('FUNERAL_INSPECTORS_TOO_FEW', '双随机抽查须至少两名执法检查人员入库');
  if (!Number.isInteger(input.count) || input.count < 1) throw invalid('FUNERAL_INVALID_COUNT', '抽取单位数须为正整数');
  const db = tables(deps);
  const ids = await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: MANAGE, action: 'funeral.inspection.draw', entityType: 'division', entityId: division, divisionCodes: [division], detail: { count: input.count, pool: pool.length } });
    const units = await trx
      .selectFrom('funeral.units')
      .select(['id', 'division_code'])
      .where('division_code', 'like', `${divisionPrefix(division)}%`)
      .where('status', '=', 'open')
      .orderBy('id')
      .execute();
    if (units.length === 0) throw conflict('FUNERAL_NO_UNITS', '该区划内没有在营的殡葬服务单位可供抽查');
    const picked = shuffled(units).slice(0, input.count);
    const reference = `SSJ-${plannedOn.replaceAll('-', '')}-${division.slice(0, 6)}-${randomInt(1000, 10000)}`;
    const rows = await trx
      .insertInto('funeral.inspections')
      .values(
        picked.map((u) => ({
          unit_id: u.id,
          division_code: u.division_code,
          kind: 'random' as const,
          planned_on: plannedOn,
          inspected_on: null,
          inspectors: shuffled(pool).slice(0, 2).join('、'),
          draw_reference: reference,
          recorded_by: actor.userId,
        })),
      )
      .returning('id')
      .execute();
    return { reference, ids: rows.map((r) => r.id) };
  });
  return { reference: ids.reference, items: await inspectionViews(db, ids.ids) };
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface InspectionInput {
  unitId?: number;
  /** A planned (drawn) inspection to complete. */
  inspectionId?: number;
  kind?: InspectionKind;
  inspectedOn: string;
  inspectors?: string;
  summary: string;
  findings?: { category: FindingCategory; description: string; deadline?: string }[];
}

/** Records an inspection (or completes a drawn one) with its findings; each finding opens its rectification loop. */
export async function recordInspection(deps: FuneralDeps, actor: Actor, input: InspectionInput): Promise<InspectionView & { findings: FindingView[] }> {
  requirePermission(actor, MANAGE);
  const inspectedOn = requireDate(input.inspectedOn, '检查日期');
  if (inspectedOn > today(deps)) throw invalid('FUNERAL_DATE_IN_FUTURE', '检查日期不能晚于今天');
  const findings = input.findings ?? [];
  for (const f of findings) {
    if (!(FINDING_CATEGORIES as readonly string[]).includes(f.category)) throw invalid('FUNERAL_INVALID_CATEGORY', '问题类别无效');
    if (!String(f.description ?? '').trim()) throw invalid('FUNERAL_FINDING_DESCRIPTION', '每个问题须写明具体情况');
    if (f.deadline !== undefined && requireDate(f.deadline, '整改期限') <= inspectedOn) throw invalid('FUNERAL_INVALID_DEADLINE', '整改期限须晚于检查日期');
  }
  const db = tables(deps);
  const id = await guardedTransaction(db, actor, async (trx, allow) => {
    let inspectionId: number;
    if (input.inspectionId !== undefined) {
      const planned = await trx.selectFrom('funeral.inspections').selectAll().where('id', '=', input.inspectionId).forUpdate().executeTakeFirst();
      if (!planned) {
        await allow({ permission: MANAGE, action: 'funeral.inspection.record', entityType: 'funeral_inspection', entityId: input.inspectionId });
        throw notFound('FUNERAL_INSPECTION_NOT_FOUND', '检查任务不存在或不在您的辖区范围内');
      }
      await allow({ permission: MANAGE, action: 'funeral.inspection.record', entityType: 'funeral_inspection', entityId: planned.id, divisionCodes: [planned.division_code], detail: { findings: findings.length } });
      if (planned.status === 'done') throw conflict('FUNERAL_INSPECTION_DONE', '该检查任务已登记结果');
      await trx
        .updateTable('funeral.inspections')
        .set({ status: 'done', inspected_on: inspectedOn, summary: String(input.summary ?? ''), recorded_by: actor.userId })
        .where('id', '=', planned.id)
        .execute();
      inspectionId = planned.id;
    } else {
      const unit = await lockedUnit(trx, allow, Number(input.unitId), 'funeral.inspection.record', { findings: findings.length });
      const inspectors = String(input.inspectors ?? '').trim();
      if (!inspectors) throw invalid('FUNERAL_INSPECTORS_REQUIRED', '须填写检查人员');
      const row = await trx
        .insertInto('funeral.inspections')
        .values({
          unit_id: unit.id,
          division_code: unit.division_code,
          kind: input.kind ?? 'routine',
          status: 'done',
          planned_on: inspectedOn,
          inspected_on: inspectedOn,
          inspectors,
          summary: String(input.summary ?? ''),
          draw_reference: null,
          recorded_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      inspectionId = row.id;
    }
    const inspection = await trx.selectFrom('funeral.inspections').select(['unit_id', 'division_code']).where('id', '=', inspectionId).executeTakeFirstOrThrow();
    const rectifyDays = Number(settingOn('supervision.rectifyDays', inspectedOn).value);
    for (const f of findings) {
      const deadline = f.deadline ?? addDays(inspectedOn, rectifyDays);
      const row = await trx
        .insertInto('funeral.findings')
        .values({ inspection_id: inspectionId, unit_id: inspection.unit_id, division_code: inspection.division_code, category: f.category, description: f.description.trim(), status: 'open', deadline, version: 0 })
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow();
      await appendFinding(trx, row, [], { action: 'record', actor, at: deps.clock.now(), detail: { deadline } });
    }
    return inspectionId;
  });
  const [view] = await inspectionViews(db, [id]);
  return { ...(view as InspectionView), findings: await findingViews(db, { inspectionId: id }) };
}

type LogRow = { action: FindingAction; detail: Record<string, unknown> };

async function appendFinding(
  trx: FuneralDb,
  row: { id: number; version: number },
  log: readonly LogRow[],
  entry: { action: FindingAction; actor: Actor | null; at: Date; reason?: string; detail: Record<string, unknown> },
): Promise<FindingState> {
  const before = log.length ? reduceFinding(log) : null;
  if (!canApplyFinding(before, entry.action)) throw conflict('FUNERAL_FINDING_STATE', `该问题当前状态下不能${entry.action === 'verify' ? '复核销号' : '执行此操作'}`);
  const seq = row.version + 1;
  await trx
    .insertInto('funeral.finding_log')
    .values({ finding_id: row.id, seq, action: entry.action, actor_user: entry.actor?.userId ?? null, at: entry.at, reason: entry.reason ?? null, detail: JSON.stringify(entry.detail) })
    .execute();
  const state = reduceFinding([...log, { action: entry.action, detail: entry.detail }]);
  const updated = await trx.updateTable('funeral.findings').set({ status: state.status, deadline: state.deadline, overdue: state.overdue, version: seq }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict('FUNERAL_FINDING_CHANGED', '该问题已被他人更新，请刷新后重试');
  return state;
}

const loadLog = async (trx: FuneralDb, id: number): Promise<LogRow[]> =>
  (await trx.selectFrom('funeral.finding_log').select(['action', 'detail']).where('finding_id', '=', id).orderBy('seq').execute()).map((r) => ({ action: r.action, detail: r.detail ?? {} }));

/** 整改 (the unit reports it done), 复核销号 or 复核未通过 (a new deadline), 延期. */
export async function actOnFinding(deps: FuneralDeps, actor: Actor, findingId: number, input: { action: 'rectify' | 'verify' | 'reopen' | 'extend'; on: string; deadline?: string; note: string }): Promise<FindingView> {
  requirePermission(actor, MANAGE);
  const on = requireDate(input.on, '办理日期');
  if (on > today(deps)) throw invalid('FUNERAL_DATE_IN_FUTURE', '办理日期不能晚于今天');
  const note = String(input.note ?? '').trim();
  if (!note) throw invalid('FUNERAL_NOTE_REQUIRED', '须填写整改或复核情况说明');
  const needsDeadline = input.action === 'reopen' || input.action === 'extend';
  const deadline = needsDeadline ? requireDate(input.deadline, '新的整改期限') : undefined;
  if (deadline !== undefined && deadline <= on) throw invalid('FUNERAL_INVALID_DEADLINE', '新的整改期限须晚于办理日期');
  const db = tables(deps);
  await guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('funeral.findings').select(['id', 'version', 'division_code']).where('id', '=', findingId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow({ permission: MANAGE, action: `funeral.finding.${input.action}`, entityType: 'funeral_finding', entityId: findingId });
      throw notFound('FUNERAL_FINDING_NOT_FOUND', '问题不存在或不在您的辖区范围内');
    }
    await allow({ permission: MANAGE, action: `funeral.finding.${input.action}`, entityType: 'funeral_finding', entityId: findingId, divisionCodes: [row.division_code], detail: { note } });
    const key = input.action === 'rectify' ? { rectifiedOn: on } : input.action === 'verify' ? { verifiedOn: on } : { deadline };
    await appendFinding(trx, row, await loadLog(trx, findingId), { action: input.action, actor, at: deps.clock.now(), reason: note, detail: key });
  });
  const [view] = await findingViews(db, { ids: [findingId] });
  return view as FindingView;
}

/** The escalation: every finding past its deadline and not rectified becomes overdue, once. Returns how many. */
export async function escalateOverdueFindings(deps: FuneralDeps): Promise<number> {
  const db = tables(deps);
  const on = today(deps);
  return db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('funeral.findings').select(['id', 'version']).where('status', 'in', ['open', 'reopened']).where('overdue', '=', false).where('deadline', '<', on).forUpdate().execute();
    for (const row of due) {
      await appendFinding(trx, row, await loadLog(trx, row.id), { action: 'overdue', actor: null, at: deps.clock.now(), detail: { on } });
      await auditSystem(trx, 'funeral.finding.overdue', 'funeral_finding', row.id, { on });
    }
    return due.length;
  });
}

/** What the server's job loop calls (hourly): the findings' escalation. */
export async function runFuneralJobs(deps: FuneralDeps): Promise<{ overdueFindings: number }> {
  return { overdueFindings: await escalateOverdueFindings(deps) };
}

/** 约谈 or 禁止承接业务 (a ban has an end date); a ban suspends the unit until then. */
export async function recordSanction(deps: FuneralDeps, actor: Actor, unitId: number, input: { kind: SanctionKind; decidedOn: string; untilOn?: string; reason: string; findingId?: number }) {
  requirePermission(actor, MANAGE);
  if (!(SANCTION_KINDS as readonly string[]).includes(input.kind)) throw invalid('FUNERAL_INVALID_SANCTION', '处置类型无效（约谈或禁止承接业务）');
  const decidedOn = requireDate(input.decidedOn, '决定日期');
  if (decidedOn > today(deps)) throw invalid('FUNERAL_DATE_IN_FUTURE', '决定日期不能晚于今天');
  const untilOn = input.kind === 'ban' ? requireDate(input.untilOn, '禁止期限') : null;
  if (untilOn !== null && untilOn <= decidedOn) throw invalid('FUNERAL_INVALID_DEADLINE', '禁止期限须晚于决定日期');
  const reason = String(input.reason ?? '').trim();
  if (!reason) throw invalid('FUNERAL_REASON_REQUIRED', '须写明约谈或禁止的事由');
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const unit = await lockedUnit(trx, allow, unitId, `funeral.sanction.${input.kind}`, { reason, untilOn });
    const row = await trx
      .insertInto('funeral.sanctions')
      .values({ unit_id: unit.id, division_code: unit.division_code, kind: input.kind, decided_on: decidedOn, until_on: untilOn, reason, finding_id: input.findingId ?? null, decided_by: actor.userId })
      .returning(['id', 'kind', 'decided_on', 'until_on', 'reason'])
      .executeTakeFirstOrThrow();
    if (input.kind === 'ban') await trx.updateTable('funeral.units').set({ status: 'suspended' }).where('id', '=', unit.id).execute();
    return { id: row.id, unitId: unit.id, unitName: unit.name, kind: row.kind, decidedOn: row.decided_on, untilOn: row.until_on, reason: row.reason };
  });
}

export async function listInspections(deps: FuneralDeps, actor: Actor): Promise<{ items: InspectionView[] }> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.inspections.list', entityType: 'funeral_inspection_list' });
  const ids = (
    await db
      .selectFrom('funeral.inspections')
      .select('id')
      .where('division_code', 'like', `${divisionPrefix(actor.jurisdiction)}%`)
      .orderBy('planned_on', 'desc')
      .orderBy('id', 'desc')
      .limit(500)
      .execute()
  ).map((r) => r.id);
  return { items: await inspectionViews(db, ids) };
}

/** The findings in the caller's area, overdue first, then by deadline. */
export async function listFindings(deps: FuneralDeps, actor: Actor, query: { status?: 'open' | 'closed' } = {}): Promise<{ items: FindingView[] }> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.findings.list', entityType: 'funeral_finding_list' });
  return { items: await findingViews(db, { within: actor.jurisdiction, status: query.status }) };
}

async function inspectionViews(db: FuneralDb, ids: number[]): Promise<InspectionView[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('funeral.inspections as i').innerJoin('funeral.units as u', 'u.id', 'i.unit_id').selectAll('i').select('u.name as unit_name').where('i.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r
      ? [
          {
            id: r.id,
            unitId: r.unit_id,
            unitName: r.unit_name,
            divisionCode: r.division_code,
            kind: r.kind,
            status: r.status,
            plannedOn: r.planned_on,
            inspectedOn: r.inspected_on,
            inspectors: r.inspectors,
            summary: r.summary,
            drawReference: r.draw_reference,
          },
        ]
      : [];
  });
}

export async function findingViews(db: FuneralDb, filter: { ids?: number[]; inspectionId?: number; within?: string; status?: 'open' | 'closed' }): Promise<FindingView[]> {
  let q = db.selectFrom('funeral.findings as f').innerJoin('funeral.units as u', 'u.id', 'f.unit_id').selectAll('f').select('u.name as unit_name');
  if (filter.ids) q = q.where('f.id', 'in', filter.ids.length ? filter.ids : [0]);
  if (filter.inspectionId !== undefined) q = q.where('f.inspection_id', '=', filter.inspectionId);
  if (filter.within) q = q.where('f.division_code', 'like', `${divisionPrefix(filter.within)}%`);
  if (filter.status === 'open') q = q.where('f.status', '<>', 'verified');
  if (filter.status === 'closed') q = q.where('f.status', '=', 'verified');
  const rows = await q.orderBy('f.overdue', 'desc').orderBy('f.deadline').orderBy('f.id').limit(1000).execute();
  const logs = rows.length
    ? await db
        .selectFrom('funeral.finding_log')
        .select(['finding_id', 'seq', 'action', 'at', 'reason'])
        .where(
          'finding_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('seq')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    inspectionId: r.inspection_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    divisionCode: r.division_code,
    category: r.category,
    description: r.description,
    status: r.status,
    deadline: r.deadline,
    overdue: r.overdue,
    log: logs.filter((l) => l.finding_id === r.id).map((l) => ({ seq: l.seq, action: l.action, at: l.at.toISOString(), reason: l.reason })),
  }));
}
