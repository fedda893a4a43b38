import { sql, type Kysely } from 'kysely';
import { appendAudit } from './audit.js';
import type { AccessTables } from './model.js';

/** 异常访问告警: how many distinct persons one user may read in a window before the auditor is told. */
export interface AccessAlertThresholds {
  perHour: number;
  perDay: number;
}

export const DEFAULT_ACCESS_ALERT_THRESHOLDS: AccessAlertThresholds = { perHour: 200, perDay: 1000 };
export const SECURITY_ALERT = 'security.alert';

// Reads that show a person: one by one (detail, full ID number) and by the page (the ids a list showed).
const SINGLE_READS = ['registry.person.read', 'registry.person.reveal_id_number'];
const PAGE_READS = ['registry.person.list'];

export interface RaisedAlert {
  userId: number;
  username: string | null;
  window: 'hour' | 'day';
  persons: number;
  threshold: number;
}

/**
 * Finds the users who read more distinct persons than the threshold in the last hour or day, and writes one
 * `security.alert` entry per user and window (not again while an alert for the same window is still recent).
 * Run by `serve` every minute and whenever the auditor lists alerts; it reads only the audit log.
 */
export async function raiseAccessAlerts(db: Kysely<AccessTables>, thresholds: AccessAlertThresholds, now = new Date()): Promise<RaisedAlert[]> {
  const raised: RaisedAlert[] = [];
  for (const [window, ms, threshold] of [
    ['hour', 3_600_000, thresholds.perHour],
    ['day', 86_400_000, thresholds.perDay],
  ] as const) {
    const since = new Date(now.getTime() - ms);
    const heavy = await sql<{ actor_id: number; actor_username: string | null; persons: number }>`
      with seen as (
        select actor_id, actor_username, entity_id as person from access.audit_log
         where at >= ${since} and result = 'ok' and action in (${sql.join(SINGLE_READS)}) and entity_id is not null
        union all
        select actor_id, actor_username, jsonb_array_elements_text(detail -> 'ids') from access.audit_log
         where at >= ${since} and result = 'ok' and action in (${sql.join(PAGE_READS)}) and jsonb_typeof(detail -> 'ids') = 'array')
      select actor_id, max(actor_username) as actor_username, count(distinct person)::int as persons
        from seen where actor_id is not null group by actor_id having count(distinct person) > ${threshold}`.execute(db);
    for (const row of heavy.rows) {
      const recent = await db
        .selectFrom('access.audit_log')
        .select('id')
        .where('action', '=', SECURITY_ALERT)
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', String(row.actor_id))
        .where(sql<boolean>`detail ->> 'window' = ${window}`)
        .where('at', '>=', since)
        .limit(1)
        .executeTakeFirst();
      if (recent) continue;
      const alert: RaisedAlert = { userId: Number(row.actor_id), username: row.actor_username, window, persons: row.persons, threshold };
      await appendAudit(db, { actor: null, action: SECURITY_ALERT, entityType: 'user', entityId: alert.userId, result: 'ok', detail: { kind: 'mass_person_access', username: alert.username, window, persons: alert.persons, threshold } });
      raised.push(alert);
    }
  }
  return raised;
}
