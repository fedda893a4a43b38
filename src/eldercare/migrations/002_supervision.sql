-- 养老服务“云监管”: inspections and their findings (the "1+6" 专项行动 areas), the rectification closed loop
-- with deadlines and overdue escalation, yearly 等级评定 and 服务质量监测 results, and monthly prepaid-fee
-- (预收费) reports with their escrow check. The credit rating is computed from these on reading.
-- The facility's division_code is copied onto inspections and findings: jurisdiction filters need no join.

create table eldercare.inspections (
  id bigserial primary key,
  request_id text not null unique,
  facility_id bigint not null references eldercare.facilities (id),
  division_code text collate "C" not null,
  inspected_on date not null,
  kind text not null check (kind in ('routine', 'special', 'random', 'complaint')),
  campaign text,
  inspectors text not null,
  summary text not null default '',
  recorded_by bigint,
  recorded_at timestamptz not null default now()
);
create index inspections_facility on eldercare.inspections (facility_id, inspected_on desc, id desc);
create index inspections_division on eldercare.inspections (division_code, id desc);
create trigger inspections_append_only before update or delete on eldercare.inspections for each row execute function eldercare.append_only();
comment on table eldercare.inspections is 'An inspection of a facility (日常检查, 专项检查, 双随机抽查, 投诉核查) with the findings recorded with it; a record of fact, append-only';
comment on column eldercare.inspections.request_id is 'Chosen by the client for the submission: a retried request returns the inspection already recorded';
comment on column eldercare.inspections.campaign is 'The campaign it belongs to, e.g. 养老机构监管“1+6”专项行动';

create table eldercare.findings (
  id bigserial primary key,
  inspection_id bigint not null references eldercare.inspections (id),
  seq smallint not null,
  facility_id bigint not null references eldercare.facilities (id),
  division_code text collate "C" not null,
  category text not null check (category in ('fire', 'food', 'building', 'medical', 'fraud', 'other')),
  severity text not null check (severity in ('minor', 'major', 'critical')),
  description text not null,
  deadline date not null,
  status text not null default 'open' check (status in ('open', 'rectified', 'verified', 'reopened')),
  overdue boolean not null default false,
  version integer not null default 0,
  unique (inspection_id, seq)
);
create index findings_facility on eldercare.findings (facility_id, id);
create index findings_division on eldercare.findings (division_code, id desc);
create index findings_due on eldercare.findings (deadline) where status in ('open', 'reopened') and not overdue;
comment on table eldercare.findings is 'A problem found (发现问题) and its rectification (整改): open → rectified → verified, or reopened when the check fails; projection of finding_log';
comment on column eldercare.findings.category is '“1+6”专项行动 areas: 消防安全 fire, 食品安全 food, 房屋安全 building, 医疗活动 medical, 防范诈骗 fraud; other = 服务与运营';
comment on column eldercare.findings.severity is 'minor 一般问题, major 较大隐患, critical 重大隐患: sets the default time allowed to rectify';
comment on column eldercare.findings.deadline is 'Last day (Asia/Shanghai) to rectify; moved only by an extension or a reopening, each logged with its reason';
comment on column eldercare.findings.overdue is 'Past its deadline and not rectified (set by the escalation job, cleared by rectification or a new deadline); the history is in finding_log';
comment on column eldercare.findings.version is 'Number of log entries the projection was derived from (optimistic check)';

create table eldercare.finding_log (
  id bigserial primary key,
  finding_id bigint not null references eldercare.findings (id),
  seq integer not null,
  action text not null check (action in ('record', 'rectify', 'verify', 'reopen', 'extend', 'overdue')),
  actor_user bigint,
  at timestamptz not null default now(),
  reason text,
  detail jsonb not null default '{}',
  unique (finding_id, seq)
);
create index finding_log_overdue on eldercare.finding_log (at) where action = 'overdue';
create trigger finding_log_append_only before update or delete on eldercare.finding_log for each row execute function eldercare.append_only();
comment on table eldercare.finding_log is 'Every step of a finding (recorded, rectified, verified, reopened, deadline extended, gone overdue): append-only; the finding''s status is derived from it';
comment on column eldercare.finding_log.actor_user is 'access.users id; null when the system acted (the overdue escalation job)';

create table eldercare.gradings (
  facility_id bigint not null references eldercare.facilities (id),
  year smallint not null check (year between 2000 and 2100),
  grade smallint check (grade between 1 and 5),
  quality_score_x10 smallint check (quality_score_x10 between 0 and 1000),
  source text not null,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  primary key (facility_id, year),
  check (grade is not null or quality_score_x10 is not null)
);
comment on table eldercare.gradings is 'Yearly results per facility: 养老机构等级评定 (一级–五级, 五级 highest) and 年度日常服务质量监测 score (0–100); a correction overwrites, the previous values stay in the audit log';
comment on column eldercare.gradings.quality_score_x10 is 'Quality-monitoring score in tenths of a point (87.5 → 875), so it stays an integer';

create table eldercare.prepaid_reports (
  facility_id bigint not null references eldercare.facilities (id),
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  collected_fen bigint not null check (collected_fen >= 0),
  refunded_fen bigint not null check (refunded_fen >= 0),
  balance_fen bigint not null check (balance_fen >= 0),
  escrow_fen bigint not null check (escrow_fen >= 0),
  required_escrow_fen bigint not null,
  escrow_percent smallint not null,
  at_risk boolean not null,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  primary key (facility_id, month)
);
create index prepaid_reports_risk on eldercare.prepaid_reports (month) where at_risk;
comment on table eldercare.prepaid_reports is '预收费 supervision: per facility and month, prepaid fees collected and refunded, the balance owed to residents at month end and the amount held in the escrow (第三方存管) account';
comment on column eldercare.prepaid_reports.required_escrow_fen is 'balance × escrow_percent / 100, rounded up to the fen: the escrow the facility must hold';
comment on column eldercare.prepaid_reports.escrow_percent is 'The configured share (supervision.prepaidEscrowPercent) in force for the month, kept so the flag can be reproduced';
comment on column eldercare.prepaid_reports.at_risk is 'Escrow below the required share of the balance (资金异常): shown on the risk list';
