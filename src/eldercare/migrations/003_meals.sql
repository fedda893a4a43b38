-- 为老助餐: one row per meal served at a 社区长者食堂 (facility kind 'meal_point'), with the price, the subsidy applied,
-- what the person paid and which district bears the subsidy. The subsidy is per person per day, so a person's
-- meals of one day share it; the district that pays is the person's household-registration (户籍) district, which
-- for people living away from their registration (人户分离) differs from the meal point's district: the monthly
-- settlement clears those amounts between districts.

create table eldercare.meals (
  id bigserial primary key,
  meal_point_id bigint not null references eldercare.facilities (id),
  person_id bigint not null,
  household_id bigint,
  served_on date not null,
  meal text not null check (meal in ('lunch', 'dinner')),
  price_fen integer not null check (price_fen >= 0),
  subsidy_fen integer not null check (subsidy_fen >= 0 and subsidy_fen <= price_fen),
  paid_fen integer not null check (paid_fen = price_fen - subsidy_fen),
  band text check (band in ('A', 'B', 'C')),
  daily_subsidy_fen integer not null default 0 check (daily_subsidy_fen >= 0),
  point_division_code text collate "C" not null,
  point_district_code text collate "C" not null,
  subsidy_district_code text collate "C",
  rule_version text not null,
  rules_fingerprint text not null,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  unique (person_id, served_on, meal),
  check ((band is null) = (subsidy_district_code is null)),
  check (band is not null or subsidy_fen = 0)
);
create index meals_point_day on eldercare.meals (meal_point_id, served_on);
create index meals_point_division on eldercare.meals (point_division_code, served_on);
create index meals_settlement on eldercare.meals (served_on, point_district_code, subsidy_district_code) where subsidy_fen > 0;
create index meals_payer on eldercare.meals (subsidy_district_code, served_on) where subsidy_district_code is not null;
create trigger meals_append_only before update or delete on eldercare.meals for each row execute function eldercare.append_only();
comment on table eldercare.meals is '为老助餐 meals served (堂食): price, subsidy applied, amount paid by the person, the subsidy band and the district that bears it; one row per person, day and meal (a retried record returns the first); append-only';
comment on column eldercare.meals.subsidy_fen is 'Subsidy applied to this meal: what is left of the person''s daily subsidy that day, at most the price (so a second meal of a day normally gets 0)';
comment on column eldercare.meals.daily_subsidy_fen is 'The daily subsidy the person was entitled to (the policy decision for the month), whatever part this meal used';
comment on column eldercare.meals.band is 'Subsidy band that applied: A 低保/低收入/特困/重残无业 60+, B aged 60–79, C aged 80+; null when not entitled';
comment on column eldercare.meals.subsidy_district_code is 'District of the person''s household registration (户籍区), which bears the subsidy; null when not entitled';
comment on column eldercare.meals.point_division_code is 'Division of the meal point: jurisdiction of the record';
comment on column eldercare.meals.rule_version is 'Policy pack that decided the subsidy (e.g. shanghai-meals@1) and, in rules_fingerprint, the hash of its rules';
