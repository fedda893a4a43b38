-- Social-assistance cases (社会救助). A case is an append-only log of actions (assistance.case_actions);
-- the status columns of assistance.cases are a projection of that log, rewritten in the same transaction
-- as each action and rebuildable from it (rebuildCaseProjection), kept only so lists can be filtered fast.

create table assistance.settings (
  key text primary key,
  value jsonb not null,
  verified boolean not null,
  note text not null default '',
  updated_at timestamptz not null default now(),
  updated_by text
);
comment on table assistance.settings is 'Configurable rules of the assistance workflow; verified = false marks a value not confirmed from an official text';
comment on column assistance.settings.value is 'JSON value; money in fen, ratios in per-mille, intervals in months or days';

insert into assistance.settings (key, value, verified, note) values
  ('temporary.ceilingFen', '478500', false, '临时救助单次上限：未查到上海公开数额，暂按 3 个月低保标准（1595 元 × 3）配置'),
  ('notice.days', '7', false, '公示期 7 天（民发〔2021〕57号，未核对原文）'),
  ('decision.deadlineDays', '45', false, '自申请起作出决定的期限：全国规定 30 个工作日，按 45 个自然日近似'),
  ('review.intervalMonths', '{"dibao":12,"low_income":12,"expense_poverty":6,"destitute":12}', false, '定期复核间隔（月），按项目配置'),
  ('sampling.ratePermille', '50', false, '每月系统抽查比例（千分比），默认 5%');

create sequence assistance.case_id_seq;
create table assistance.cases (
  id bigint primary key default nextval('assistance.case_id_seq'),
  programme text not null check (programme in ('dibao', 'low_income', 'expense_poverty', 'destitute', 'temporary')),
  household_id bigint not null,
  applicant_person_id bigint not null,
  beneficiary_person_id bigint,
  applicant_name text not null,
  street_code text collate "C" not null,
  district_code text collate "C" not null,
  division_code text collate "C" not null,
  applied_on date not null,
  created_by bigint not null,
  created_at timestamptz not null default now(),
  status text not null,
  version integer not null,
  accepted_by bigint,
  amount_fen bigint,
  payment_from text collate "C",
  payment_until text collate "C",
  notice_ends_on date,
  review_due date,
  due_on date,
  last_verification_id bigint,
  updated_at timestamptz not null default now()
);
comment on table assistance.cases is 'Assistance cases; the columns after created_at are a projection of assistance.case_actions';
comment on column assistance.cases.household_id is 'registry household (no foreign key across modules)';
comment on column assistance.cases.beneficiary_person_id is 'For person programmes (特困供养): the member the case is about';
comment on column assistance.cases.street_code is '户籍地街镇: the street/town of the applicant''s household registration, which accepts the case';
comment on column assistance.cases.division_code is 'The household''s division (a committee or street), for community advisors'' jurisdiction';
comment on column assistance.cases.status is 'Projection: status derived from the action log';
comment on column assistance.cases.amount_fen is 'Projection: approved monthly amount (one-off amount for 临时救助); monthly payments are recomputed by the policy engine';
comment on column assistance.cases.payment_from is 'Projection: first month paid (YYYY-MM)';
comment on column assistance.cases.payment_until is 'Projection: first month no longer paid after a stop (YYYY-MM), null while open';
comment on column assistance.cases.due_on is 'Projection: decision deadline before the decision, review date after it; overdue when before today';
-- Lists are newest first within a jurisdiction (street, district or committee), optionally by status:
-- each shape has an index in that order, so a page is read without sorting the jurisdiction's cases.
create index cases_street on assistance.cases (street_code, id);
create index cases_street_status on assistance.cases (street_code, status, id);
create index cases_district on assistance.cases (district_code, id);
create index cases_district_status on assistance.cases (district_code, status, id);
create index cases_division on assistance.cases (division_code, id);
create index cases_reviews_due on assistance.cases (district_code, review_due) where status in ('in_payment', 'suspended');
create index cases_household on assistance.cases (household_id);
create unique index cases_one_open on assistance.cases (household_id, programme, coalesce(beneficiary_person_id, 0))
  where status not in ('rejected', 'not_accepted', 'withdrawn', 'stopped', 'completed');

create table assistance.case_actions (
  case_id bigint not null references assistance.cases (id),
  seq integer not null,
  action text not null,
  actor_id bigint,
  actor_username text,
  actor_role text,
  at timestamptz not null default now(),
  on_date date not null,
  reason text,
  payload jsonb not null default '{}',
  primary key (case_id, seq)
);
comment on table assistance.case_actions is 'Append-only log of what was done to a case, by whom, when and why; status is derived from it';
comment on column assistance.case_actions.actor_id is 'access user id; null for the system (payment run, event handlers)';
comment on column assistance.case_actions.on_date is 'Business date of the action (Shanghai time)';

create table assistance.case_persons (
  case_id bigint not null references assistance.cases (id),
  person_id bigint not null,
  primary key (case_id, person_id)
);
create index case_persons_person on assistance.case_persons (person_id);
comment on table assistance.case_persons is 'Household members a case has covered (at application and at each verification): for deaths and the close-relative rule';

create sequence assistance.verification_id_seq;
create table assistance.verifications (
  id bigint primary key default nextval('assistance.verification_id_seq'),
  case_id bigint not null references assistance.cases (id),
  month text collate "C" not null,
  household_input jsonb not null,
  facts jsonb not null,
  request jsonb not null,
  response jsonb not null,
  rule_version text not null,
  rules_fingerprint text not null,
  eligible boolean not null,
  monthly_amount_fen bigint not null,
  created_by bigint,
  created_at timestamptz not null default now()
);
create index verifications_case on assistance.verifications (case_id, id);
comment on table assistance.verifications is '经济状况核对报告: the facts, the exact engine request and response (rule version, parameter values): enough to reproduce the result';
comment on column assistance.verifications.facts is 'The registry facts read, each with source, dates and batch';

create table assistance.staff_relatives (
  staff_user_id bigint not null,
  person_id bigint not null,
  relation text not null,
  filed_on date not null,
  filed_by bigint not null,
  primary key (staff_user_id, person_id)
);
create index staff_relatives_person on assistance.staff_relatives (person_id);
comment on table assistance.staff_relatives is '经办人员近亲属备案: a staff member may not handle or decide a case covering a filed relative';

create table assistance.payee_accounts (
  case_id bigint primary key references assistance.cases (id),
  holder_name text not null,
  bank_name text not null,
  account_enc bytea not null,
  account_masked text not null
);
comment on table assistance.payee_accounts is 'Bank account the payments go to; the number is AES-256-GCM encrypted, shown masked';

-- Each partition of payments is one month; unique (month, case_id) is the guarantee that a re-run or a
-- resumed run never pays a case twice for a month.
create table assistance.payments (
  month text collate "C" not null,
  case_id bigint not null,
  run_id bigint not null,
  district_code text collate "C" not null,
  street_code text collate "C" not null,
  programme text not null,
  household_id bigint not null,
  amount_fen bigint not null check (amount_fen >= 0),
  status text not null check (status in ('paid', 'withheld')),
  standard_fen bigint,
  rule_version text not null,
  note text,
  created_at timestamptz not null default now(),
  primary key (month, case_id)
) partition by list (month);
create index payments_run on assistance.payments (run_id, case_id);
create index payments_case on assistance.payments (case_id);
comment on table assistance.payments is 'Payment ledger: one row per case and month, partitioned by month';
comment on column assistance.payments.status is 'paid, or withheld (the engine found the household no longer eligible; the case is suspended)';
comment on column assistance.payments.standard_fen is 'dibao.standard in force for the month, as read by the engine';

create table assistance.payment_runs (
  id bigserial primary key,
  district_code text collate "C" not null,
  month text collate "C" not null,
  status text not null check (status in ('running', 'completed')),
  started_by bigint not null,
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  paid_count integer,
  paid_total_fen bigint,
  withheld_count integer,
  unique (district_code, month)
);
comment on table assistance.payment_runs is 'Monthly payment run per district; a run that crashed stays running and is resumed by starting it again';
comment on column assistance.payment_runs.paid_total_fen is 'Set on completion from the ledger (sum of payments of the run), never counted on the way';

create table assistance.samples (
  id bigserial primary key,
  district_code text collate "C" not null,
  month text collate "C" not null,
  seed text not null,
  rate_permille integer not null,
  population integer not null,
  created_by bigint not null,
  created_at timestamptz not null default now(),
  unique (district_code, month)
);
comment on table assistance.samples is '每月系统抽查: a deterministic seeded sample of the cases in payment';

create table assistance.sample_cases (
  sample_id bigint not null references assistance.samples (id),
  case_id bigint not null,
  paid_fen bigint,
  recomputed_fen bigint not null,
  eligible_now boolean not null,
  mismatch boolean not null,
  primary key (sample_id, case_id)
);
comment on table assistance.sample_cases is 'Sampled cases with the re-check result: last payment against a fresh engine evaluation';

create function assistance.append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;
create trigger case_actions_append_only before update or delete on assistance.case_actions
  for each row execute function assistance.append_only();
create trigger verifications_append_only before update or delete on assistance.verifications
  for each row execute function assistance.append_only();
create trigger payments_append_only before update or delete on assistance.payments
  for each row execute function assistance.append_only();
