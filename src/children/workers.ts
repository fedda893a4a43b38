/** The care network's roster: 儿童主任 per committee, 儿童督导员 per street, with the training date (indicator 11). */
import type { Actor } from '../access/index.js';
import { jurisdictionPrefix } from '../access/index.js';
import { divisionLevel, invalid, isValidDate, normaliseDivisionCode, notFound, type IsoDate } from '../kernel/index.js';
import { tables, type ChildrenDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';

export interface WorkerView {
  userId: number;
  name: string;
  role: 'child_director' | 'child_supervisor';
  divisionCode: string;
  trainedOn: IsoDate | null;
  since: IsoDate;
}

export async function appointWorker(deps: ChildrenDeps, actor: Actor, input: { userId: number; divisionCode: string; since: IsoDate; trainedOn: IsoDate | null }): Promise<WorkerView> {
  const division = normaliseDivisionCode(input.divisionCode);
  if (!division) throw invalid('CHILDREN_INVALID_DIVISION', '区划代码格式错误');
  if (!isValidDate(input.since) || (input.trainedOn !== null && !isValidDate(input.trainedOn))) throw invalid('CHILDREN_INVALID_DATE', '日期格式错误');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'children.decide', action: 'children.worker.appoint', entityType: 'user', entityId: input.userId, divisionCodes: [division] });
    const user = await trx
      .withTables<{ 'access.users': { id: number; role: string; display_name: string; jurisdiction_code: string } }>()
      .selectFrom('access.users')
      .select(['id', 'role', 'display_name', 'jurisdiction_code'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw notFound('CHILDREN_USER_NOT_FOUND', `用户 ${input.userId} 不存在`);
    const level = divisionLevel(division);
    const role = user.role === 'child_director' && level === 'committee' ? 'child_director' : user.role === 'child_supervisor' && level === 'street' ? 'child_supervisor' : null;
    if (!role) throw invalid('CHILDREN_WORKER_ROLE', '儿童主任须按居（村）委会任命、儿童督导员须按街镇任命，且用户须具有相应角色');
    if (user.jurisdiction_code !== division) throw invalid('CHILDREN_WORKER_JURISDICTION', '用户的辖区须与任命的区划一致');
    await trx
      .insertInto('children.workers')
      .values({ user_id: input.userId, role, division_code: division, trained_on: input.trainedOn, since: input.since })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ role, division_code: division, trained_on: input.trainedOn, since: input.since }))
      .execute();
    return { userId: user.id, name: user.display_name, role, divisionCode: division, trainedOn: input.trainedOn, since: input.since };
  });
}

export async function listWorkers(deps: ChildrenDeps, actor: Actor): Promise<WorkerView[]> {
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'children.read', action: 'children.workers.list', entityType: 'division', entityId: actor.jurisdiction });
  const rows = await db
    .withTables<{ 'children.workers': { user_id: number; role: 'child_director' | 'child_supervisor'; division_code: string; trained_on: string | null; since: string }; 'access.users': { id: number; display_name: string } }>()
    .selectFrom('children.workers as w')
    .innerJoin('access.users as u', 'u.id', 'w.user_id')
    .select(['w.user_id', 'u.display_name', 'w.role', 'w.division_code', 'w.trained_on', 'w.since'])
    .where('w.division_code', 'like', `${jurisdictionPrefix(actor)}%`)
    .orderBy('w.division_code')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.display_name, role: r.role, divisionCode: r.division_code, trainedOn: r.trained_on, since: r.since }));
}
