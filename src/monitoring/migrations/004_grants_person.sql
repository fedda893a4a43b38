-- A person's grants, newest first (the resident portal's 免申即享 list, a caseworker's person page): without it
-- the lookup walks every grant of the city backwards by id.
create index benefit_grants_person on monitoring.benefit_grants (person_id, id);
