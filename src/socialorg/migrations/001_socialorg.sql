-- 社会组织与慈善: the registrar's record of each social organisation (社会团体, 社会服务机构, 基金会), its
-- registration as an append-only action log, annual reports, and the credit lists of 民政部令第60号.
-- registry.organisations stays the record other modules read; registry_id links to it once established.
-- Division codes use the "C" collation so a jurisdiction's `like '310115%'` uses the b-tree indexes.

create function socialorg.append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end;
$$;

create table socialorg.organisations (
  id bigserial primary key,
  org_type text not null check (org_type in ('social_group', 'social_service', 'foundation')),
  name text not null,
  level text not null check (level in ('city', 'district')),
  registrar_division text collate "C" not null,
  division_code text collate "C" not null,
  district_code text collate "C" not null,
  mode text not null check (mode in ('dual', 'direct')),
  direct_category text,
  supervisor_unit text,
  foundation_kind text check (foundation_kind in ('public', 'non_public')),
  funds_fen bigint not null default 0 check (funds_fen >= 0),
  status text not null,
  version integer not null default 0,
  pending_kind text,
  pending_due date,
  preparation_ends date,
  credit_code text collate "C" unique,
  registry_id bigint unique,
  registered_on date,
  ended_on date,
  end_reason text,
  charity_since date,
  fundraising_since date,
  created_at timestamptz not null default now()
);
create index organisations_registrar on socialorg.organisations (registrar_division, status);
create index organisations_district on socialorg.organisations (district_code, org_type);
create index organisations_pending on socialorg.organisations (pending_due) where pending_due is not null;
create index organisations_name_trgm on socialorg.organisations (name collate "C");
comment on table socialorg.organisations is 'Social organisations from the name check to deregistration; status and clocks are derived from socialorg.actions';
comment on column socialorg.organisations.registrar_division is '12-digit code of the registrar: 310000000000 for the city bureau, a district code for a district bureau';

create table socialorg.actions (
  seq bigserial primary key,
  organisation_id bigint not null references socialorg.organisations (id),
  action text not null,
  on_date date not null,
  reason text,
  payload jsonb not null default '{}',
  actor_id bigint,
  actor_username text,
  request_key text unique,
  at timestamptz not null default now()
);
create index actions_organisation on socialorg.actions (organisation_id, seq);
create trigger actions_append_only before update or delete on socialorg.actions for each row execute function socialorg.append_only();
comment on table socialorg.actions is 'Registration log: name check, 筹备, 成立, 变更, 清算, 注销, 撤销/吊销, charity recognition, fundraising qualification';

create table socialorg.annual_reports (
  organisation_id bigint not null references socialorg.organisations (id),
  year integer not null,
  filed_on date not null,
  filed_by bigint,
  income_fen bigint not null default 0 check (income_fen >= 0),
  expenditure_fen bigint not null default 0 check (expenditure_fen >= 0),
  net_assets_fen bigint not null default 0,
  prereviewed_on date,
  conclusion text check (conclusion in ('pass', 'basic_pass', 'fail')),
  concluded_on date,
  primary key (organisation_id, year)
);
create index annual_reports_year on socialorg.annual_reports (year);
comment on table socialorg.annual_reports is '年度检查（年度报告）: filed by the organisation, pre-reviewed by the supervisory unit (dual management), concluded by the registrar';

create table socialorg.list_entries (
  id bigserial primary key,
  organisation_id bigint not null references socialorg.organisations (id),
  list text not null check (list in ('abnormal', 'serious')),
  reason_code text not null,
  basis text not null,
  evidence text not null default '',
  listed_on date not null,
  removed_on date,
  removal_reason text,
  source_key text not null unique,
  created_at timestamptz not null default now()
);
create index list_entries_open on socialorg.list_entries (organisation_id) where removed_on is null;
create index list_entries_listed on socialorg.list_entries (list, listed_on) where removed_on is null;
comment on table socialorg.list_entries is '活动异常名录 and 严重违法失信名单 entries (民政部令第60号); source_key makes a rerun of the same cause a no-op';

create table socialorg.settings (
  name text not null,
  valid_from date not null,
  value jsonb not null,
  verified boolean not null default false,
  source text not null default '',
  set_by bigint,
  set_at timestamptz not null default now(),
  primary key (name, valid_from)
);
comment on table socialorg.settings is 'Effective-dated parameters of social-organisation registration and supervision; defaults live in code';
