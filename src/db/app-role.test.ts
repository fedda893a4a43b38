/**
 * Least privilege (issue 22, 等保 8.1.4.3c): migrations run as the owner, the server as minzheng_app, which has
 * only what the application needs — read and write rows — and none of: DDL, TRUNCATE, triggers, foreign-key
 * REFERENCES, role attributes, membership of other roles. The audit log's own limits (SELECT and INSERT only)
 * are tested in test/security/audit.test.ts. Roles exist only on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { APP_ROLE } from './app-role.js';

describe.skipIf(!process.env.DATABASE_URL)('the application role minzheng_app (PostgreSQL only: set DATABASE_URL; PGlite has one user)', () => {
  let t: TestDatabase;
  const asApp = (statement: string) => t.ctx.db.exclusive((s) => s.query(statement));

  beforeAll(async () => {
    t = await openTestDatabase();
  }, 60_000);
  afterAll(async () => t?.close());

  it('is what the server connects as, and is no superuser, creates no databases or roles, bypasses no row security, inherits nothing', async () => {
    expect(await asApp('select current_user as u')).toEqual([{ u: APP_ROLE }]);
    const [role] = await t.ownerQuery<Record<string, boolean>>('select rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication, rolinherit from pg_roles where rolname = $1', [APP_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false, rolreplication: false, rolinherit: false });
    const memberships = await t.ownerQuery('select 1 from pg_auth_members m join pg_roles r on r.oid = m.member where r.rolname = $1', [APP_ROLE]);
    expect(memberships).toEqual([]);
  });

  it('can change no schema: no table, schema, function or index created, no table altered or dropped', async () => {
    const schemas = (await t.ownerQuery<{ s: string }>("select nspname as s from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1")).map((r) => r.s);
    expect(schemas).toEqual(expect.arrayContaining(['access', 'core', 'registry', 'public']));
    for (const schema of schemas) {
      await expect(asApp(`create table ${schema}.intruder (a int)`), schema).rejects.toThrow(/permission denied/);
    }
    for (const statement of [
      'create schema intruder',
      'create function public.intruder() returns int language sql as $$ select 1 $$',
      'create index intruder on registry.persons (id)',
      'alter table registry.persons add column intruder int',
      'drop table registry.persons',
      'alter table registry.persons disable trigger all',
      'create trigger intruder before insert on registry.persons for each row execute function pg_catalog.suppress_redundant_updates_trigger()',
    ]) {
      await expect(asApp(statement), statement).rejects.toThrow(/permission denied|must be owner/);
    }
  });

  it('holds no TRUNCATE, TRIGGER or REFERENCES right on any table, and may not write the migration record', async () => {
    const granted = await t.ownerQuery<{ t: string; p: string }>(
      `select n.nspname || '.' || c.relname as t, p.p from pg_class c join pg_namespace n on n.oid = c.relnamespace
         cross join (values ('TRUNCATE'), ('TRIGGER'), ('REFERENCES')) p(p)
       where c.relkind in ('r', 'p') and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
         and has_table_privilege($1, c.oid, p.p)`,
      [APP_ROLE],
    );
    expect(granted).toEqual([]);
    await expect(asApp('truncate registry.persons')).rejects.toThrow(/permission denied/);
    await expect(asApp("insert into core.migrations (module, name, checksum) values ('x', '999_x.sql', 'x')")).rejects.toThrow(/permission denied/);
    await expect(asApp("delete from core.migrations where module = 'access'")).rejects.toThrow(/permission denied/);
  });

  it("keeps the rule for tables a later migration creates (the owner's default privileges), and reads and writes rows as it must", async () => {
    await t.ownerQuery('create schema later_module; create table later_module.items (id int primary key)');
    expect(await asApp('insert into later_module.items values (1) returning id')).toEqual([{ id: 1 }]);
    await expect(asApp('truncate later_module.items')).rejects.toThrow(/permission denied/);
    await expect(asApp('alter table later_module.items add column x int')).rejects.toThrow(/must be owner/);
    await t.ownerQuery('drop schema later_module cascade');
  });
});
