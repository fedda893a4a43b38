-- 公开数据: the tables the city admin publishes for a month, stored as published (small counts already hidden), so
-- the public reads a fixed answer that never changes under it and never reaches a personal record.
create table indicators.open_data (
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  dataset text not null,
  payload jsonb not null,
  published_by bigint not null,
  published_at timestamptz not null default now(),
  primary key (month, dataset)
);
comment on table indicators.open_data is 'Published open-data tables per month and dataset, with cells under 5 (and their complements) already shown as "<5"';
comment on column indicators.open_data.published_by is 'access.users id of the city admin who published the month';
