/**
 * 发现报告: a child's case opens with a report (儿童主任, school, police, the street, or a registry event). One
 * open case per child: a second report is 409, a second event for the same trigger adds nothing. The
 * committee's 儿童主任 and the street's 督导员 are assigned from the roster, as monitoring's advisorFor does.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { ageOn, conflict, divisionAncestors, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import { SITUATION_KINDS, situationNames, type ChildrenDb, type ReportSource, type SituationKind } from './model.js';
import { familyOf, minorChildrenOf, personFacts } from './registry-port.js';

export interface ReportInput {
  childId: number;
  source: ReportSource;
  reportedOn: IsoDate;
  noCarer?: boolean;
  abuse?: boolean;
  fatherId?: number | null;
  motherId?: number | null;
  note: string;
}

const streetOf = (committee: string): string => divisionAncestors(committee).find((c) => c.slice(9) === '000' && c.slice(6, 9) !== '000') ?? committee;
const districtOf = (code: string): string => `${code.slice(0, 6)}000000`;

/** The roster's 儿童主任 of the committee and 督导员 of the street (the earliest appointed). */
export async function assignees(trx: ChildrenDb, division: string): Promise<{ directorId: number | null; supervisorId: number | null }> {
  const rows = await trx
    .selectFrom('children.workers')
    .select(['user_id', 'role', 'division_code'])
    .where('division_code', 'in', [division, streetOf(division)])
    .orderBy('since')
    .orderBy('user_id')
    .execute();
  return { directorId: rows.find((r) => r.role === 'child_director' && r.division_code === division)?.user_id ?? null, supervisorId: rows.find((r) => r.role === 'child_supervisor')?.user_id ?? null };
}

export async function reportChild(deps: ChildrenDeps, actor: Actor, input: ReportInput): Promise<{ caseId: number }> {
  if (!isValidDate(input.reportedOn)) throw invalid('CHILDREN_INVALID_DATE', '报告日期格式错误');
  if (input.reportedOn > today(deps)) throw invalid('CHILDREN_DATE_IN_FUTURE', '报告日期不能晚于今天');
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'children.report' as const, action: 'children.case.report', entityType: 'person', entityId: input.childId };
    const child = (await personFacts(trx, [input.childId])).get(input.childId);
    if (!child) {
      await allow(request);
      throw notFound('CHILDREN_PERSON_NOT_FOUND', `人员 ${input.childId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [child.residenceDivision] });
    const age = ageOn(child.birthDate, input.reportedOn);
    if (age >= 18) throw invalid('CHILDREN_NOT_A_MINOR', `该人员在报告日期 ${input.reportedOn} 已满 18 周岁（${age} 周岁），不属未成年人`);
    if (child.deathDate) throw invalid('CHILDREN_PERSON_DEAD', '该人员已登记死亡');
    const open = await trx.selectFrom('children.cases').select('id').where('child_id', '=', input.childId).where('status', '<>', 'closed').executeTakeFirst();
    if (open) throw conflict('CHILDREN_CASE_OPEN', `该儿童已有未结案件（编号 ${open.id}），请在原案件中记录`);
    const family = input.fatherId !== undefined || input.motherId !== undefined ? null : await familyOf(trx, input.childId, input.reportedOn);
    const fatherId = input.fatherId ?? family?.fatherId ?? null;
    const motherId = input.motherId ?? family?.motherId ?? null;
    const parents = await personFacts(
      trx,
      [fatherId, motherId].filter((x): x is number => x !== null),
    );
    for (const id of [fatherId, motherId]) if (id !== null && !parents.has(id)) throw invalid('CHILDREN_PARENT_NOT_FOUND', `父母人员 ${id} 不存在`);
    const caseId = await openCase(trx, {
      childId: input.childId,
      division: child.residenceDivision,
      fatherId,
      motherId,
      source: input.source,
      reportedOn: input.reportedOn,
      noCarer: input.noCarer ?? false,
      abuse: input.abuse ?? false,
      triggerKey: null,
      actorId: actor.userId,
      note: input.note,
    });
    return { caseId };
  });
}

interface NewCase {
  childId: number;
  division: string;
  fatherId: number | null;
  motherId: number | null;
  source: ReportSource;
  reportedOn: IsoDate;
  noCarer: boolean;
  abuse: boolean;
  triggerKey: string | null;
  actorId: number | null;
  note: string;
}

async function openCase(trx: ChildrenDb, c: NewCase): Promise<number> {
  const { directorId, supervisorId } = await assignees(trx, c.division);
  const row = await trx
    .insertInto('children.cases')
    .values({
      child_id: c.childId,
      father_id: c.fatherId,
      mother_id: c.motherId,
      division_code: c.division,
      district_code: districtOf(c.division),
      source: c.source,
      reported_on: c.reportedOn,
      no_carer: c.noCarer,
      abuse: c.abuse,
      status: 'reported',
      director_id: directorId,
      supervisor_id: supervisorId,
      trigger_key: c.triggerKey,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('children.case_actions')
    .values({ case_id: row.id, kind: 'report', on_date: c.reportedOn, actor_id: c.actorId, detail: JSON.stringify({ source: c.source, noCarer: c.noCarer, note: c.note }) })
    .execute();
  // Ids only: the assigned workers' inbox reads the case through this module.
  await emitEvent(trx, { topic: 'children.case.reported', key: String(row.id), payload: { caseId: row.id, directorId, supervisorId } });
  return row.id;
}

export interface ParentEvent {
  parentId: number;
  /** e.g. `death:123` — the same trigger never reports a child twice. */
  trigger: string;
  on: IsoDate;
  what: string;
}

/**
 * A parent's death, new custody or lost-contact fact, or grade 1–2 certificate → a report per minor child.
 * A child with an open case gets the event in its log instead (once per trigger). Returns reports opened.
 */
export async function reportsFromParentEvents(trx: ChildrenDb, events: readonly ParentEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  let opened = 0;
  const byDay = new Map<IsoDate, ParentEvent[]>();
  for (const e of events) byDay.set(e.on, [...(byDay.get(e.on) ?? []), e]);
  for (const [on, group] of byDay) {
    const kids = await minorChildrenOf(
      trx,
      group.map((e) => e.parentId),
      on,
    );
    if (kids.length === 0) continue;
    const parents = await personFacts(
      trx,
      group.map((e) => e.parentId),
    );
    const openRows = await trx
      .selectFrom('children.cases')
      .select(['id', 'child_id', 'trigger_key'])
      .where(
        'child_id',
        'in',
        kids.map((k) => k.childId),
      )
      .where('status', '<>', 'closed')
      .execute();
    const open = new Map(openRows.map((r) => [r.child_id, r.id]));
    const openedBy = new Map(openRows.map((r) => [r.id, r.trigger_key]));
    for (const kid of kids) {
      const event = group.find((e) => e.parentId === kid.parentId) as ParentEvent;
      const sex = parents.get(kid.parentId)?.sex;
      const caseId = open.get(kid.childId);
      if (caseId !== undefined) {
        if (openedBy.get(caseId) === event.trigger) continue;
        const seen = await trx.selectFrom('children.case_actions').select('id').where('case_id', '=', caseId).where('kind', '=', 'event').where(sql<string>`detail->>'trigger'`, '=', event.trigger).executeTakeFirst();
        if (!seen)
          await trx
            .insertInto('children.case_actions')
            .values({ case_id: caseId, kind: 'event', on_date: on, actor_id: null, detail: JSON.stringify({ trigger: event.trigger, what: event.what }) })
            .execute();
        continue;
      }
      const done = await trx.selectFrom('children.cases').select('id').where('child_id', '=', kid.childId).where('trigger_key', '=', event.trigger).executeTakeFirst();
      if (done) continue;
      const family = await familyOf(trx, kid.childId, on);
      const newId = await openCase(trx, {
        childId: kid.childId,
        division: kid.residenceDivision,
        fatherId: family?.fatherId ?? (sex === 'M' ? kid.parentId : null),
        motherId: family?.motherId ?? (sex === 'F' ? kid.parentId : null),
        source: 'event',
        reportedOn: on,
        noCarer: false,
        abuse: false,
        triggerKey: event.trigger,
        actorId: null,
        note: event.what,
      });
      open.set(kid.childId, newId);
      openedBy.set(newId, event.trigger);
      opened += 1;
    }
  }
  return opened;
}

const TRIGGERING: readonly SituationKind[] = ['custody', 'drug_rehab', 'restricted', 'lost_contact', 'guardianship_revoked', 'declared_missing'];

/**
 * A parent's (or the child's own) situation with dates and evidence — a court judgment, the prison, a police
 * report, a hospital. A new custody, lost-contact or similar situation reports the person's minor children.
 */
export async function recordSituation(deps: ChildrenDeps, actor: Actor, input: { personId: number; kind: SituationKind; from: IsoDate; to: IsoDate | null; evidence: string }): Promise<{ situationId: number; reportsOpened: number }> {
  if (!(SITUATION_KINDS as readonly string[]).includes(input.kind)) throw invalid('CHILDREN_UNKNOWN_SITUATION', `未知的情形：${input.kind}`);
  if (!isValidDate(input.from)) throw invalid('CHILDREN_INVALID_DATE', '情形起始日期格式错误');
  if (input.from > today(deps)) throw invalid('CHILDREN_DATE_IN_FUTURE', '情形起始日期不能晚于今天');
  if (input.to !== null && (!isValidDate(input.to) || input.to < input.from)) throw invalid('CHILDREN_INVALID_DATE', '情形结束日期须不早于起始日期');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'children.report' as const, action: 'children.situation.record', entityType: 'person', entityId: input.personId, detail: { kind: input.kind } };
    const p = (await personFacts(trx, [input.personId])).get(input.personId);
    if (!p) {
      await allow(request);
      throw notFound('CHILDREN_PERSON_NOT_FOUND', `人员 ${input.personId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [p.residenceDivision, p.hukouDivision] });
    const s = await trx
      .insertInto('children.parent_situations')
      .values({ parent_id: input.personId, kind: input.kind, from_date: input.from, to_date: input.to, evidence: input.evidence, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reportsOpened = TRIGGERING.includes(input.kind)
      ? await reportsFromParentEvents(trx, [{ parentId: input.personId, trigger: `situation:${s.id}`, on: today(deps), what: `父（母）${situationNames[input.kind]}（${input.from} 起，依据：${input.evidence}）` }])
      : 0;
    return { situationId: s.id, reportsOpened };
  });
}
