-- Indicator 10 (十四五 plan, 约束性): 区未成年人保护机构达标率 = district minor-protection institutions meeting the
-- standard ÷ all of them (12.5 % = 2 of 16 in 2020 → 100 % in 2025). 未成年人保护法 art. 81: every street sets up a
-- 未成年人保护工作站 (Shanghai: 221 stations, all streets, 2022). The standard's checklist was not found: a yearly
-- result (达标 or not) with the assessor's note is recorded per institution.
create table children.protection_units (
  id bigserial primary key,
  kind text not null check (kind in ('workstation', 'institution')),
  division_code text collate "C" not null,
  name text not null,
  opened_on date not null,
  closed_on date,
  created_by bigint,
  check (closed_on is null or closed_on >= opened_on)
);
create unique index protection_units_one_open on children.protection_units (kind, division_code) where closed_on is null;
comment on table children.protection_units is '未成年人保护工作站 (kind workstation, one per street) and the district''s 未成年人保护机构 (kind institution, one per district)';

create table children.protection_assessments (
  unit_id bigint not null references children.protection_units (id),
  year integer not null check (year between 2000 and 2100),
  passed boolean not null,
  note text not null,
  assessed_by bigint,
  assessed_at timestamptz not null default now(),
  primary key (unit_id, year)
);
comment on table children.protection_assessments is 'Yearly 规范达标 result of a district institution (indicator 10); one per unit and year';
