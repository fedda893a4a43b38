-- 行政处罚 (the registrar's own and other departments'), courts' 失信被执行人, and the batches they arrive in.
-- A penalty is one decision (department + decision number, unique, so a re-sent row is known); the credit lists of
-- 民政部令第60号 follow from its type and amount. A batch is idempotent: the same id with the same file answers the
-- stored receipt, a different file under a used id is refused.
create table socialorg.penalties (
  id bigserial primary key,
  organisation_id bigint not null references socialorg.organisations (id),
  kind text not null check (kind in ('warning', 'fine', 'confiscation', 'suspension', 'revocation', 'correction')),
  amount_fen bigint not null default 0 check (amount_fen >= 0),
  basis text not null,
  department text not null,
  decision_no text not null,
  decided_on date not null,
  carried_out_on date,
  batch_id text,
  row_no integer,
  recorded_by bigint,
  recorded_on date not null,
  created_at timestamptz not null default now(),
  unique (department, decision_no)
);
create index penalties_organisation on socialorg.penalties (organisation_id, decided_on);
comment on table socialorg.penalties is 'Administrative penalties on social organisations: type, amount (fen), basis, deciding department, decision number and date, carried out';

create table socialorg.court_listings (
  id bigserial primary key,
  organisation_id bigint not null references socialorg.organisations (id),
  court text not null,
  case_no text not null,
  listed_on date not null,
  removed_on date,
  batch_id text not null,
  row_no integer not null,
  unique (court, case_no)
);
create index court_listings_organisation on socialorg.court_listings (organisation_id);
comment on table socialorg.court_listings is 'Courts'' 失信被执行人 naming a social organisation, from their batches';

create table socialorg.import_batches (
  source text not null check (source in ('penalty', 'court')),
  batch_id text not null,
  sha256 text not null,
  department text not null,
  row_count integer not null,
  accepted integer not null,
  duplicates integer not null,
  rejected integer not null,
  listed integer not null,
  errors jsonb not null default '[]',
  imported_by bigint,
  scope text collate "C" not null,
  imported_at timestamptz not null default now(),
  primary key (source, batch_id)
);
comment on table socialorg.import_batches is 'Other departments'' and courts'' batch files: one receipt per batch id, row errors kept';
