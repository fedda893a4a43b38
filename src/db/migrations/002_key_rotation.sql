-- Where `minzheng keys rotate` has got to, per encrypted column: a rotation cut short (a crash, a stop for
-- the night) resumes after the last key it committed instead of starting over.
create table core.key_rotation (
  target text primary key,
  key_fingerprint text not null,
  last_key bigint not null default 0,
  examined bigint not null default 0,
  resealed bigint not null default 0,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
comment on table core.key_rotation is 'Progress of re-sealing each encrypted column under the key with this fingerprint (never the key itself)';
