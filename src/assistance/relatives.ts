/**
 * 经办人员近亲属备案: staff file their close relatives; a case covering a filed relative is flagged, and
 * that staff member may neither handle nor decide it (the refusal is audited).
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { invalid, type IsoDate } from '../kernel/index.js';
import { guardedTransaction, type AssistanceTrx } from './guard.js';
import type { AssistanceDb } from './model.js';

export const CLOSE_RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'parent_in_law', 'child_in_law'] as const;
export type CloseRelation = (typeof CLOSE_RELATIONS)[number];

export interface RelativeFiling {
  staffUserId: number;
  personId: number;
  relation: CloseRelation;
  filedOn: IsoDate;
  filedBy: number;
}

/**
 * Files a relative. Staff file their own; district integrity staff may file for anyone (e.g. from the
 * paper 备案表). Filing twice is a no-op, so a re-sent form does not fail.
 */
export async function fileRelative(db: AssistanceDb, actor: Actor, input: { staffUserId?: number; personId: number; relation: CloseRelation }, today: IsoDate): Promise<RelativeFiling> {
  const staffUserId = input.staffUserId ?? actor.userId;
  if (!(CLOSE_RELATIONS as readonly string[]).includes(input.relation)) throw invalid('ASSISTANCE_INVALID_RELATION', `近亲属关系须为：${CLOSE_RELATIONS.join('、')}`);
  if (!Number.isSafeInteger(input.personId) || input.personId < 1) throw invalid('ASSISTANCE_INVALID_PERSON', '人员编号无效');
  // Filing one's own relatives is part of case work; filing for a colleague is an integrity task.
  const permission = staffUserId === actor.userId ? ('assistance.handle' as const) : ('assistance.integrity' as const);
  return guardedTransaction(db, actor, async (trx, gate) => {
    await gate.allow({ permission, action: 'assistance.relative.file', entityType: 'staff_relative', entityId: `${staffUserId}:${input.personId}`, detail: { relation: input.relation } });
    await trx
      .insertInto('assistance.staff_relatives')
      .values({ staff_user_id: staffUserId, person_id: input.personId, relation: input.relation, filed_on: today, filed_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await trx.selectFrom('assistance.staff_relatives').selectAll().where('staff_user_id', '=', staffUserId).where('person_id', '=', input.personId).executeTakeFirstOrThrow();
    return { staffUserId: row.staff_user_id, personId: row.person_id, relation: row.relation as CloseRelation, filedOn: row.filed_on, filedBy: row.filed_by };
  });
}

export async function listRelatives(db: AssistanceDb, actor: Actor, staffUserId?: number): Promise<RelativeFiling[]> {
  return guardedTransaction(db, actor, async (trx, gate) => {
    await gate.allow({ permission: 'assistance.integrity', action: 'assistance.relative.list', detail: { staffUserId: staffUserId ?? null } });
    let query = trx.selectFrom('assistance.staff_relatives').selectAll().orderBy('staff_user_id').orderBy('person_id');
    if (staffUserId !== undefined) query = query.where('staff_user_id', '=', staffUserId);
    const rows = await query.execute();
    return rows.map((r) => ({ staffUserId: r.staff_user_id, personId: r.person_id, relation: r.relation as CloseRelation, filedOn: r.filed_on, filedBy: r.filed_by }));
  });
}

/** Staff members with a filed relative among the persons a case covers. */
export async function conflictedStaff(trx: AssistanceTrx, caseId: number): Promise<number[]> {
  const rows = await trx.selectFrom('assistance.staff_relatives as r').innerJoin('assistance.case_persons as p', 'p.person_id', 'r.person_id').select('r.staff_user_id').distinct().where('p.case_id', '=', caseId).execute();
  return rows.map((r) => r.staff_user_id);
}

/** Case ids (of those given) that cover any staff member's filed relative: the 近亲属 flag in lists. */
export async function flaggedCases(trx: AssistanceTrx, caseIds: number[]): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('assistance.case_persons as p')
    .select('p.case_id')
    .distinct()
    .where('p.case_id', 'in', caseIds)
    .where(sql<boolean>`exists (select 1 from assistance.staff_relatives r where r.person_id = p.person_id)`)
    .execute();
  return new Set(rows.map((r) => r.case_id));
}
