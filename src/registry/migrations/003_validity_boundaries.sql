-- What changes between two months for the policy engine: facts, memberships and deaths whose dates fall
-- between the months' first days. A new month's screening input is the previous month's snapshot with just
-- those households read again (policyChangedHouseholds), so these dates are looked up by range.
-- The facts' indexes carry what the change set needs, so that (once vacuum has marked the pages) finding
-- a month's few hundred thousand facts among tens of millions reads no table page.
create index facts_valid_from on registry.facts (valid_from) include (kind, subject_type, subject_id);
comment on index registry.facts_valid_from is 'Facts starting (or, for expenses, entering or leaving the 12-month window) between two months';
create index facts_valid_to on registry.facts (valid_to) include (kind, subject_type, subject_id) where valid_to is not null;
comment on index registry.facts_valid_to is 'Facts ending between two months';
create index household_members_since on registry.household_members (since);
comment on index registry.household_members_since is 'Memberships starting between two months';
create index household_members_until on registry.household_members (until) where until is not null;
comment on index registry.household_members_until is 'Memberships ending between two months';
create index persons_death_date on registry.persons (death_date) where death_date is not null;
comment on index registry.persons_death_date is 'Deaths between two months';
