/**
 * 困境儿童 / 事实无人抚养儿童基本生活费 is granted and paid by monitoring (免申即享, the shanghai-children pack's
 * `child_plight_allowance`, reading the category the district decided here); 孤儿基本生活费 likewise
 * (`orphan_allowance`, from the registry fact `orphan` the decision records). This module explains the allowance
 * on the case page from the same pack, and closes the case when monitoring stops the allowance because the child
 * is 18 on the 1st of the month: the 成年 transition. Never an income of the family: nothing here writes an
 * income fact.
 */
import type { EventHandler } from '../db/index.js';
import { ageOn, firstDayOfMonth, isValidMonth, type IsoDate, type Month } from '../kernel/index.js';
import { CHILD_ALLOWANCE_CATEGORIES, decideChildAllowance, shanghaiChildrenPack } from '../policies/shanghai/index.js';
import { effectiveParameters, type PolicyTables } from '../policy/index.js';
import type { Database } from '../db/index.js';
import { closeRow } from './case-actions.js';
import type { CaseRow } from './case-access.js';
import { emitEvent } from './guard.js';
import { categoryNames, type Category, type ChildrenDb, type ChildrenTables } from './model.js';
import { personFacts } from './registry-port.js';

export interface AllowanceView {
  paid: boolean;
  amountFen: number;
  explanation: string;
}

/** The allowance of a case for month M, explained by the pack (the month shown is the start month or this month, the later). */
export async function explainAllowance(db: Database, row: { category: Category | null; status: string; start_month: string | null }, child: { personId: number; birthDate: IsoDate } | undefined, month: Month): Promise<AllowanceView> {
  if (row.category === null) return { paid: false, amountFen: 0, explanation: '尚未认定' };
  if (row.category === 'orphan') return { paid: false, amountFen: 0, explanation: '孤儿按孤儿基本生活费（免申即享）发放，不重复发放困境儿童基本生活费' };
  if (!(CHILD_ALLOWANCE_CATEGORIES as readonly string[]).includes(row.category)) return { paid: false, amountFen: 0, explanation: `${categoryNames[row.category]}不发放基本生活费，提供关爱服务和相应救助` };
  if (row.status !== 'decided' || !child) return { paid: false, amountFen: 0, explanation: '案件未在认定状态，基本生活费不发放' };
  const at = row.start_month && row.start_month > month ? row.start_month : month;
  const parameters = await effectiveParameters(db.kysely.withTables<PolicyTables>(), shanghaiChildrenPack);
  const d = decideChildAllowance({ personId: child.personId, birthDate: child.birthDate, childCategory: row.category as 'de_facto' | 'guardianship', orphan: false }, at, parameters);
  const head = d.eligible ? `${categoryNames[row.category]}：自 ${row.start_month} 起由民政局免申即享按月发放，${at} 为 ${d.amountFen / 100} 元` : `${at} 不符合发放条件`;
  return { paid: d.eligible, amountFen: d.amountFen, explanation: [head, ...d.reasons].join('；') };
}

/**
 * Monitoring stopped a child's allowance (孤儿 or 困境儿童): when the child is 18 on the 1st of the stop month, the
 * open case closes with the transition — the 成年孤儿安置 checklist, a lead for monitoring (低保, 低收入, 特困) and a
 * 两项补贴 check if disabled, carried by one event with ids only. Any other stop (death, a closed case) is nothing to do.
 */
export const onAllowanceStopped: EventHandler = {
  name: 'children.allowance-stopped',
  topics: ['monitoring.benefit.stopped'],
  async handle(raw, event) {
    const programme = event.payload.programme;
    const personId = event.payload.personId;
    const until = event.payload.untilMonth;
    if ((programme !== 'child_plight_allowance' && programme !== 'orphan_allowance') || typeof personId !== 'number' || typeof until !== 'string' || !isValidMonth(until)) return;
    const trx = raw.withTables<ChildrenTables>() as ChildrenDb;
    const first = firstDayOfMonth(until);
    const p = (await personFacts(trx, [personId])).get(personId);
    if (!p || ageOn(p.birthDate, first) < 18) return;
    const c = (await trx.selectFrom('children.cases').selectAll().where('child_id', '=', personId).where('status', '=', 'decided').executeTakeFirst()) as CaseRow | undefined;
    if (!c) return;
    await closeRow(trx, c, first, 'adult', null, '年满 18 周岁，基本生活费停发，转入成年安置');
    await emitEvent(trx, { topic: 'children.adult.transition', key: String(c.child_id), payload: { caseId: c.id, personId: c.child_id, leads: ['dibao', 'low_income', 'destitute'], disabilityCheck: true } });
  },
};
