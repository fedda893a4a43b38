-- 精神障碍社区康复 (reference §4.4): providers per street (机构 or 社会组织) and the persons they serve. Coverage =
-- streets with at least one open provider serving a participant ÷ streets (街道 + 镇 + 乡); the 2025 target is ≥ 90 %
-- (seed 2025 要点), > 65 % at the end of 2024 (seed 2024 总结). A participant's record is health data of the most
-- sensitive kind (PIPL art. 28): lists mask the name, every read is audited.
create table children.rehab_providers (
  id bigserial primary key,
  name text not null,
  kind text not null check (kind in ('facility', 'social_org')),
  division_code text collate "C" not null,
  opened_on date not null,
  closed_on date,
  created_by bigint,
  check (closed_on is null or closed_on >= opened_on)
);
create index rehab_providers_division on children.rehab_providers (division_code);
comment on table children.rehab_providers is '精神障碍社区康复服务机构 per street (a street may have several)';

create table children.rehab_participants (
  id bigserial primary key,
  provider_id bigint not null,
  person_id bigint not null,
  division_code text collate "C" not null,
  joined_on date not null,
  left_on date,
  leave_reason text,
  recorded_by bigint,
  check (left_on is null or left_on >= joined_on)
);
create unique index rehab_participants_one_open on children.rehab_participants (person_id) where left_on is null;
create index rehab_participants_provider on children.rehab_participants (provider_id) where left_on is null;
comment on table children.rehab_participants is 'Persons served by a 精神障碍社区康复 provider, from the day they joined to the day they left; one open participation per person';
