import type { RawSession } from '../../db/index.js';

export const BULK_TABLES = ['persons', 'households', 'household_members', 'facts', 'organisations'];

export interface SavedSchema {
  indexes: { table: string; name: string; def: string; comment: string | null }[];
  foreignKeys: { table: string; name: string; def: string; comment: string | null }[];
}

/**
 * Bulk mode: the secondary indexes and foreign keys of the loaded tables are dropped before the COPYs and
 * rebuilt after — one sort per index instead of millions of random b-tree inserts, and one join per
 * foreign key instead of a look-up per row. Definitions are read from the catalogue, so indexes added by
 * later migrations come back unchanged. Primary keys and unique constraints stay; comments come back too.
 */
export async function dropSecondary(session: RawSession): Promise<SavedSchema> {
  const indexes = await session.query<SavedSchema['indexes'][number]>(
    `select tc.relname as table, ic.relname as name, pg_get_indexdef(i.indexrelid) as def, obj_description(i.indexrelid, 'pg_class') as comment
       from pg_index i
       join pg_class ic on ic.oid = i.indexrelid
       join pg_class tc on tc.oid = i.indrelid
       join pg_namespace n on n.oid = tc.relnamespace
      where n.nspname = 'registry' and tc.relname = any($1::text[]) and not i.indisprimary
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
      order by ic.relname`,
    [BULK_TABLES],
  );
  const foreignKeys = await session.query<SavedSchema['foreignKeys'][number]>(
    `select tc.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def, obj_description(k.oid, 'pg_constraint') as comment
       from pg_constraint k
       join pg_class tc on tc.oid = k.conrelid
       join pg_namespace n on n.oid = tc.relnamespace
      where n.nspname = 'registry' and tc.relname = any($1::text[]) and k.contype = 'f'
      order by k.conname`,
    [BULK_TABLES],
  );
  for (const fk of foreignKeys) await session.exec(`alter table registry.${quote(fk.table)} drop constraint ${quote(fk.name)}`);
  for (const index of indexes) await session.exec(`drop index registry.${quote(index.name)}`);
  return { indexes, foreignKeys };
}

/** Rebuilds one table's indexes (as soon as its COPY is done, while other tables still load). */
export async function restoreIndexes(session: RawSession, saved: SavedSchema, table: string, pg: boolean): Promise<void> {
  const indexes = saved.indexes.filter((i) => i.table === table);
  if (indexes.length === 0) return;
  // Sorting a few million keys in memory instead of in temporary files; reset because the connection is pooled.
  if (pg) await session.exec("set maintenance_work_mem = '256MB'");
  try {
    for (const index of indexes) {
      await session.exec(index.def);
      if (index.comment !== null) await session.query(`comment on index registry.${quote(index.name)} is ${literal(index.comment)}`);
    }
  } finally {
    if (pg) await session.exec('reset maintenance_work_mem');
  }
}

export async function restoreForeignKeys(session: RawSession, saved: SavedSchema): Promise<void> {
  for (const fk of saved.foreignKeys) {
    await session.exec(`alter table registry.${quote(fk.table)} add constraint ${quote(fk.name)} ${fk.def}`);
    if (fk.comment !== null) await session.query(`comment on constraint ${quote(fk.name)} on registry.${quote(fk.table)} is ${literal(fk.comment)}`);
  }
}

// COMMENT takes no bind parameters: a standard-conforming string literal, quotes doubled.
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
