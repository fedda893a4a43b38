import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.js';

export interface MigrationSource {
  /** Module name; also its PostgreSQL schema. */
  module: string;
  dir: string;
}

export interface AppliedMigration {
  module: string;
  name: string;
}

// One lock id for the whole platform: two processes starting together must not migrate twice.
const MIGRATION_LOCK = 7_231_001;

/**
 * Forward-only migrations: each module's `migrations/NNN_name.sql`, applied in order, each in its own
 * transaction with its record in core.migrations. An applied file that was edited afterwards is an error.
 */
export async function migrate(db: Database, sources: MigrationSource[]): Promise<AppliedMigration[]> {
  return db.exclusive(async (session) => {
    if (db.kind === 'pg') await session.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await session.exec(`
        create schema if not exists core;
        create table if not exists core.migrations (
          module text not null, name text not null, checksum text not null,
          applied_at timestamptz not null default now(), primary key (module, name));`);
      const rows = await session.query<{ module: string; name: string; checksum: string }>('select module, name, checksum from core.migrations');
      const done = new Map(rows.map((r) => [`${r.module}/${r.name}`, r.checksum]));
      const applied: AppliedMigration[] = [];
      for (const source of sources) {
        if (!/^[a-z_]+$/.test(source.module)) throw new Error(`bad module name ${source.module}`);
        if (!existsSync(source.dir)) continue;
        const files = readdirSync(source.dir)
          .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
          .sort();
        for (const file of files) {
          const script = readFileSync(join(source.dir, file), 'utf8');
          const checksum = createHash('sha256').update(script).digest('hex');
          const previous = done.get(`${source.module}/${file}`);
          if (previous !== undefined) {
            if (previous !== checksum) throw new Error(`migration ${source.module}/${file} was changed after it was applied`);
            continue;
          }
          await session
            .exec(`begin;\ncreate schema if not exists ${source.module};\n${script}\n;` + `insert into core.migrations (module, name, checksum) values ('${source.module}', '${file}', '${checksum}');\ncommit;`)
            .catch(async (error: unknown) => {
              await session.exec('rollback').catch(() => undefined);
              throw new Error(`migration ${source.module}/${file} failed: ${(error as Error).message}`);
            });
          applied.push({ module: source.module, name: file });
        }
      }
      return applied;
    } finally {
      if (db.kind === 'pg') await session.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

/** `module/NNN_name.sql` of every migration file on disk: what a database on the current code must have applied. */
export function migrationFileNames(sources: MigrationSource[]): string[] {
  return sources.flatMap((source) =>
    existsSync(source.dir)
      ? readdirSync(source.dir)
          .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
          .sort()
          .map((f) => `${source.module}/${f}`)
      : [],
  );
}
