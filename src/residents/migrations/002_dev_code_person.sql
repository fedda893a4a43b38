-- The person a development code was issued to: the login then needs no second registry lookup of the ID number.
alter table residents.dev_codes add column person_id bigint;
comment on column residents.dev_codes.person_id is 'Registry person the code was issued to (looked up, and audited, when the code was requested)';
