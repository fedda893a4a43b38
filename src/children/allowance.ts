/**
 * 困境儿童 / 事实无人抚养儿童基本生活费, granted without application from the district's decision: paid from the
 * start month while the case is decided, in a category of the setting `allowance.categories` (孤儿 are paid by
 * monitoring's orphan grant, never here), and the child is under 18 on the 1st of the month (the pack's rule
 * for orphans, reference §1.5). In the month a child is 18 on the 1st the case closes with the 成年 transition.
 * Never an income of the family (Shanghai 2018): nothing here writes an income fact.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { ageOn, divisionPrefix, firstDayOfMonth, formatYuan } from '../kernel/index.js';
import { closeRow } from './case-actions.js';
import type { CaseRow } from './case-access.js';
import { tables, type ChildrenDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import { categoryNames, type ChildrenDb } from './model.js';
import { checkRunInput, paymentCsv, type PaymentRun } from './payment-file.js';
import { personFacts } from './registry-port.js';
import { loadSettings } from './settings.js';

export async function runAllowances(deps: ChildrenDeps, actor: Actor, input: { month: string; divisionCode: string }): Promise<PaymentRun> {
  const { month, district } = checkRunInput(input, 'CHILDREN');
  const db = tables(deps);
  const first = firstDayOfMonth(month);
  const s = await loadSettings(db, first);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'children.pay', action: 'children.allowance.run', entityType: 'division', entityId: district, divisionCodes: [district], detail: { month } });
    // One run per district and month at a time; the primary key still guards a concurrent one.
    await sql`select pg_advisory_xact_lock(hashtext(${`children.allowance:${district}:${month}`}))`.execute(trx);
    const cases = (await trx
      .selectFrom('children.cases')
      .selectAll()
      .where('district_code', '=', district)
      .where('status', '=', 'decided')
      .where('category', 'in', s.allowanceCategories.length ? s.allowanceCategories : ['__none__' as never])
      .where('start_month', '<=', month)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('children.allowance_payments as p').select('p.child_id').where('p.month', '=', month).whereRef('p.child_id', '=', 'children.cases.child_id'))))
      .orderBy('id')
      .execute()) as CaseRow[];
    const persons = await personFacts(
      trx,
      cases.map((c) => c.child_id),
    );
    let written = 0;
    let stopped = 0;
    const values = [];
    for (const c of cases) {
      const p = persons.get(c.child_id);
      if (!p) continue;
      if (p.deathDate !== null && p.deathDate < first) continue;
      if (ageOn(p.birthDate, first) >= 18) {
        await adultTransition(trx, c, first);
        stopped += 1;
        continue;
      }
      values.push({ month, child_id: c.child_id, case_id: c.id, category: c.category as 'de_facto', amount_fen: s.allowanceFen, division_code: c.division_code });
    }
    for (let i = 0; i < values.length; i += 1000) {
      const res = await trx
        .insertInto('children.allowance_payments')
        .values(values.slice(i, i + 1000))
        .onConflict((oc) => oc.columns(['month', 'child_id']).doNothing())
        .executeTakeFirst();
      written += Number(res.numInsertedOrUpdatedRows ?? 0n);
    }
    const totals = await trx
      .selectFrom('children.allowance_payments')
      .select([(eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_fen'), sql<string>`0`).as('fen')])
      .where('month', '=', month)
      .where('division_code', 'like', `${divisionPrefix(district)}%`)
      .executeTakeFirstOrThrow();
    return { month, district, count: Number(totals.n), totalFen: Number(totals.fen), writtenNow: written, stopped };
  });
}

/**
 * At 18 the allowance stops and the case closes with a transition: the 成年孤儿安置 checklist for orphans, a
 * lead for monitoring (低保, 低收入, 特困) and a 两项补贴 check if disabled — carried by one event with ids only.
 */
async function adultTransition(trx: ChildrenDb, c: CaseRow, on: string): Promise<void> {
  await closeRow(trx, c, on, 'adult', null, '年满 18 周岁，基本生活费停发，转入成年安置');
  await emitEvent(trx, { topic: 'children.adult.transition', key: String(c.child_id), payload: { caseId: c.id, personId: c.child_id, leads: ['dibao', 'low_income', 'destitute'], disabilityCheck: true } });
}

export async function allowanceFile(deps: ChildrenDeps, actor: Actor, input: { month: string; divisionCode: string }): Promise<{ filename: string; body: Buffer }> {
  const { month, district } = checkRunInput(input, 'CHILDREN');
  const db = tables(deps);
  await guardedTransaction(db, actor, (_trx, allow) => allow({ permission: 'children.pay', action: 'children.allowance.file', entityType: 'division', entityId: district, divisionCodes: [district], detail: { month } }));
  const rows = await db
    .selectFrom('children.allowance_payments')
    .selectAll()
    .where('month', '=', month)
    .where('division_code', 'like', `${divisionPrefix(district)}%`)
    .orderBy('child_id')
    .execute();
  const persons = await personFacts(
    db,
    rows.map((r) => r.child_id),
  );
  const lines = rows.map((r, i) => [i + 1, persons.get(r.child_id)?.name ?? String(r.child_id), persons.get(r.child_id)?.idNumberMasked ?? '', categoryNames[r.category], r.month, formatYuan(r.amount_fen), r.division_code]);
  return {
    filename: `children-allowance-${district}-${month}.csv`,
    body: paymentCsv(
      ['序号', '姓名', '身份证号（脱敏）', '类别', '发放月份', '金额（元）', '居住地区划'],
      lines,
      rows.map((r) => r.amount_fen),
    ),
  };
}

export type { PaymentRun };
