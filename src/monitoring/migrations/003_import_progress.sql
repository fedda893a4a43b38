-- Progress of a department batch for its page (issue 15): how many of the receiving steps are done; row_count is
-- set as soon as the file is read, so the page can say how many lines it is working through.
alter table monitoring.exchange_batches add column steps_done integer not null default 0;
comment on column monitoring.exchange_batches.steps_done is 'Steps of ingest.ts finished: 1 rows checked, 2 person changes, 3 facts, 4 ledger, 5 households re-evaluated (then done)';
