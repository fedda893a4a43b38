-- 儿童福利与残疾人福利 (issue 20). Case actions, visits and payments are append-only; a case's current state is
-- kept on the case row in the same transaction as the action that changes it, so the register reads one row.

create function children.append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;

create table children.settings (
  name text not null,
  valid_from date not null,
  value jsonb not null,
  verified boolean not null,
  source text not null,
  set_by bigint,
  set_at timestamptz not null default now(),
  primary key (name, valid_from)
);
comment on table children.settings is 'Dated overrides of the children''s and disability parameters (defaults in setting-defs.ts); the latest value in force on a day counts';

-- Roster of the care network: 儿童主任 per committee, 儿童督导员 per street (indicator 11 counts the trained ones).
create table children.workers (
  user_id bigint primary key,
  role text not null check (role in ('child_director', 'child_supervisor')),
  division_code text collate "C" not null,
  trained_on date,
  since date not null
);
create index workers_division on children.workers (division_code);
comment on table children.workers is '儿童主任 (one per residents'' committee) and 儿童督导员 (one per street) with their social-work training date (indicator 11)';

-- A parent's situation with its dates and evidence (服刑在押, 失联 …): what the identification rules read.
create table children.parent_situations (
  id bigserial primary key,
  parent_id bigint not null,
  kind text not null check (kind in ('declared_missing', 'custody', 'drug_rehab', 'restricted', 'lost_contact', 'serious_illness', 'guardianship_revoked', 'deported')),
  from_date date not null,
  to_date date,
  evidence text not null,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  check (to_date is null or to_date >= from_date)
);
create index parent_situations_parent on children.parent_situations (parent_id);
create trigger parent_situations_append_only before update or delete on children.parent_situations for each row execute function children.append_only();
comment on table children.parent_situations is 'A parent''s situation (custody, lost contact from the police report date, revoked guardianship …) with dates and evidence; append-only';

create table children.cases (
  id bigserial primary key,
  child_id bigint not null,
  father_id bigint,
  mother_id bigint,
  division_code text collate "C" not null,
  district_code text collate "C" not null,
  source text not null check (source in ('director', 'school', 'police', 'event', 'street')),
  reported_on date not null,
  no_carer boolean not null default false,
  abuse boolean not null default false,
  status text not null check (status in ('reported', 'visited', 'reviewed', 'decided', 'refused', 'closed')),
  category text check (category in ('orphan', 'de_facto', 'guardianship', 'poverty', 'disability')),
  start_month text,
  end_month text,
  director_id bigint,
  supervisor_id bigint,
  first_visit_on date,
  last_visit_on date,
  trigger_key text,
  opened_at timestamptz not null default now(),
  closed_on date
);
create unique index cases_one_open on children.cases (child_id) where status <> 'closed';
create unique index cases_trigger on children.cases (child_id, trigger_key) where trigger_key is not null;
create index cases_division on children.cases (division_code, status);
comment on table children.cases is 'A child''s case along the plan''s chain 发现报告 → 应急处置 → 评估帮扶 → 监护干预 → 护送转接 → 分类保障; one open case per child; status mirrors the action log';
comment on column children.cases.trigger_key is 'The registry event that opened the case (e.g. a parent''s death): the same event never opens a second case';

create table children.case_actions (
  id bigserial primary key,
  case_id bigint not null references children.cases (id),
  kind text not null,
  on_date date not null,
  actor_id bigint,
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index case_actions_case on children.case_actions (case_id, id);
create trigger case_actions_append_only before update or delete on children.case_actions for each row execute function children.append_only();
comment on table children.case_actions is 'Append-only log of a case: report, visits, review, decision (with the rule''s explanation), plan, guardian changes, exit';

create table children.visits (
  id bigserial primary key,
  case_id bigint not null references children.cases (id),
  visited_on date not null,
  visited_by bigint not null,
  note text not null,
  recorded_at timestamptz not null default now()
);
create index visits_case on children.visits (case_id, visited_on);
create trigger visits_append_only before update or delete on children.visits for each row execute function children.append_only();
comment on table children.visits is 'Home visits by the committee''s 儿童主任 (or the street''s 督导员); append-only';

create table children.guardians (
  id bigserial primary key,
  child_id bigint not null,
  guardian_id bigint,
  kind text not null check (kind in ('parent', 'relative', 'entrusted', 'foster', 'state')),
  from_date date not null,
  to_date date,
  recorded_by bigint,
  check (to_date is null or to_date >= from_date),
  check ((kind = 'state') = (guardian_id is null))
);
create index guardians_child on children.guardians (child_id, from_date);
comment on table children.guardians is 'Who has the child in care over time (parent, relative, 委托照护, 家庭寄养, 民政兜底监护); periods never overlap';

create table children.poverty_roster (
  case_id bigint primary key,
  household_id bigint not null,
  programme text not null,
  active boolean not null,
  changed_at timestamptz not null default now()
);
create index poverty_household on children.poverty_roster (household_id) where active;
comment on table children.poverty_roster is 'Approved assistance cases (低保, 低收入, 特困) by household, from assistance''s events: 家庭贫困 for minors, 生活补贴 for the disabled';

create table children.allowance_payments (
  month text not null,
  child_id bigint not null,
  case_id bigint not null references children.cases (id),
  category text not null,
  amount_fen integer not null check (amount_fen > 0),
  division_code text collate "C" not null,
  written_at timestamptz not null default now(),
  primary key (month, child_id)
);
create trigger allowance_payments_append_only before update or delete on children.allowance_payments for each row execute function children.append_only();
comment on table children.allowance_payments is '困境儿童 / 事实无人抚养儿童基本生活费 paid, once per child and month (the key makes a re-run add nothing)';

create table children.subsidies (
  id bigserial primary key,
  person_id bigint not null,
  kind text not null check (kind in ('living', 'care')),
  division_code text collate "C" not null,
  status text not null check (status in ('applied', 'approved', 'refused', 'suspended', 'stopped')),
  applied_on date not null,
  channel text not null check (channel in ('street', 'portal')),
  jobless boolean not null default false,
  applied_by bigint,
  decided_by bigint,
  decided_on date,
  from_month text,
  explanation jsonb,
  status_reason text
);
create unique index subsidies_one_open on children.subsidies (person_id, kind) where status in ('applied', 'approved', 'suspended');
create index subsidies_division on children.subsidies (division_code, status);
comment on table children.subsidies is '两项补贴: 困难残疾人生活补贴 (living) and 重度残疾人护理补贴 (care); one open application per person and subsidy; four eyes (the decider did not record it)';

create table children.subsidy_payments (
  month text not null,
  subsidy_id bigint not null references children.subsidies (id),
  person_id bigint not null,
  kind text not null,
  amount_fen integer not null check (amount_fen > 0),
  division_code text collate "C" not null,
  written_at timestamptz not null default now(),
  primary key (month, subsidy_id)
);
create index subsidy_payments_division on children.subsidy_payments (month, division_code);
create trigger subsidy_payments_append_only before update or delete on children.subsidy_payments for each row execute function children.append_only();
comment on table children.subsidy_payments is '两项补贴 paid, once per subsidy and month';
