-- 康复辅具社区租赁 (community rental of assistive devices): rental points are facilities of their own kind, so the
-- register, its pages and its jurisdiction rules serve them as they serve meal points. A rental records the device
-- from the dated catalogue in force on its start day, its monthly rent and the subsidy share decided that day, with
-- what decided it; a return closes it. Indicator 8 of the plan counts the streets and towns with an open point.

alter table eldercare.facilities drop constraint facilities_kind_check;
alter table eldercare.facilities add constraint facilities_kind_check
  check (kind in ('institution', 'community_centre', 'day_care', 'meal_point', 'family_bed_station', 'rental_point'));

create table eldercare.device_rentals (
  id bigserial,
  person_id bigint not null,
  household_id bigint,
  point_id bigint not null references eldercare.facilities (id),
  point_division_code text collate "C" not null,
  device_code text not null,
  device_name text not null,
  started_on date not null,
  returned_on date,
  monthly_rent_fen integer not null check (monthly_rent_fen > 0),
  subsidy_percent integer not null check (subsidy_percent between 0 and 100),
  monthly_subsidy_fen integer not null check (monthly_subsidy_fen >= 0 and monthly_subsidy_fen <= monthly_rent_fen),
  subsidy_group text,
  decided_by jsonb not null,
  recorded_by bigint,
  recorded_at timestamptz not null default now(),
  return_recorded_by bigint,
  primary key (person_id, id),
  check (returned_on is null or returned_on >= started_on)
);
-- One open rental per person and device: a retried rental returns the open one instead of adding a second.
create unique index device_rentals_open on eldercare.device_rentals (person_id, device_code) where returned_on is null;
create index device_rentals_point on eldercare.device_rentals (point_id, started_on);
create index device_rentals_division on eldercare.device_rentals (point_division_code, started_on);
comment on table eldercare.device_rentals is '康复辅具社区租赁: one row per device rented by a person at a rental point, with the catalogue rent and the subsidy share in force on the start day and what decided them; returned_on closes it';
comment on column eldercare.device_rentals.monthly_subsidy_fen is 'Subsidised part of the monthly rent: floor(rent × subsidy_percent / 100); the person pays the rest';
comment on column eldercare.device_rentals.decided_by is 'The settings that decided rent and subsidy (name, from, verified, source) and the group that qualified';
