/**
 * The monthly payment file of auto-granted allowances for a district, as CSV (like the assistance bank
 * file). Each person-month is paid once: the ledger's primary key (month, person, programme) makes a
 * re-run add nothing, and the file is always the ledger's rows for the month, so it comes out the same.
 * The engine computes each amount for the month (the age band moves with the birthday); an orphan who is
 * no longer eligible (18 on the 1st of the month) has the allowance stopped with that reason instead.
 */
import type { Actor } from '../access/index.js';
import { ageOn, csvDocument, divisionLevel, firstDayOfMonth, divisionPrefix, formatYuan, invalid, isValidMonth, normaliseDivisionCode, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { autoProgrammeNames, stopBenefits } from './grant-log.js';
import { guardedTransaction } from './guard.js';
import type { AutoProgramme, MonitoringTables } from './model.js';
import type { Database } from '../db/index.js';
import { CHILD_PROGRAMME, childrenPackParameters, orphansAmong, screenChildren } from './child-allowance.js';
import { soloFacts } from './grants.js';
import { policyParameters, screenFacts } from './policy-port.js';

export interface AllowanceFile {
  filename: string;
  contentType: string;
  body: Buffer;
  count: number;
  totalFen: Fen;
  /** Payments written by this call (0 on a re-run). */
  writtenNow: number;
  stopped: number;
}

const HEADER = ['序号', '人员编号', '项目', '发放月份', '金额（元）', '户籍地区划', '发放渠道'];
const CHANNEL: Record<AutoProgramme, string> = { elderly_allowance: '敬老卡或社会保障卡', orphan_allowance: '社会保障卡', child_plight_allowance: '社会保障卡' };

export function allowanceCsv(lines: readonly { personId: number; programme: AutoProgramme; month: Month; amountFen: Fen; divisionCode: string }[]): string {
  const total = lines.reduce((n, l) => n + l.amountFen, 0);
  return csvDocument([
    HEADER,
    ...lines.map((l, i) => [i + 1, l.personId, autoProgrammeNames[l.programme], l.month, formatYuan(l.amountFen), l.divisionCode, CHANNEL[l.programme]]),
    ['合计', '', '', '', formatYuan(total), `${lines.length} 笔`, ''],
  ]);
}

export async function allowancePaymentFile(deps: MonitoringDeps, actor: Actor, input: { month: Month; divisionCode: string }): Promise<AllowanceFile> {
  if (!isValidMonth(input.month)) throw invalid('MONITORING_INVALID_MONTH', `月份格式错误：${input.month}`);
  const district = normaliseDivisionCode(input.divisionCode);
  if (!district || divisionLevel(district) !== 'district') throw invalid('MONITORING_INVALID_DIVISION', '发放文件按区生成：须为区级区划代码');
  const { month } = input;
  const prefix = `${divisionPrefix(district)}%`;
  const db = tables(deps);
  const parameters = await policyParameters(deps.db);
  const childParameters = await childrenPackParameters(deps.db);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'monitoring.grants', action: 'monitoring.payments.file', entityType: 'division', entityId: district, divisionCodes: [district], detail: { month }, purpose: '免申即享津贴发放' });
    const due = await trx
      .selectFrom('monitoring.benefit_grants as g')
      .leftJoin('monitoring.persons as per', 'per.person_id', 'g.person_id')
      .select(['g.id', 'g.person_id', 'g.programme', 'g.birth_date', 'g.division_code', 'per.child_category'])
      .where('g.division_code', 'like', prefix)
      .where('g.from_month', '<=', month)
      .where((eb) => eb.or([eb('g.until_month', 'is', null), eb('g.until_month', '>', month)]))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('monitoring.allowance_payments as p').select('p.grant_id').where('p.month', '=', month).whereRef('p.person_id', '=', 'g.person_id').whereRef('p.programme', '=', 'g.programme'))),
      )
      .orderBy('g.id')
      .execute();
    const packDue = due.filter((g) => g.programme !== CHILD_PROGRAMME);
    const childDue = due.filter((g) => g.programme === CHILD_PROGRAMME);
    const screened = screenFacts(
      month,
      packDue.map((g) => ({ householdId: g.id, facts: soloFacts(g.person_id, g.birth_date as IsoDate, g.programme === 'orphan_allowance') })),
      parameters,
    );
    // 困境儿童基本生活费: the children pack, on the category in force and the orphan status (never both allowances).
    const orphans = await orphansAmong(
      trx,
      childDue.map((g) => g.person_id),
    );
    const childAmounts = screenChildren(
      month,
      childDue.map((g) => ({ personId: g.person_id, birthDate: g.birth_date as IsoDate, childCategory: g.child_category, orphan: orphans.has(g.person_id) })),
      childParameters,
    );
    const amounts = new Map<number, Fen>([
      ...packDue.map((g, i) => [g.id, screened[i].persons.find((p) => p.programme === g.programme && p.amountFen > 0)?.amountFen ?? 0] as const),
      ...childDue.map((g, i) => [g.id, childAmounts[i]] as const),
    ]);
    const payments: { month: Month; person_id: number; programme: AutoProgramme; grant_id: number; amount_fen: Fen; division_code: string }[] = [];
    let stopped = 0;
    const job = { kind: 'job' as const, name: `payments:${month}` };
    for (const g of due) {
      const amount = amounts.get(g.id) ?? 0;
      if (amount > 0) {
        payments.push({ month, person_id: g.person_id, programme: g.programme, grant_id: g.id, amount_fen: amount, division_code: g.division_code });
      } else if (g.programme === 'orphan_allowance' || g.programme === CHILD_PROGRAMME) {
        const reason = ageOn(g.birth_date as IsoDate, firstDayOfMonth(month)) >= 18 ? `${month} 月初已年满 18 周岁` : orphans.has(g.person_id) ? '已按孤儿保障' : '区级认定的类别已不在保障范围';
        stopped += (await stopBenefits(trx, g.person_id, month, `${reason}，不再符合${autoProgrammeNames[g.programme]}条件`, job, deps.clock.now(), g.programme)).length;
      }
    }
    let writtenNow = 0;
    for (let i = 0; i < payments.length; i += 1000) {
      const rows = await trx
        .insertInto('monitoring.allowance_payments')
        .values(payments.slice(i, i + 1000))
        .onConflict((oc) => oc.doNothing())
        .returning('person_id')
        .execute();
      writtenNow += rows.length;
    }
    const ledger = await trx.selectFrom('monitoring.allowance_payments').selectAll().where('month', '=', month).where('division_code', 'like', prefix).orderBy('person_id').orderBy('programme').execute();
    const lines = ledger.map((r) => ({ personId: r.person_id, programme: r.programme, month: r.month, amountFen: r.amount_fen, divisionCode: r.division_code }));
    const totalFen = lines.reduce((n, l) => n + l.amountFen, 0);
    return { filename: `免申即享津贴发放_${district.slice(0, 6)}_${month}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(allowanceCsv(lines), 'utf8'), count: lines.length, totalFen, writtenNow, stopped };
  });
}

/** Payments of one programme by month since a month, within a division prefix (the children's cockpit reads 困境儿童基本生活费 here). */
export async function paidByMonth(db: Database, programme: AutoProgramme, divisionLike: string, sinceMonth: Month): Promise<{ month: Month; count: number; totalFen: Fen }[]> {
  const rows = await db.kysely
    .withTables<MonitoringTables>()
    .selectFrom('monitoring.allowance_payments')
    .select(['month', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('amount_fen').as('fen')])
    .where('programme', '=', programme)
    .where('division_code', 'like', divisionLike)
    .where('month', '>=', sinceMonth)
    .groupBy('month')
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: r.month, count: Number(r.n), totalFen: Number(r.fen ?? 0) }));
}
