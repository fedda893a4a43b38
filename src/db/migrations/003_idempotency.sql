-- Idempotency keys (issue 22): a request sent again with the same `Idempotency-Key` (a retry after a lost
-- answer, a double click) acts once. The row is written in the transaction of the action it guards, so it
-- exists exactly when the action committed; the answer is stored beside it right after, to be replayed.
create table core.idempotency_keys (
  principal text not null,
  key text not null,
  fingerprint text not null,
  route text not null,
  status_code integer,
  answer jsonb,
  created_at timestamptz not null default now(),
  answered_at timestamptz,
  primary key (principal, key)
);
create index idempotency_keys_created on core.idempotency_keys (created_at);
comment on table core.idempotency_keys is 'One row per (caller, Idempotency-Key): the request''s fingerprint and its stored answer; purged after IDEMPOTENCY_KEY_HOURS';
