-- An organisation that ends (a social organisation deregistered or revoked) keeps its row: other modules and
-- the public register still name it; the date and the reason say it no longer exists.
alter table registry.organisations add column closed_on date;
alter table registry.organisations add column closed_reason text;
