-- The declared-status check (a party declaring 离婚 or 丧偶 without proof) reads the party's ENDED marriages by ID
-- hash. The hash indexes of 001 cover only marriages not ended (ended_on is null), so that read scanned every ended
-- marriage: at 20 M historical records, seconds per check. These two partial indexes are the complement.
create index marriages_ended_husband on marriage.marriages (husband_hash) where ended_on is not null and husband_hash is not null;
create index marriages_ended_wife on marriage.marriages (wife_hash) where ended_on is not null and wife_hash is not null;
