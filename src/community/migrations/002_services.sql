-- 社区事务受理服务中心 (community affairs acceptance centres): the service points (centres, branches, self-service
-- terminals, remote virtual windows), the item catalogue, and the 办件 (cases) imported from 一网通办 in batches or
-- keyed at the window. A case's working days are counted on the platform's one calendar when it is finished and
-- stored with the item's promised limit, so the processing-time figures are one grouped query.

create table community.service_points (
  code text primary key check (code ~ '^[0-9]{14}$'),
  name text not null check (length(name) between 1 and 60),
  kind text not null check (kind in ('centre', 'branch', 'terminal', 'virtual')),
  street_code text not null check (street_code ~ '^[0-9]{12}$' and street_code = substr(code, 1, 12)),
  district_code text not null check (district_code ~ '^[0-9]{12}$'),
  opened_on date not null,
  closed_on date,
  entered_by bigint not null,
  entered_at timestamptz not null default now(),
  check (closed_on is null or closed_on >= opened_on)
);
comment on table community.service_points is '受理点: centre 受理中心, branch 分中心, terminal 自助终端, virtual 远程虚拟窗口; code = street code + 2 digits';

create table community.service_items (
  code text primary key check (code ~ '^[0-9]{4,20}$'),
  name text not null check (length(name) between 1 and 100),
  department text not null check (length(department) between 1 and 60),
  channels text[] not null check (channels <@ array['window', 'online', 'terminal', 'virtual'] and cardinality(channels) > 0),
  citywide boolean not null,
  exempt_submission boolean not null,
  limit_days integer not null check (limit_days between 0 and 365),
  valid_from date not null,
  valid_to date,
  source text not null check (length(source) between 1 and 200),
  entered_by bigint not null,
  entered_at timestamptz not null default now()
);
comment on column community.service_items.citywide is '全市通办: accepted at any centre of the city';
comment on column community.service_items.exempt_submission is '两个免于提交: papers the government issued or already holds are not asked for';
comment on column community.service_items.limit_days is 'Promised limit (承诺时限) in working days';

create table community.service_batches (
  batch_id text primary key check (batch_id ~ '^[0-9A-Za-z_.:-]{1,100}$'),
  content_sha256 text not null,
  status text not null check (status in ('receiving', 'done')),
  row_count integer,
  accepted_count integer,
  duplicate_count integer,
  rejected_count integer,
  errors jsonb,
  received_by bigint,
  received_at timestamptz not null default now(),
  finished_at timestamptz
);
comment on table community.service_batches is '一网通办 办件 batches: a re-sent batch returns its first receipt; other content under the same id is refused';

create table community.service_cases (
  case_no text primary key check (case_no ~ '^[0-9A-Za-z-]{1,40}$'),
  item_code text not null,
  point_code text not null,
  street_code text not null,
  district_code text not null,
  channel text not null check (channel in ('window', 'online', 'terminal', 'virtual')),
  received_on date not null,
  finished_on date,
  working_days integer,
  limit_days integer not null,
  within_limit boolean,
  rating smallint check (rating between 1 and 5),
  batch_id text,
  keyed_by bigint,
  entered_at timestamptz not null default now(),
  check (finished_on is null or finished_on >= received_on),
  check ((finished_on is null) = (working_days is null))
);
create index service_cases_finished on community.service_cases (finished_on, district_code);
comment on column community.service_cases.working_days is 'Working days from receipt to finish on the one calendar (src/kernel/working-days.ts)';
comment on column community.service_cases.rating is '好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';

-- Checked rows of a batch land here by COPY and move to service_cases in one insert that skips case numbers
-- already received; the batch's rows are removed after.
create unlogged table community.service_case_staging (
  batch_id text not null,
  case_no text not null,
  item_code text not null,
  point_code text not null,
  street_code text not null,
  district_code text not null,
  channel text not null,
  received_on date not null,
  finished_on date,
  working_days integer,
  limit_days integer not null,
  within_limit boolean,
  rating smallint
);
