-- Audit retention (issue 22, 网络安全法 第二十一条: logs kept at least six months; by default three years): the
-- audit log is partitioned by month so that a month past retention is archived to a file (with its hash
-- anchors) and dropped whole, never deleted row by row (the append-only triggers stay as they are).
--
-- The partition key is logged_at: the time the row was written under the chain lock (clock_timestamp() in
-- the insert), so it never decreases along the chain's id order and each month holds one unbroken stretch of
-- the chain. `at` (when the action happened, hashed) can precede the row before it by a few milliseconds and
-- would split the chain at a month's edge. Rows already written take the running maximum of `at`.
alter table access.audit_log rename to audit_log_unpartitioned;
alter index access.audit_log_pkey rename to audit_log_unpartitioned_pkey;
alter index access.audit_log_entity rename to audit_log_unpartitioned_entity;
alter index access.audit_log_actor rename to audit_log_unpartitioned_actor;
alter index access.audit_log_action_at rename to audit_log_unpartitioned_action_at;

create table access.audit_log (
  like access.audit_log_unpartitioned including defaults including constraints,
  logged_at timestamptz not null default clock_timestamp()
) partition by range (logged_at);
alter sequence access.audit_log_id_seq owned by access.audit_log.id;
alter table access.audit_log add primary key (id, logged_at);
create index audit_log_entity on access.audit_log (entity_type, entity_id);
create index audit_log_actor on access.audit_log (actor_id, at);
create index audit_log_action_at on access.audit_log (action, at);
create trigger audit_log_no_update before update or delete on access.audit_log
  for each row execute function access.audit_log_immutable();
create trigger audit_log_no_truncate before truncate on access.audit_log
  for each statement execute function access.audit_log_immutable();

-- A month's partition, created by the owner (`minzheng migrate`, every start of a command, `audit archive`):
-- the application role has no DDL. Rows that fell into the default partition meanwhile move into it.
create function access.create_audit_partition(month date) returns text language plpgsql as $$
declare
  first date := date_trunc('month', month)::date;
  name text := format('audit_log_%s', to_char(first, 'YYYY_MM'));
  lo timestamptz := (first::text || ' 00:00:00+08')::timestamptz;
  hi timestamptz := ((first + interval '1 month')::date::text || ' 00:00:00+08')::timestamptz;
begin
  if to_regclass(format('access.%I', name)) is not null then
    return name;
  end if;
  execute format('create table access.%I (like access.audit_log including defaults including constraints)', name);
  if exists (select 1 from access.audit_log_default where logged_at >= lo and logged_at < hi) then
    execute format('insert into access.%I select * from access.audit_log_default where logged_at >= $1 and logged_at < $2', name) using lo, hi;
    alter table access.audit_log_default disable trigger audit_log_no_update;
    delete from access.audit_log_default where logged_at >= lo and logged_at < hi;
    alter table access.audit_log_default enable trigger audit_log_no_update;
  end if;
  execute format('alter table access.audit_log attach partition access.%I for values from (%L) to (%L)', name, lo, hi);
  -- TRUNCATE of a partition by name does not fire the parent's statement trigger: each partition has its own.
  execute format('create trigger audit_log_no_truncate before truncate on access.%I for each statement execute function access.audit_log_immutable()', name);
  -- The owner's default privileges would give the application UPDATE and DELETE on the new table: it reads
  -- and appends through the parent only.
  if exists (select 1 from pg_roles where rolname = 'minzheng_app') then
    execute format('revoke all on access.%I from minzheng_app', name);
  end if;
  return name;
end;
$$;
revoke all on function access.create_audit_partition(date) from public;

create table access.audit_log_default partition of access.audit_log default;
create trigger audit_log_no_truncate before truncate on access.audit_log_default
  for each statement execute function access.audit_log_immutable();

-- This month and the next twelve, and every month the existing rows cover.
do $$
declare
  m date;
begin
  for m in
    select generate_series(
      date_trunc('month', least(coalesce((select min(at) from access.audit_log_unpartitioned), now()), now()) at time zone 'Asia/Shanghai')::date,
      (date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '12 months')::date,
      interval '1 month')::date
  loop
    perform access.create_audit_partition(m);
  end loop;
end
$$;

insert into access.audit_log
  select u.*, max(u.at) over (order by u.id rows unbounded preceding) from access.audit_log_unpartitioned u;
drop table access.audit_log_unpartitioned;

-- Months archived out of the database: where the file is, what it holds and how the chain continues.
create table access.audit_archives (
  month text collate "C" primary key check (month ~ '^\d{4}-\d{2}$'),
  first_id bigint not null,
  last_id bigint not null,
  entries bigint not null,
  first_prev_hash text not null,
  last_hash text not null,
  file text not null,
  file_sha256 text not null,
  archived_at timestamptz not null default now()
);
comment on table access.audit_archives is 'Audit months moved to files (minzheng audit archive): the chain in the database continues from the last archived hash; each file has a signed manifest beside it';

revoke all on access.audit_log from minzheng_app;
grant select, insert on access.audit_log to minzheng_app;
revoke all on access.audit_log_default from minzheng_app;
revoke all on access.audit_archives from minzheng_app;
grant select on access.audit_archives to minzheng_app;
comment on table access.audit_log is 'Append-only, hash-chained audit log, partitioned by month of logged_at: hash = sha256(prev_hash + canonical entry); editing any row breaks the chain. The application role minzheng_app has SELECT and INSERT only; the chain head is also signed outside the database (audit-anchor.ts); months past retention are archived to files (audit-archive.ts)';
