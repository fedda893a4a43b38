create table access.users (
  id bigserial primary key,
  username text not null unique,
  display_name text not null,
  role text not null check (role in ('city_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader')),
  jurisdiction_code text collate "C" not null,
  password_hash text not null,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table access.users is 'Platform users: a role and a jurisdiction (12-digit division code; the user sees that subtree only)';
comment on column access.users.password_hash is 'scrypt$N$r$p$salt$hash (node:crypto)';

create table access.sessions (
  token_hash text primary key,
  user_id bigint not null references access.users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on access.sessions (user_id);
comment on table access.sessions is 'Login sessions; only the SHA-256 of the bearer token is stored';

create table access.audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor_id bigint,
  actor_username text,
  actor_role text,
  action text not null,
  entity_type text,
  entity_id text,
  purpose text,
  result text not null check (result in ('ok', 'denied', 'error')),
  detail jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_entity on access.audit_log (entity_type, entity_id);
create index audit_log_actor on access.audit_log (actor_id, at);
comment on table access.audit_log is 'Append-only, hash-chained audit log: hash = sha256(prev_hash + canonical entry); editing any row breaks the chain';

-- Insert-only: updates and deletes are refused for everyone, even the application.
create function access.audit_log_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'audit log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on access.audit_log
  for each row execute function access.audit_log_immutable();
create trigger audit_log_no_truncate before truncate on access.audit_log
  for each statement execute function access.audit_log_immutable();
