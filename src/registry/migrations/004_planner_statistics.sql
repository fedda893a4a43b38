-- The planner's sample sees the members of a household, and the facts of a person, side by side (rows are
-- loaded household by household), and underestimates how many distinct households and subjects there are
-- by five to ten times on a city-sized registry. It then expects 15 members per household and 16 facts per
-- person and scans whole tables where a few hundred thousand index look-ups are cheaper (re-reading the
-- households that changed between two months). The ratios below are the registry's shape: about 2.5
-- members per household, about three facts per subject; negative values scale with the table.
alter table registry.household_members alter column household_id set (n_distinct = -0.4);
alter table registry.facts alter column subject_id set (n_distinct = -0.3);
analyze registry.household_members;
analyze registry.facts;
