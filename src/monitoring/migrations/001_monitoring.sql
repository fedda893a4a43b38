-- 低收入人口动态监测: department data exchange, warnings as a closed loop, 政策找人 leads and 免申即享 grants.
-- Registry ids (persons, households) and user ids are plain values: no foreign keys across modules.
-- Division codes use the "C" collation so `like '310115004%'` (a jurisdiction's subtree) uses the b-tree indexes.

create function monitoring.append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;

create table monitoring.persons (
  person_id bigint primary key,
  household_id bigint,
  birth_date date,
  death_date date,
  hukou_division text collate "C",
  residence_division text collate "C",
  disability_grade smallint,
  refreshed_at timestamptz not null default now()
);
create index persons_household on monitoring.persons (household_id);
create index persons_birth on monitoring.persons (birth_date) where death_date is null;
comment on table monitoring.persons is 'Read model of registry persons for routing rows to households: filled from registry events and from paged registry reads (syncPersonIndex); the registry stays the source of truth';
comment on column monitoring.persons.household_id is 'Household the person belongs to today (registry.household.member_added / member_removed)';
comment on column monitoring.persons.residence_division is 'Committee of actual residence (居住地): where the community assistance advisor visits';
comment on column monitoring.persons.birth_date is 'Null until read from the registry (an event named the person without it)';

create table monitoring.exchange_batches (
  source text not null,
  batch_id text not null,
  format text not null check (format in ('ndjson', 'csv')),
  status text not null check (status in ('receiving', 'done')),
  content_sha256 text not null,
  received_by bigint,
  received_at timestamptz not null default now(),
  finished_at timestamptz,
  row_count integer not null default 0,
  accepted_count integer not null default 0,
  rejected_count integer not null default 0,
  facts_recorded integer not null default 0,
  person_changes integer not null default 0,
  warnings_raised integer not null default 0,
  leads_found integer not null default 0,
  grants_made integer not null default 0,
  primary key (source, batch_id)
);
comment on table monitoring.exchange_batches is 'A batch a department sent (数据交换): the (source, batch_id) pair makes a re-sent batch a no-op; status receiving = interrupted, resumed by re-sending';
comment on column monitoring.exchange_batches.content_sha256 is 'SHA-256 of the content: the same batch id with different content is refused';
comment on column monitoring.exchange_batches.received_by is 'access.users id of the uploader; null for the CLI import / exchange job';

create table monitoring.exchange_rows (
  source text not null,
  batch_id text not null,
  row_no integer not null,
  accepted boolean not null,
  row_type text,
  person_id bigint,
  household_id bigint,
  occurred_on date,
  amount_fen bigint,
  detail jsonb,
  errors jsonb,
  primary key (source, batch_id, row_no)
);
create index exchange_rows_household on monitoring.exchange_rows (household_id, row_type, occurred_on) where accepted;
create index exchange_rows_person on monitoring.exchange_rows (person_id, row_type, occurred_on) where accepted;
create trigger exchange_rows_append_only before update or delete on monitoring.exchange_rows for each row execute function monitoring.append_only();
comment on table monitoring.exchange_rows is 'Every row of every batch (社会救助专题库 ledger): accepted rows with their normalised values (no ID numbers), rejected rows with their errors';
comment on column monitoring.exchange_rows.row_no is 'Line number in the file (CSV: the header is line 1)';
comment on column monitoring.exchange_rows.household_id is 'Household of the person when the row was received';
comment on column monitoring.exchange_rows.errors is '[{field, message}] in Chinese, for rejected rows';

create table monitoring.rule_parameters (
  name text not null,
  valid_from date not null,
  value bigint not null,
  verified boolean not null,
  note text not null default '',
  set_by bigint,
  set_at timestamptz not null default now(),
  primary key (name, valid_from)
);
comment on table monitoring.rule_parameters is 'Administrator-set values of warning-rule parameters, effective-dated; they override the defaults in rules.ts for the same date';
comment on column monitoring.rule_parameters.value is 'Integer in the unit of the parameter: fen, hours, years, permille or disability grade';

create table monitoring.warnings (
  id bigserial primary key,
  type text not null,
  level text not null check (level in ('high', 'medium', 'low')),
  subject_key text not null,
  trigger_key text not null,
  household_id bigint,
  person_id bigint,
  division_code text collate "C" not null,
  street_code text collate "C" not null,
  reasons jsonb not null,
  origin jsonb not null,
  raised_at timestamptz not null,
  due_at timestamptz not null,
  status text not null check (status in ('new', 'assigned', 'visited', 'handled', 'closed')),
  assigned_to bigint,
  escalated_at timestamptz,
  outcome text,
  version integer not null default 0
);
create unique index warnings_one_open on monitoring.warnings (subject_key, type) where status <> 'closed';
create unique index warnings_trigger on monitoring.warnings (type, trigger_key);
create index warnings_division on monitoring.warnings (division_code, status);
create index warnings_due on monitoring.warnings (due_at) where status in ('new', 'assigned', 'visited') and escalated_at is null;
comment on table monitoring.warnings is 'A warning (预警) and the projection of its action log: status, assignee, escalation';
comment on column monitoring.warnings.subject_key is 'h:<household id> or p:<person id>: at most one open warning of a type per subject';
comment on column monitoring.warnings.trigger_key is 'What raised it (a death, a meter reading, a month): the same trigger never raises twice';
comment on column monitoring.warnings.division_code is 'Committee of residence; the warning goes to its community assistance advisor';
comment on column monitoring.warnings.due_at is 'raised_at + time limit of the level; past it before handling, the warning is overdue and escalates to the street';

create table monitoring.warning_actions (
  warning_id bigint not null references monitoring.warnings (id),
  seq integer not null,
  action text not null,
  actor_id bigint,
  actor_username text,
  at timestamptz not null,
  reason text,
  payload jsonb not null default '{}',
  primary key (warning_id, seq)
);
create trigger warning_actions_append_only before update or delete on monitoring.warning_actions for each row execute function monitoring.append_only();
comment on table monitoring.warning_actions is 'Append-only log of a warning: raise, assign, visit (findings, photos), handle (referral or no action with reason), close, escalate; the status is derived from it';

create table monitoring.discovery_runs (
  id bigserial primary key,
  month text not null,
  division_code text collate "C" not null,
  started_by bigint,
  started_at timestamptz not null,
  finished_at timestamptz,
  households_screened integer not null default 0,
  leads_found integer not null default 0
);
comment on table monitoring.discovery_runs is '政策找人 runs: a division screened against every programme for a month';

create table monitoring.leads (
  id bigserial primary key,
  programme text not null,
  subject_key text not null,
  household_id bigint not null,
  person_id bigint,
  division_code text collate "C" not null,
  street_code text collate "C" not null,
  month text not null,
  amount_fen bigint,
  reasons jsonb not null,
  origin jsonb not null,
  found_at timestamptz not null,
  status text not null check (status in ('found', 'contacted', 'applied', 'approved', 'declined', 'not_eligible', 'closed')),
  assigned_to bigint,
  version integer not null default 0
);
create unique index leads_one_open on monitoring.leads (subject_key, programme) where status in ('found', 'contacted', 'applied');
create index leads_division on monitoring.leads (division_code, status);
create index leads_household on monitoring.leads (household_id);
comment on table monitoring.leads is '政策找人: a household (or person) that qualifies for a programme it is not in; the advisor contacts it and records the outcome';
comment on column monitoring.leads.status is 'Derived from lead_actions. Funnel: found → contacted → applied → approved';

create table monitoring.lead_actions (
  lead_id bigint not null references monitoring.leads (id),
  seq integer not null,
  action text not null,
  actor_id bigint,
  actor_username text,
  at timestamptz not null,
  reason text,
  payload jsonb not null default '{}',
  primary key (lead_id, seq)
);
create trigger lead_actions_append_only before update or delete on monitoring.lead_actions for each row execute function monitoring.append_only();
comment on table monitoring.lead_actions is 'Append-only log of a lead: found, contact, outcome (applied, declined, not eligible after visit), approved, closed';

create table monitoring.programme_roster (
  case_id bigint primary key,
  household_id bigint not null,
  programme text not null,
  active boolean not null,
  changed_at timestamptz not null default now()
);
create index programme_roster_household on monitoring.programme_roster (household_id) where active;
comment on table monitoring.programme_roster is 'Who is in an assistance programme, from assistance.case.approved / stopped events: discovery skips them';

create table monitoring.household_states (
  household_id bigint primary key,
  month text not null,
  eligible jsonb not null,
  evaluated_at timestamptz not null
);
comment on table monitoring.household_states is 'Programmes a household was last found eligible for: a warning is raised when it crosses under a line, not every time it is evaluated';

create table monitoring.pending_evaluations (
  id bigserial primary key,
  household_id bigint,
  batch_id text,
  trigger jsonb not null,
  enqueued_at timestamptz not null default now()
);
comment on table monitoring.pending_evaluations is 'Households to re-evaluate after a registry event (handlers run inside a transaction and cannot read the registry); drained by processPendingEvaluations';

create table monitoring.benefit_grants (
  id bigserial primary key,
  person_id bigint not null,
  programme text not null check (programme in ('elderly_allowance', 'orphan_allowance')),
  household_id bigint,
  birth_date date not null,
  division_code text collate "C" not null,
  from_month text not null,
  until_month text,
  status text not null check (status in ('active', 'stopped')),
  granted_at timestamptz not null,
  stopped_at timestamptz
);
create unique index benefit_grants_one_active on monitoring.benefit_grants (person_id, programme) where status = 'active';
create index benefit_grants_division on monitoring.benefit_grants (division_code, programme);
comment on table monitoring.benefit_grants is '免申即享: a benefit granted without application, paid from from_month up to but excluding until_month';
comment on column monitoring.benefit_grants.division_code is 'Committee of household registration (户籍地), which pays';

create table monitoring.benefit_decisions (
  id bigserial primary key,
  grant_id bigint not null references monitoring.benefit_grants (id),
  decision text not null check (decision in ('grant', 'stop')),
  effective_month text not null,
  reasons jsonb not null,
  cause jsonb not null,
  decided_at timestamptz not null
);
create index benefit_decisions_grant on monitoring.benefit_decisions (grant_id);
create trigger benefit_decisions_append_only before update or delete on monitoring.benefit_decisions for each row execute function monitoring.append_only();
comment on table monitoring.benefit_decisions is 'Each grant and each stop with its reasons (rule text, the event that caused it): the record of 免申即享';

create table monitoring.allowance_payments (
  month text not null,
  person_id bigint not null,
  programme text not null,
  grant_id bigint not null,
  amount_fen bigint not null check (amount_fen > 0),
  division_code text collate "C" not null,
  created_at timestamptz not null default now(),
  primary key (month, person_id, programme)
);
create index allowance_payments_division on monitoring.allowance_payments (month, division_code);
comment on table monitoring.allowance_payments is 'Monthly payments of auto-granted allowances; the primary key makes a person-month payable once';
