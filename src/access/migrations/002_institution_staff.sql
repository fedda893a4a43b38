-- Staff of a service institution (a care home, a meal point's operator) log in too: a role scoped to the
-- organisation they work for, on top of the division of their jurisdiction.
alter table access.users drop constraint users_role_check;
alter table access.users add constraint users_role_check
  check (role in ('city_admin', 'district_staff', 'street_caseworker', 'community_advisor', 'auditor', 'leader', 'institution_staff'));
alter table access.users add column organisation_id bigint;
alter table access.users add constraint users_institution_organisation check ((role = 'institution_staff') = (organisation_id is not null));
comment on column access.users.organisation_id is 'Institution staff only: the registry organisation (the operator, by unified social credit code) whose services they act for; other modules check it against their records';
