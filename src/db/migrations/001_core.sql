-- The outbox carries domain events written in the same transaction as the change that caused them.
create table core.outbox (
  id bigserial primary key,
  topic text not null,
  key text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index outbox_topic_id on core.outbox (topic, id);
comment on table core.outbox is 'Domain events, written in the transaction of the change; read by idempotent handlers';

create table core.outbox_handled (
  handler text not null,
  event_id bigint not null,
  handled_at timestamptz not null default now(),
  primary key (handler, event_id)
);
comment on table core.outbox_handled is 'Which handler has processed which event: a handler never runs twice for one event';

create table core.outbox_cursor (
  handler text primary key,
  last_event_id bigint not null
);
comment on table core.outbox_cursor is 'Highest event id a handler has processed, to bound the scan for new events';
