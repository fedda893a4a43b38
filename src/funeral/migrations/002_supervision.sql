-- Supervision of funeral units (双随机一公开 inspections, findings with the rectification loop, summons and bans),
-- hotline complaints with answer deadlines, and the 八必问 intake checklist answered per death.

create table funeral.inspections (
  id bigserial primary key,
  unit_id bigint not null references funeral.units (id),
  division_code text collate "C" not null,
  kind text not null check (kind in ('random', 'routine', 'special', 'complaint')),
  status text not null default 'planned' check (status in ('planned', 'done')),
  planned_on date not null,
  inspected_on date,
  inspectors text not null,
  summary text not null default '',
  draw_reference text,
  recorded_by bigint,
  recorded_at timestamptz not null default now()
);
create index inspections_unit on funeral.inspections (unit_id, planned_on);
create index inspections_division on funeral.inspections (division_code, status);

create table funeral.findings (
  id bigserial primary key,
  inspection_id bigint not null references funeral.inspections (id),
  unit_id bigint not null references funeral.units (id),
  division_code text collate "C" not null,
  category text not null check (category in ('contracts', 'management', 'ash_storage', 'goods', 'advertising', 'price_labelling')),
  description text not null,
  status text not null check (status in ('open', 'rectified', 'verified', 'reopened')),
  deadline date not null,
  overdue boolean not null default false,
  version integer not null,
  created_at timestamptz not null default now()
);
create index findings_division on funeral.findings (division_code, status, deadline);

create table funeral.finding_log (
  finding_id bigint not null references funeral.findings (id),
  seq integer not null,
  action text not null check (action in ('record', 'rectify', 'verify', 'reopen', 'extend', 'overdue')),
  actor_user bigint,
  at timestamptz not null,
  reason text,
  detail jsonb not null default '{}',
  primary key (finding_id, seq)
);

create table funeral.sanctions (
  id bigserial primary key,
  unit_id bigint not null references funeral.units (id),
  division_code text collate "C" not null,
  kind text not null check (kind in ('summons', 'ban')),
  decided_on date not null,
  until_on date,
  reason text not null,
  finding_id bigint references funeral.findings (id),
  decided_by bigint not null,
  created_at timestamptz not null default now()
);
create index sanctions_unit on funeral.sanctions (unit_id);

create table funeral.complaints (
  id bigserial primary key,
  channel text not null check (channel in ('hotline', 'letter', 'online', 'walk_in')),
  ticket text,
  received_on date not null,
  deadline date not null,
  division_code text collate "C" not null,
  unit_id bigint references funeral.units (id),
  category text not null,
  summary text not null,
  complainant text,
  answered_on date,
  answer text,
  recorded_by bigint not null,
  recorded_at timestamptz not null default now()
);
create unique index complaints_ticket on funeral.complaints (channel, ticket) where ticket is not null;
create index complaints_division on funeral.complaints (division_code, answered_on, deadline);

create table funeral.intakes (
  death_id bigint primary key references funeral.deaths (id),
  unit_id bigint references funeral.units (id),
  answers jsonb not null,
  asked_by bigint not null,
  asked_at timestamptz not null default now()
);
