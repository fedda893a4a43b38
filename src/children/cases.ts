/**
 * 发现报告: a child's case opens with a report (儿童主任, school, police, the street, or a registry event). One
 * open case per child: a second report is 409, a second event for the same trigger adds nothing. The
 * committee's 儿童主任 and the street's 督导员 are assigned from the roster, as monitoring's advisorFor does.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { addDays, ageOn, conflict, divisionAncestors, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { recordFactBatch, situationFactNames, situationFactsOfBatch, type NewFact, type RegistryTables, type SituationFactKind } from '../registry/index.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import { SITUATION_KINDS, type ChildrenDb, type ReportSource, type SituationKind } from './model.js';
import { familyOf, minorChildrenOf, parentsOfChildren, personFacts, type MinorChild } from './registry-port.js';

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
  // Set-based per day: a handful of queries for the whole batch, however many parents it holds.
  for (const [on, group] of byDay) {
    const kids = await minorChildrenOf(
      trx,
      group.map((e) => e.parentId),
      on,
    );
    if (kids.length === 0) continue;
    const eventOf = new Map(group.map((e) => [e.parentId, e]));
    const childIds = [...new Set(kids.map((k) => k.childId))];
    const openRows = await trx.selectFrom('children.cases').select(['id', 'child_id', 'trigger_key']).where('child_id', 'in', childIds).where('status', '<>', 'closed').execute();
    const openCase = new Map(openRows.map((r) => [r.child_id, r]));
    const triggers = [...new Set(group.map((e) => e.trigger))];
    const done = new Set((await trx.selectFrom('children.cases').select(['child_id', 'trigger_key']).where('child_id', 'in', childIds).where('trigger_key', 'in', triggers).execute()).map((r) => `${r.child_id}|${r.trigger_key}`));
    const logged = await loggedTriggers(
      trx,
      openRows.map((r) => r.id),
      'event',
    );
    const parents = await parentsOfChildren(trx, childIds, on);
    const staff = await assigneesOf(trx, [...new Set(kids.map((k) => k.residenceDivision))]);
    const logRows: { case_id: number; kind: string; on_date: IsoDate; actor_id: null; detail: string }[] = [];
    const newCases: { kid: MinorChild; event: ParentEvent }[] = [];
    const planned = new Set<number>();
    for (const kid of kids) {
      const event = eventOf.get(kid.parentId) as ParentEvent;
      const existing = openCase.get(kid.childId);
      if (existing) {
        if (existing.trigger_key === event.trigger || logged.has(`${existing.id}|${event.trigger}`)) continue;
        logged.add(`${existing.id}|${event.trigger}`);
        logRows.push({ case_id: existing.id, kind: 'event', on_date: on, actor_id: null, detail: JSON.stringify({ trigger: event.trigger, what: event.what }) });
      } else if (!done.has(`${kid.childId}|${event.trigger}`) && !planned.has(kid.childId)) {
        planned.add(kid.childId);
        newCases.push({ kid, event });
      }
    }
    for (let i = 0; i < newCases.length; i += 1000) {
      const chunk = newCases.slice(i, i + 1000);
      const rows = await trx
        .insertInto('children.cases')
        .values(
          chunk.map(({ kid, event }) => {
            const p = parents.get(kid.childId);
            const a = staff(kid.residenceDivision);
            return {
              child_id: kid.childId,
              father_id: p?.fatherId ?? null,
              mother_id: p?.motherId ?? null,
              division_code: kid.residenceDivision,
              district_code: districtOf(kid.residenceDivision),
              source: 'event' as const,
              reported_on: on,
              no_carer: false,
              abuse: false,
              status: 'reported' as const,
              director_id: a.directorId,
              supervisor_id: a.supervisorId,
              trigger_key: event.trigger,
            };
          }),
        )
        .returning(['id', 'child_id', 'trigger_key', 'director_id', 'supervisor_id'])
        .execute();
      const whatOf = new Map(chunk.map(({ kid, event }) => [kid.childId, event.what]));
      for (const r of rows) logRows.push({ case_id: r.id, kind: 'report', on_date: on, actor_id: null, detail: JSON.stringify({ source: 'event', noCarer: false, note: whatOf.get(r.child_id), trigger: r.trigger_key }) });
      // Ids only; one event per batch names the cases and their assigned workers (for their inboxes).
      await emitEvent(trx, { topic: 'children.cases.reported', key: `${on}:${rows[0]?.id ?? 0}`, payload: { cases: rows.map((r) => ({ caseId: r.id, directorId: r.director_id, supervisorId: r.supervisor_id })) } });
      opened += rows.length;
    }
    for (let i = 0; i < logRows.length; i += 1000)
      await trx
        .insertInto('children.case_actions')
        .values(logRows.slice(i, i + 1000))
        .execute();
  }
  return opened;
}

/**
 * The triggers already logged on these cases as actions of one kind, as `caseId|trigger` keys: an event or a
 * release is logged once per case however often its batch is replayed. One query per thousand cases.
 */
async function loggedTriggers(trx: ChildrenDb, caseIds: readonly number[], kind: 'event' | 'reassess'): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < caseIds.length; i += 1000) {
    const rows = await trx
      .selectFrom('children.case_actions')
      .select(['case_id', sql<string>`detail->>'trigger'`.as('trigger')])
      .where('case_id', 'in', caseIds.slice(i, i + 1000))
      .where('kind', '=', kind)
      .execute();
    for (const r of rows) out.add(`${r.case_id}|${r.trigger}`);
  }
  return out;
}

/** The roster for many divisions at once: a lookup per division. */
async function assigneesOf(trx: ChildrenDb, divisions: readonly string[]): Promise<(division: string) => { directorId: number | null; supervisorId: number | null }> {
  const codes = [...new Set(divisions.flatMap((d) => [d, streetOf(d)]))];
  const rows = codes.length ? await trx.selectFrom('children.workers').select(['user_id', 'role', 'division_code']).where('division_code', 'in', codes).orderBy('since').orderBy('user_id').execute() : [];
  return (division) => ({
    directorId: rows.find((r) => r.role === 'child_director' && r.division_code === division)?.user_id ?? null,
    supervisorId: rows.find((r) => r.role === 'child_supervisor' && r.division_code === streetOf(division))?.user_id ?? null,
  });
}

/** Registry situations that report a parent's minor children (a release re-assesses instead). */
const TRIGGERING: readonly SituationFactKind[] = ['custody', 'lost_contact', 'guardianship_revoked', 'declared_missing', 'deported'];

type SituationInput = { personId: number; kind: SituationKind; from: IsoDate; to: IsoDate | null; evidence: string; disease?: string };

const factOf = (input: SituationInput): NewFact => {
  const measure = input.kind === 'custody' ? 'prison' : input.kind === 'drug_rehab' ? 'drug_rehab' : input.kind === 'restricted' ? 'other' : null;
  return {
    subjectType: 'person',
    subjectId: input.personId,
    kind: measure ? 'custody' : input.kind === 'released' ? 'custody_release' : input.kind,
    attributes: measure ? { measure, evidence: input.evidence } : input.kind === 'serious_illness' && input.disease ? { evidence: input.evidence, disease: input.disease.trim() } : { evidence: input.evidence },
    validFrom: input.from,
    // The registry's end is exclusive: a sentence to 2025-07-15 covers that day.
    validTo: input.to === null ? null : addDays(input.to, 1),
  };
};

/**
 * A parent's (or the child's own) situation with dates and evidence — a court judgment, the prison, a police
 * report, a hospital — recorded as a registry fact (the one place situations live; departments send the same
 * facts through the exchange). A new custody, lost-contact or similar situation reports the minor children; a
 * release puts the parent's decided cases up for re-assessment.
 */
export async function recordSituation(deps: ChildrenDeps, actor: Actor, input: SituationInput): Promise<{ situationId: number; reportsOpened: number }> {
  if (!(SITUATION_KINDS as readonly string[]).includes(input.kind)) throw invalid('CHILDREN_UNKNOWN_SITUATION', `未知的情形：${input.kind}`);
  if (!isValidDate(input.from)) throw invalid('CHILDREN_INVALID_DATE', '情形起始日期格式错误');
  if (input.from > today(deps)) throw invalid('CHILDREN_DATE_IN_FUTURE', '情形起始日期不能晚于今天');
  if (input.to !== null && (!isValidDate(input.to) || input.to < input.from)) throw invalid('CHILDREN_INVALID_DATE', '情形结束日期须不早于起始日期');
  if (typeof input.evidence !== 'string' || input.evidence.trim() === '') throw invalid('CHILDREN_EVIDENCE_REQUIRED', '须注明依据（判决书、报案回执、诊断证明等）');
  if (input.disease !== undefined && input.kind !== 'serious_illness') throw invalid('CHILDREN_DISEASE_NOT_ILLNESS', '只有重病可注明病种');
  const db = tables(deps);
  await guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'children.report' as const, action: 'children.situation.record', entityType: 'person', entityId: input.personId, detail: { kind: input.kind } };
    const p = (await personFacts(trx, [input.personId])).get(input.personId);
    if (!p) {
      await allow(request);
      throw notFound('CHILDREN_PERSON_NOT_FOUND', `人员 ${input.personId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [p.residenceDivision, p.hukouDivision] });
  });
  // The registry's batch is its own transaction (and emits registry.facts.recorded, which the handler below
  // also reads: the trigger keys make the second pass add nothing).
  const batchId = `children:situation:${randomUUID()}`;
  await recordFactBatch(db.withTables<RegistryTables>(), { batchId, source: `民政局儿童福利处（${actor.displayName}登记）`, facts: [factOf(input)] });
  const outcome = await db.transaction().execute((trx) => reportsFromSituationBatch(trx, batchId, today(deps)));
  return { situationId: outcome.factIds[0] ?? 0, reportsOpened: outcome.reportsOpened };
}

/** What a batch of registry facts means here: reports for new situations, re-assessment for releases. */
export async function reportsFromSituationBatch(trx: ChildrenDb, batchId: string, on: IsoDate): Promise<{ factIds: number[]; reportsOpened: number; reassessed: number }> {
  const facts = await situationFactsOfBatch(trx.withTables<RegistryTables>(), batchId, [...TRIGGERING, 'custody_release']);
  if (facts.length === 0) return { factIds: [], reportsOpened: 0, reassessed: 0 };
  const reportsOpened = await reportsFromParentEvents(
    trx,
    facts.filter((f) => f.kind !== 'custody_release').map((f) => ({ parentId: f.personId, trigger: `situation:${f.factId}`, on, what: `父（母）${situationFactNames[f.kind]}（${f.from} 起，依据：${f.evidence}）` })),
  );
  const reassessed = await reassessOnRelease(
    trx,
    facts.filter((f) => f.kind === 'custody_release'),
    on,
  );
  return { factIds: facts.map((f) => f.factId), reportsOpened, reassessed };
}

/**
 * A parent released (刑满释放, 解除强制隔离戒毒): the child's open case logs it once, and a decided case is due
 * for 复核 now — the rule may no longer hold, and only the district's review stops the allowance.
 */
async function reassessOnRelease(trx: ChildrenDb, releases: readonly { factId: number; personId: number; from: IsoDate; evidence: string }[], on: IsoDate): Promise<number> {
  if (releases.length === 0) return 0;
  const parents = releases.map((r) => r.personId);
  const cases = await trx
    .selectFrom('children.cases')
    .select(['id', 'father_id', 'mother_id', 'status', 'review_due_on'])
    .where('status', '<>', 'closed')
    .where((eb) => eb.or([eb('father_id', 'in', parents), eb('mother_id', 'in', parents)]))
    .execute();
  if (cases.length === 0) return 0;
  const logged = await loggedTriggers(
    trx,
    cases.map((c) => c.id),
    'reassess',
  );
  let n = 0;
  for (const c of cases)
    for (const r of releases) {
      if ((c.father_id !== r.personId && c.mother_id !== r.personId) || logged.has(`${c.id}|release:${r.factId}`)) continue;
      await trx
        .insertInto('children.case_actions')
        .values({ case_id: c.id, kind: 'reassess', on_date: on, actor_id: null, detail: JSON.stringify({ trigger: `release:${r.factId}`, what: `父（母）于 ${r.from} 释放（依据：${r.evidence}），须重新评估` }) })
        .execute();
      // Due from the release day itself (the register shows it overdue until the district reviews).
      if (c.status === 'decided' && (c.review_due_on === null || c.review_due_on > r.from)) await trx.updateTable('children.cases').set({ review_due_on: r.from }).where('id', '=', c.id).execute();
      n += 1;
    }
  return n;
}
