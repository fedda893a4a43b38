-- The public search pages results in name order ("C": code-point order, index-friendly): per district and per type
-- the index gives the first page without sorting every match.
create index organisations_district_name on socialorg.organisations (district_code, (name collate "C"));
create index organisations_type_name on socialorg.organisations (org_type, (name collate "C"));
