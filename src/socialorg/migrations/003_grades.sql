-- 等级评估 (民政部令第39号): a grade 1A–5A from a 1,000-point score, publicised, valid 5 years, then expired by a job.
create table socialorg.grades (
  id bigserial primary key,
  organisation_id bigint not null references socialorg.organisations (id),
  score integer not null check (score between 0 and 1000),
  grade integer not null check (grade between 1 and 5),
  evaluated_on date not null,
  publicity_ends date not null,
  valid_until date not null,
  expired_on date,
  recorded_by bigint,
  recorded_at timestamptz not null default now()
);
create index grades_organisation on socialorg.grades (organisation_id, evaluated_on desc);
create index grades_valid on socialorg.grades (valid_until) where expired_on is null;
comment on table socialorg.grades is 'Grade evaluations; valid_until = evaluated_on + 5 years; expired_on set by the expiry run';
