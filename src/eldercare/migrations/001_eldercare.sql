-- 养老服务: the registry of services and their beds, stays (admissions and discharges), the unified care-needs
-- assessment, and the pooled waitlist for basic-guarantee beds with its offers.
-- Registry ids (persons, organisations) and user ids are plain values: no foreign keys across modules.
-- Division codes use the "C" collation so `like '310115%'` (a jurisdiction's subtree) uses the b-tree indexes.

create function eldercare.append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;

create table eldercare.facilities (
  id bigserial primary key,
  kind text not null check (kind in ('institution', 'community_centre', 'day_care', 'meal_point', 'family_bed_station')),
  name text not null,
  ownership text not null check (ownership in ('public', 'public_private', 'private')),
  organisation_id bigint,
  credit_code text,
  address text not null default '',
  division_code text collate "C" not null,
  district_code text collate "C" not null,
  status text not null default 'open' check (status in ('open', 'suspended', 'closed')),
  meal_price_fen integer check (meal_price_fen is null or meal_price_fen >= 0),
  day_care_places integer check (day_care_places is null or day_care_places >= 0),
  created_at timestamptz not null default now()
);
create index facilities_division on eldercare.facilities (division_code);
create index facilities_kind on eldercare.facilities (kind, district_code);
comment on table eldercare.facilities is 'Services of the 基本养老服务 network: care institutions (公办, 公建民营, 民办), 社区综合为老服务中心, 日间照护, 长者食堂 and 家庭照护床位 stations';
comment on column eldercare.facilities.organisation_id is 'registry.organisations id of the operator (its unified social credit code is copied to credit_code)';
comment on column eldercare.facilities.division_code is 'Street/town (or committee) where the service is: jurisdiction and the district of its beds';

create table eldercare.bed_prices (
  facility_id bigint not null references eldercare.facilities (id),
  bed_type text not null check (bed_type in ('nursing', 'cognitive', 'ordinary')),
  monthly_price_fen integer not null check (monthly_price_fen >= 0),
  basic_guarantee_price_fen integer check (basic_guarantee_price_fen is null or basic_guarantee_price_fen >= 0),
  primary key (facility_id, bed_type)
);
comment on table eldercare.bed_prices is 'Monthly bed fee by bed type; basic_guarantee_price_fen is the fee of its 保基本床位 (government-guided price)';

create table eldercare.beds (
  id bigserial primary key,
  facility_id bigint not null references eldercare.facilities (id),
  bed_type text not null check (bed_type in ('nursing', 'cognitive', 'ordinary')),
  basic_guarantee boolean not null default false,
  label text not null,
  status text not null default 'free' check (status in ('free', 'offered', 'occupied', 'closed')),
  freed_at timestamptz not null default now(),
  allocation_tried_at timestamptz,
  unique (facility_id, label)
);
create index beds_facility on eldercare.beds (facility_id, bed_type);
create index beds_free on eldercare.beds (freed_at, id) where status = 'free' and basic_guarantee;
comment on table eldercare.beds is 'Licensed beds one by one (核定床位): 护理型, 认知障碍照护, 普通; basic_guarantee = 保基本床位 allocated through the pooled waitlist';
comment on column eldercare.beds.allocation_tried_at is 'Last allocation run that found no eligible applicant for this free bed: the scheduler retries only when the queue has changed since';
comment on column eldercare.beds.status is 'free → offered (an open waitlist offer) → occupied (a stay) → free again on discharge; closed = no longer licensed';

create table eldercare.stays (
  id bigserial primary key,
  bed_id bigint not null references eldercare.beds (id),
  facility_id bigint not null references eldercare.facilities (id),
  person_id bigint not null,
  application_id bigint,
  admitted_on date not null,
  discharged_on date,
  discharge_reason text,
  recorded_by bigint,
  check (discharged_on is null or discharged_on >= admitted_on)
);
create unique index stays_open_bed on eldercare.stays (bed_id) where discharged_on is null;
create unique index stays_open_person on eldercare.stays (person_id) where discharged_on is null;
create index stays_facility on eldercare.stays (facility_id, admitted_on);
comment on table eldercare.stays is 'Admissions and discharges (入住/离院); occupancy is the open stays; one open stay per bed and per person';

create table eldercare.assessments (
  id bigserial primary key,
  person_id bigint not null,
  level smallint not null check (level between 0 and 6),
  cognitive_impairment boolean not null default false,
  assessor text not null,
  assessed_on date not null,
  valid_until date not null,
  division_code text collate "C" not null,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  check (valid_until > assessed_on)
);
create index assessments_person on eldercare.assessments (person_id, assessed_on desc, id desc);
create index assessments_expiry on eldercare.assessments (valid_until);
create index assessments_division on eldercare.assessments (division_code);
create trigger assessments_append_only before update or delete on eldercare.assessments for each row execute function eldercare.append_only();
comment on table eldercare.assessments is '老年照护统一需求评估 results: level 0–6 (照护等级; 2–6 qualify for long-term-care services), valid until a date; a reassessment is a new row, the latest by date counts';

create table eldercare.applications (
  id bigserial primary key,
  person_id bigint not null,
  person_name text not null default '',
  household_id bigint,
  division_code text collate "C" not null,
  district_code text collate "C" not null,
  applied_on date not null,
  bed_type text not null check (bed_type in ('nursing', 'cognitive', 'ordinary')),
  preferred_districts text[] not null default '{}',
  preferred_facilities bigint[] not null default '{}',
  accept_any_district boolean not null default false,
  birth_date date not null,
  groups text[] not null default '{}',
  declared_groups text[] not null default '{}',
  group_sources jsonb not null default '{}',
  assessment_id bigint,
  assessment_level smallint not null default 0,
  assessment_valid_until date,
  tier smallint not null,
  status text not null default 'waiting' check (status in ('waiting', 'offered', 'admitted', 'withdrawn', 'removed')),
  declines smallint not null default 0,
  status_changed_at timestamptz not null default now(),
  admitted_on date,
  closed_reason text,
  created_by bigint,
  created_at timestamptz not null default now()
);
create unique index applications_active_person on eldercare.applications (person_id) where status in ('waiting', 'offered');
create index applications_queue on eldercare.applications (tier, assessment_level desc, applied_on, id) where status = 'waiting';
create index applications_division on eldercare.applications (division_code);
create index applications_household on eldercare.applications (household_id) where status in ('waiting', 'offered');
comment on table eldercare.applications is '保基本床位统筹轮候: one active application per person; the queue order is tier (priority group), assessment level (higher first), application date, id';
comment on column eldercare.applications.groups is 'Priority groups held: destitute, dibao_low_income, disabled, age80, family_planning, entitled (derived from the registry and assistance, or declared and verified)';
comment on column eldercare.applications.group_sources is 'For each group, where it came from (registry, assistance case, declaration verified by a caseworker): the queue is explainable';
comment on column eldercare.applications.person_name is 'The applicant''s name as the registry gave it at application (shown to staff of the jurisdiction, like a case''s applicant name)';
comment on column eldercare.applications.tier is 'Index of the highest-priority group held in the configured priority order; the number of groups when none';

create table eldercare.application_log (
  id bigserial primary key,
  application_id bigint not null references eldercare.applications (id),
  action text not null,
  actor_user bigint,
  at timestamptz not null default now(),
  reason text,
  detail jsonb not null default '{}'
);
create index application_log_application on eldercare.application_log (application_id, id);
create trigger application_log_append_only before update or delete on eldercare.application_log for each row execute function eldercare.append_only();
comment on table eldercare.application_log is 'Every step of an application (applied, groups re-derived, offered, declined, admitted, withdrawn): append-only';

create table eldercare.offers (
  id bigserial primary key,
  application_id bigint not null references eldercare.applications (id),
  bed_id bigint not null references eldercare.beds (id),
  facility_id bigint not null references eldercare.facilities (id),
  position integer not null,
  offered_at timestamptz not null default now(),
  expires_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'accepted', 'declined', 'expired', 'cancelled')),
  answered_at timestamptz,
  reason text,
  answered_by bigint
);
create unique index offers_open_bed on eldercare.offers (bed_id) where status = 'open';
create unique index offers_open_application on eldercare.offers (application_id) where status = 'open';
create index offers_expiry on eldercare.offers (expires_at) where status = 'open';
create index offers_application on eldercare.offers (application_id, id);
comment on table eldercare.offers is 'A freed 保基本床位 offered to the first eligible applicant in queue order; accepted (→ stay), declined with a reason or expired (→ offered to the next)';
comment on column eldercare.offers.position is 'The applicant''s place in the queue when the offer was made';

create table eldercare.settings (
  name text not null,
  valid_from date not null,
  value jsonb not null,
  verified boolean not null default false,
  source text not null default '',
  set_by bigint,
  set_at timestamptz not null default now(),
  primary key (name, valid_from)
);
comment on table eldercare.settings is 'Effective-dated parameters of elderly care (assessment validity, offer time limit, priority order, …); defaults live in code, values set here override them from a date';

create table eldercare.assistance_roster (
  case_id bigint primary key,
  household_id bigint not null,
  programme text not null,
  active boolean not null,
  changed_at timestamptz not null default now()
);
create index assistance_roster_household on eldercare.assistance_roster (household_id) where active;
comment on table eldercare.assistance_roster is 'Read model of approved assistance cases (assistance.case.approved / stopped): the destitute and dibao/low-income priority groups of the waitlist';
