/**
 * The change feed for other departments: this module's outbox events, in order, from a cursor (the last event id
 * the caller has). An event names the organisation by credit code; who acted is left out (no personal data).
 */
import { sql } from 'kysely';
import { invalid } from '../kernel/index.js';
import { tables, type SocialorgDeps } from './deps.js';

/** The topics a department may follow; others (settings, runs' own bookkeeping) stay inside. */
const FEED_TOPICS = ['socialorg.organisation.%', 'socialorg.credit.%', 'socialorg.penalty.%', 'socialorg.report.filed', 'socialorg.trust.%', 'socialorg.plan.%'];

export interface FeedEvent {
  id: number;
  topic: string;
  at: string;
  creditCode: string | null;
  organisationName: string | null;
  detail: Record<string, unknown>;
}

export async function changeFeed(deps: SocialorgDeps, after: number, limit: number): Promise<{ events: FeedEvent[]; next: number }> {
  if (!Number.isSafeInteger(after) || after < 0) throw invalid('SOCIALORG_INVALID_CURSOR', '游标须为非负整数（上次收到的最后一条事件编号）');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('SOCIALORG_INVALID_LIMIT', '每次条数须为1–1000');
  const rows = await sql<{ id: number; topic: string; created_at: Date; payload: Record<string, unknown>; credit_code: string | null; name: string | null }>`
    select e.id, e.topic, e.created_at, e.payload, o.credit_code, o.name
      from core.outbox e
      left join socialorg.organisations o on o.id = case when e.payload ? 'organisationId' then (e.payload->>'organisationId')::bigint end
     where e.id > ${after} and e.topic like any (${sql.val(FEED_TOPICS)}::text[])
     order by e.id
     limit ${limit}`.execute(tables(deps));
  const events = rows.rows.map((r) => {
    const { by: _by, ...detail } = r.payload;
    return { id: Number(r.id), topic: r.topic, at: new Date(r.created_at).toISOString(), creditCode: r.credit_code, organisationName: r.name, detail };
  });
  return { events, next: events.length ? events[events.length - 1].id : after };
}
