-- 等保 2.0 level 3 sign-in: a security admin role (三权分立), one-time initial passwords, TOTP, idle timeouts,
-- a login throttle that a stranger cannot use to lock someone out, and two-person approval of privileged grants.
alter table access.users drop constraint users_role_check;
alter table access.users add constraint users_role_check
  check (role in ('city_admin', 'security_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader', 'institution_staff'));
alter table access.users add column must_change_password boolean not null default false;
alter table access.users add column password_changed_at timestamptz not null default now();
alter table access.users add column mfa_secret text;
alter table access.users add column mfa_enabled boolean not null default false;
alter table access.users add column mfa_last_step bigint;
alter table access.users add column mfa_failures integer not null default 0;
alter table access.users add column mfa_locked_until timestamptz;
alter table access.users add column last_login_at timestamptz;
comment on column access.users.mfa_secret is 'TOTP secret, AES-256-GCM with the installation key (never returned after enrolment)';
comment on column access.users.mfa_last_step is 'Last accepted TOTP time step: a code of that step or earlier is a replay';
comment on column access.users.failed_logins is 'Unused since 003: failures are counted in access.login_throttle';

alter table access.sessions add column last_seen_at timestamptz not null default now();
alter table access.sessions add column idle_seconds integer not null default 1800;
alter table access.sessions add column mfa_pending boolean not null default false;
alter table access.sessions add column authenticated_at timestamptz not null default now();
alter table access.sessions add column source_ip text;
comment on column access.sessions.authenticated_at is 'Last strong authentication (password, or TOTP when enrolled): step-up checks its age';

-- Keys: 'pair:<username>|<ip>' locks that pair; 'user:<username>' slows (never locks) the account;
-- 'ip:<ip>' locks a source that sprays many accounts.
create table access.login_throttle (
  key text primary key,
  failures integer not null,
  window_started_at timestamptz not null,
  locked_until timestamptz
);

create table access.role_grants (
  id bigserial primary key,
  user_id bigint not null references access.users (id),
  role text not null,
  jurisdiction_code text collate "C" not null,
  organisation_id bigint,
  -- A new privileged account stays disabled until its grant is approved.
  activates boolean not null default false,
  requested_by bigint not null references access.users (id),
  requested_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  decided_by bigint references access.users (id),
  decided_at timestamptz,
  check (decided_by is null or decided_by <> requested_by)
);
create index role_grants_pending on access.role_grants (status) where status = 'pending';
comment on table access.role_grants is 'Privileged grants waiting for (or decided by) a second security admin; the requester can never decide';
