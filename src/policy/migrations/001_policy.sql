-- The policy engine's stored state: parameter values entered by administrators, screening runs with
-- their results, the current eligibility of each household, and the columnar snapshot screening reads.
-- Household, person and division ids are the registry's, kept as plain values (no cross-module keys).

create table policy.parameter_values (
  id bigserial primary key,
  pack text not null,
  name text not null,
  valid_from date not null,
  value jsonb not null,
  verified boolean not null,
  note text not null default '',
  origin text not null check (origin in ('pack', 'admin')),
  warnings jsonb not null default '[]',
  entered_by bigint,
  entered_by_username text,
  entered_at timestamptz not null default now()
);
create unique index parameter_values_pack_rows on policy.parameter_values (pack, name, valid_from) where origin = 'pack';
create index parameter_values_admin on policy.parameter_values (pack, name, valid_from, id) where origin = 'admin';
comment on table policy.parameter_values is 'Effective-dated parameter values. origin=pack: a copy of the code defaults (kept in step at start-up, for listing); origin=admin: values entered by the city administrator, append-only. Effective table = code defaults overlaid by the latest admin row per (name, valid_from)';
comment on column policy.parameter_values.value is 'A number (fen or per-mille) or, for unit fenBySize, an array of fen by household size';
comment on column policy.parameter_values.verified is 'Checked against an official text; unverified values are flagged 参数待核实 in every explanation';
comment on column policy.parameter_values.warnings is 'Pack-check warnings when the value was entered (e.g. 低保标准 below 33% of last year''s consumption)';

create table policy.screen_runs (
  id bigserial primary key,
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  division_code text collate "C" not null,
  status text not null check (status in ('queued', 'running', 'done', 'failed')),
  phase text not null default 'queued',
  progress_percent smallint not null default 0 check (progress_percent between 0 and 100),
  workers smallint not null default 1,
  households integer,
  persons integer,
  result_rows integer,
  rule_version text,
  rules_fingerprint text,
  parameters_fingerprint text,
  parameters jsonb,
  timings jsonb,
  error text,
  started_by bigint,
  started_by_username text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  heartbeat_at timestamptz not null default now()
);
create index screen_runs_month on policy.screen_runs (month, division_code, id desc);
comment on table policy.screen_runs is 'A screening job: every programme over every household of a division for one month. Runs in the background; progress and status are polled';
comment on column policy.screen_runs.parameters is 'Every parameter value the run read (name, value, from, verified): with rule_version it reproduces the run';
comment on column policy.screen_runs.parameters_fingerprint is 'sha256 (16 hex) of the parameter values read: two runs with equal fingerprints and rules agree';
comment on column policy.screen_runs.timings is 'Milliseconds per phase (read, kernel, write, snapshot, current) and per worker';
comment on column policy.screen_runs.heartbeat_at is 'Updated while the run works; a running run with an old heartbeat was interrupted (process ended)';

create table policy.screen_results (
  run_id bigint not null,
  household_id bigint not null,
  division_code text collate "C" not null,
  programme text not null,
  member_id bigint,
  eligible boolean not null,
  monthly_amount_fen bigint not null,
  fail_mask integer not null
);
create index screen_results_page on policy.screen_results (run_id, programme, household_id);
comment on table policy.screen_results is 'Output of a run: one row per eligible household (household programmes) or eligible member (person programmes). Immutable once the run is done';
comment on column policy.screen_results.member_id is 'Person programmes (特困, 老年综合津贴, 孤儿): the registry person id; null for household programmes';
comment on column policy.screen_results.fail_mask is 'Bit k set: condition k of the programme failed (0 for eligible rows)';

create table policy.screen_summaries (
  run_id bigint not null,
  district text collate "C" not null,
  programme text not null,
  households integer not null,
  persons integer not null,
  monthly_amount_fen bigint not null,
  primary key (run_id, district, programme)
);
comment on table policy.screen_summaries is 'Per run, district (6-digit code) and programme: recipient households, recipient persons and the monthly cost';

create table policy.household_results (
  month text not null,
  programme text not null,
  household_id bigint not null,
  division_code text collate "C" not null,
  member_ids bigint[],
  monthly_amount_fen bigint not null,
  run_id bigint,
  rescreened_at timestamptz,
  primary key (household_id, month, programme)
);
create index household_results_division on policy.household_results (month, programme, division_code);
comment on table policy.household_results is 'Current eligibility: a row per (household, month, programme) the household qualifies for. Replaced by each screening run for its division and patched by re-screening one household after registry events';
comment on column policy.household_results.member_ids is 'Eligible members of a person programme; null for household programmes';
comment on column policy.household_results.run_id is 'The run that wrote the row; null when a re-screen wrote it (rescreened_at)';

create table policy.snapshot_chunks (
  month text not null,
  district text collate "C" not null,
  households integer not null,
  members integer not null,
  columns bytea not null,
  run_id bigint not null,
  read_started_at timestamptz not null,
  stale_since timestamptz,
  primary key (month, district)
);
-- Typed arrays barely compress, and pglz over megabytes per chunk costs more than the bytes it saves.
alter table policy.snapshot_chunks alter column columns set storage external;
comment on table policy.snapshot_chunks is 'Columnar snapshot of the screening input for one month and district (typed arrays, see snapshot-codec.ts), written by the screening run; simulations and re-screens with other parameters read it instead of re-aggregating the registry';
comment on column policy.snapshot_chunks.read_started_at is 'When the run began reading the registry: patches recorded after it are newer than the chunk';
comment on column policy.snapshot_chunks.stale_since is 'Set when an event could not be traced to its households (a very large fact batch): readers fall back to the registry until the next run';

create table policy.snapshot_patches (
  month text not null,
  household_id bigint not null,
  district text collate "C" not null,
  columns bytea not null,
  recorded_at timestamptz not null default now(),
  primary key (month, household_id)
);
alter table policy.snapshot_patches alter column columns set storage external;
comment on table policy.snapshot_patches is 'Households re-screened after registry events (for months being screened); a patch replaces the household in the chunk (no members: the household is gone) and keeps an older run from overwriting its current results';
