-- Keys for other departments' systems (read-only status by credit code and the change feed): stored as SHA-256
-- only, shown once at creation, revocable; every use is logged.
create table socialorg.api_keys (
  id bigserial primary key,
  department text not null,
  label text not null,
  key_hash text not null unique,
  key_prefix text not null,
  created_by bigint,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by bigint,
  last_used_at timestamptz
);
comment on table socialorg.api_keys is 'Department API keys (SHA-256 of the key; the key itself is shown once)';

create table socialorg.api_key_uses (
  id bigserial primary key,
  key_id bigint not null references socialorg.api_keys (id),
  at timestamptz not null default now(),
  route text not null,
  subject text not null default ''
);
create index api_key_uses_key on socialorg.api_key_uses (key_id, at desc);
comment on table socialorg.api_key_uses is 'Every call made with a department key: which route, about what';
