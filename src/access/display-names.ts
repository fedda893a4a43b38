import type { Kysely } from 'kysely';
import type { AccessTables } from './model.js';

/** Staff as people read them (浦东新区民政局 王科长), by user id: logs name the person, not the login. */
export async function displayNames(db: Kysely<AccessTables>, userIds: readonly (number | null)[]): Promise<Map<number, string>> {
  const ids = [...new Set(userIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('access.users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
