-- 减负 (lightening committees' load): the dated lists (证明事项: may issue / may not issue; 居村协助行政事务准入
-- 清单: admitted tasks), each entry with its source and a flag when it is an example; requests made of a committee
-- decided against the lists in force that day (refused ones counted); reports of work pushed down against the
-- rules (举报) referred to the body that handles them (移送) and closed with a result; monitoring points (监测点).

create table community.burden_entries (
  id bigserial primary key,
  kind text not null check (kind in ('certificate_allowed', 'certificate_forbidden', 'task_admitted')),
  name text not null check (length(name) between 1 and 100),
  source text not null check (length(source) between 1 and 200),
  example boolean not null,
  valid_from date not null,
  valid_to date,
  entered_by bigint not null,
  entered_at timestamptz not null default now(),
  check (valid_to is null or valid_to >= valid_from)
);
comment on column community.burden_entries.example is 'Shipped as an example (the official lists were not found): shown as 示例';

create table community.burden_requests (
  id bigserial primary key,
  committee_code text not null check (committee_code ~ '^[0-9]{12}$'),
  street_code text not null check (street_code ~ '^[0-9]{12}$'),
  district_code text not null check (district_code ~ '^[0-9]{12}$'),
  requested_on date not null,
  kind text not null check (kind in ('certificate', 'task')),
  subject text not null check (length(subject) between 1 and 100),
  requested_by text not null check (length(requested_by) between 1 and 60),
  entry_id bigint references community.burden_entries (id),
  outcome text not null check (outcome in ('issued', 'refused', 'admitted', 'not_admitted')),
  reason text not null,
  entered_by bigint not null,
  entered_at timestamptz not null default now()
);
create index burden_requests_on on community.burden_requests (requested_on, committee_code);

create table community.burden_reports (
  id bigserial primary key,
  committee_code text not null check (committee_code ~ '^[0-9]{12}$'),
  street_code text not null check (street_code ~ '^[0-9]{12}$'),
  district_code text not null check (district_code ~ '^[0-9]{12}$'),
  reported_on date not null,
  pushed_by text not null check (length(pushed_by) between 1 and 60),
  content text not null check (length(content) between 1 and 1000),
  status text not null check (status in ('received', 'referred', 'closed')),
  referred_to text,
  referred_on date,
  referred_by bigint,
  result text,
  closed_on date,
  closed_by bigint,
  entered_by bigint not null,
  entered_at timestamptz not null default now(),
  check (status <> 'received' or (referred_on is null and closed_on is null)),
  check (status <> 'referred' or (referred_on is not null and referred_to is not null and closed_on is null)),
  check (status <> 'closed' or (closed_on is not null and result is not null))
);
create index burden_reports_on on community.burden_reports (reported_on, committee_code);

create table community.burden_points (
  committee_code text primary key check (committee_code ~ '^[0-9]{12}$'),
  street_code text not null check (street_code ~ '^[0-9]{12}$'),
  district_code text not null check (district_code ~ '^[0-9]{12}$'),
  since date not null,
  source text not null check (length(source) between 1 and 200),
  entered_by bigint not null,
  entered_at timestamptz not null default now()
);
comment on table community.burden_points is '居村减负监测点: committees whose load is followed month by month';
