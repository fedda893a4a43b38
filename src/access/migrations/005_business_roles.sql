-- The business lines' own roles: 婚姻登记员 (src/marriage), 儿童主任 and 儿童督导员 (src/children). The role list is
-- access's, so it is redefined here, once, with every role in ROLES (src/access/model.ts).
alter table access.users drop constraint users_role_check;
alter table access.users add constraint users_role_check
  check (role in ('city_admin', 'security_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader', 'institution_staff', 'child_director', 'child_supervisor', 'marriage_registrar'));
