-- 持证社会工作者: dated city-wide figures with their source (reference §12: aggregate figures, imported, not a
-- person registry), shown beside the plan's target (indicator 14, ≥4.5万 by 2025).
create table socialorg.social_worker_figures (
  as_of date primary key,
  certified integer not null check (certified >= 0),
  senior integer check (senior >= 0),
  source text not null,
  verified boolean not null default false,
  recorded_by bigint,
  recorded_at timestamptz not null default now()
);
comment on table socialorg.social_worker_figures is 'Certified social workers (持证社会工作者) city-wide as of a date, imported with source; one row per date';
