-- 婚姻登记员 (marriage_registrar, src/marriage): a registrar of one district's marriage registry.
-- Merging branches that add roles: the last migration applied must list every role.
alter table access.users drop constraint users_role_check;
alter table access.users add constraint users_role_check
  check (role in ('city_admin', 'security_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader', 'institution_staff', 'marriage_registrar'));
