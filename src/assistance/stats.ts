import { sql } from 'kysely';
import { requirePermission, scopeDivision, type Actor } from '../access/index.js';
import { divisionPrefix, invalid, isValidMonth, normaliseDivisionCode, type Month } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';

export interface AssistanceStatsRow {
  month: Month;
  districtCode: string;
  programme: string;
  /** Cases paid that month (a household's case, or one destitute person's). */
  households: number;
  amountFen: number;
}

/**
 * Recipients and money from the payment ledger by month, district and programme: counts and sums only,
 * no personal data, so it needs `stats.read` and the jurisdiction but writes no audit entry.
 */
export async function assistanceStats(deps: AssistanceDeps, actor: Actor, query: { from: Month; to: Month; division?: string }): Promise<{ divisionCode: string; from: Month; to: Month; rows: AssistanceStatsRow[] }> {
  requirePermission(actor, 'stats.read');
  if (!isValidMonth(query.from) || !isValidMonth(query.to) || query.from > query.to) throw invalid('ASSISTANCE_INVALID_PERIOD', '统计期间须为有效月份（YYYY-MM），且起始月不晚于结束月');
  const requested = query.division ? normaliseDivisionCode(query.division) : undefined;
  if (requested === null) throw invalid('ASSISTANCE_INVALID_DIVISION', '区划代码格式错误');
  const divisionCode = scopeDivision(actor, requested);
  const rows = await tables(deps)
    .selectFrom('assistance.payments')
    .select(['month', 'district_code', 'programme'])
    .select((eb) => [eb.fn.countAll<number>().as('households'), eb.fn.sum<number>('amount_fen').as('amount_fen')])
    .where('status', '=', 'paid')
    .where('month', '>=', query.from)
    .where('month', '<=', query.to)
    .where(sql<boolean>`street_code like ${divisionPrefix(divisionCode) + '%'}`)
    .groupBy(['month', 'district_code', 'programme'])
    .orderBy('month')
    .orderBy('district_code')
    .orderBy('programme')
    .execute();
  return {
    divisionCode,
    from: query.from,
    to: query.to,
    rows: rows.map((r) => ({ month: r.month, districtCode: r.district_code, programme: r.programme, households: Number(r.households), amountFen: Number(r.amount_fen) })),
  };
}
