-- The application's role (minzheng_app) owns no table, and creating a partition takes ownership of the parent;
-- this function, owned by the migration owner, creates a month's ledger partition and nothing else.
create function assistance.ensure_payment_partition(month text) returns void
language plpgsql security definer set search_path = pg_catalog, assistance as $$
begin
  if month !~ '^\d{4}-(0[1-9]|1[0-2])$' then
    raise exception 'bad month %', month;
  end if;
  execute format('create table if not exists assistance.%I partition of assistance.payments for values in (%L)', 'payments_' || replace(month, '-', '_'), month);
end;
$$;
revoke all on function assistance.ensure_payment_partition(text) from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'minzheng_app') then
    grant execute on function assistance.ensure_payment_partition(text) to minzheng_app;
  end if;
end
$$;
comment on function assistance.ensure_payment_partition(text) is 'Creates the payments partition of one month (YYYY-MM); security definer so the application role need not own the ledger';
