/** 定期复核: cases in payment whose review date has come, per street, soonest first. */
import type { Actor } from '../access/index.js';
import { divisionLevel, invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { addDays } from './cases.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead, scopedDivision } from './guard.js';
import type { CaseSummary } from './model.js';
import { toSummary } from './queries.js';
import { flaggedCases } from './relatives.js';

export interface DueReview extends CaseSummary {
  /** Negative: days left; positive: days overdue. */
  daysOverdue: number;
}

const dayNumber = (d: IsoDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Reviews due on or before `until` (default: within the next 30 days), in the actor's jurisdiction or one street of it. */
export async function reviewsDue(deps: AssistanceDeps, actor: Actor, query: { division?: string; until?: IsoDate; limit?: number; offset?: number } = {}): Promise<{ items: DueReview[]; total: number }> {
  const db = tables(deps);
  const today = deps.clock.today();
  const until = query.until ?? addDays(today, 30);
  if (!isValidDate(until)) throw invalid('ASSISTANCE_INVALID_DATE', `日期无效：${until}`);
  const division = await scopedDivision(db, actor, query.division, 'assistance.reviews.due');
  await allowRead(db, actor, { permission: 'assistance.read', action: 'assistance.reviews.due', detail: { division, until } });
  const level = divisionLevel(division);
  let base = db.selectFrom('assistance.cases').where('status', 'in', ['in_payment', 'suspended']).where('review_due', '<=', until);
  if (level === 'district') base = base.where('district_code', '=', division);
  else if (level === 'street') base = base.where('street_code', '=', division);
  else if (level === 'committee') base = base.where('division_code', '=', division);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('review_due')
    .orderBy('id')
    .limit(Math.min(query.limit ?? 100, 500))
    .offset(query.offset ?? 0)
    .execute();
  const flagged = await flaggedCases(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...toSummary(r, today, flagged.has(r.id)), daysOverdue: dayNumber(today) - dayNumber(r.review_due ?? today) })),
    total: Number(total),
  };
}
