-- The roster's keyset paging (street, committee — '' for work at the street —, id): each page one index range.
create index workers_keyset on community.workers (street_code, (coalesce(committee_code, '')), id);
