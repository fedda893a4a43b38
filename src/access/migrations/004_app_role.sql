-- 等保 8.1.4.3c: the application must not be able to rewrite its own traces. Migrations run as the owner; the
-- application's pool connects as minzheng_app, which owns nothing: it may read and append to the audit log but
-- not update, delete, truncate it or switch its triggers off (that needs ownership). Roles are cluster-wide,
-- so the role is created once and every database (one per test file) only grants to it.
do $$
begin
  create role minzheng_app login nosuperuser nocreatedb nocreaterole noinherit nobypassrls;
exception when duplicate_object or unique_violation then
  null; -- created by another database's migration, possibly at the same moment
end
$$;

-- Tables that exist already (modules migrated before this file, on an existing installation) ...
do $$
declare
  s text;
begin
  for s in select nspname from pg_namespace where nspname not like 'pg\_%' and nspname <> 'information_schema' loop
    execute format('grant usage on schema %I to minzheng_app', s);
    execute format('grant select, insert, update, delete on all tables in schema %I to minzheng_app', s);
    execute format('grant usage, select, update on all sequences in schema %I to minzheng_app', s);
  end loop;
end
$$;
-- ... and those the owner creates later (schemas, tables, sequences of later migrations and partitions).
alter default privileges grant usage on schemas to minzheng_app;
alter default privileges grant select, insert, update, delete on tables to minzheng_app;
alter default privileges grant usage, select, update on sequences to minzheng_app;

revoke all on access.audit_log from minzheng_app;
grant select, insert on access.audit_log to minzheng_app;
revoke insert, update, delete on core.migrations from minzheng_app;
comment on table access.audit_log is 'Append-only, hash-chained audit log: hash = sha256(prev_hash + canonical entry); editing any row breaks the chain. The application role minzheng_app has SELECT and INSERT only; the chain head is also signed outside the database (audit-anchor.ts)';
