import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { databaseAnswers, migrationFileNames, type EventHandler, type MigrationSource } from '../db/index.js';

export type ReadinessProblem = { code: 'DB_UNAVAILABLE'; message: string } | { code: 'MIGRATIONS_PENDING'; message: string; pending: string[] } | { code: 'OUTBOX_BACKLOG'; message: string; backlog: number; limit: number };

/**
 * What /readyz checks before a load balancer sends traffic: the database answers, its schema is the one this
 * code expects (a server started before `minzheng migrate` would fail on the first new column), and domain
 * events are being handled (a backlog beyond the limit means handlers are stuck: e.g. payments not stopped
 * after a death). Liveness (/healthz) checks none of this: a restart would not fix any of them.
 */
export async function readinessProblem(ctx: AppContext, sources: MigrationSource[], handlers: EventHandler[], limit: number): Promise<ReadinessProblem | null> {
  if (!(await databaseAnswers(ctx.db.kysely, 1000))) return { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' };
  try {
    const applied = new Set((await ctx.db.kysely.selectFrom('core.migrations').select(['module', 'name']).execute()).map((m) => `${m.module}/${m.name}`));
    const pending = migrationFileNames(sources).filter((name) => !applied.has(name));
    if (pending.length) return { code: 'MIGRATIONS_PENDING', message: `数据库结构未更新：有 ${pending.length} 个迁移未执行（请运行 minzheng migrate）`, pending };
    const backlog = Math.max(0, ...(await outboxBacklog(ctx, handlers)).map(([, n]) => n));
    if (backlog > limit) return { code: 'OUTBOX_BACKLOG', message: `待处理的业务事件积压 ${backlog} 条，超过上限 ${limit} 条`, backlog, limit };
    return null;
  } catch {
    return { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' };
  }
}

/**
 * Events of a handler's topics past its cursor, per handler, in one statement (an index range scan per
 * handler on (topic, id)). A cursor only moves on the handler's own topics, so one count past the slowest
 * cursor would count others' events.
 */
export async function outboxBacklog(ctx: AppContext, handlers: EventHandler[]): Promise<Array<[string, number]>> {
  if (handlers.length === 0) return [];
  const rows = await sql<{ handler: string; n: number }>`
    select h.name as handler,
           (select count(*)::int from core.outbox e
             where e.topic = any(h.topics) and e.id > coalesce((select c.last_event_id from core.outbox_cursor c where c.handler = h.name), 0)) as n
      from jsonb_to_recordset(${JSON.stringify(handlers.map((h) => ({ name: h.name, topics: h.topics })))}::jsonb) as h(name text, topics text[])`.execute(ctx.db.kysely);
  return rows.rows.map((r) => [r.handler, r.n]);
}
