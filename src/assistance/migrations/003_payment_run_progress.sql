-- Progress of a payment run for its page (issue 15): how many of the run's cases have a ledger row, of how many.
alter table assistance.payment_runs add column cases_total integer;
alter table assistance.payment_runs add column cases_done integer not null default 0;
comment on column assistance.payment_runs.cases_total is 'Cases of the run: those with a ledger row of the run when it (re)started plus those due then; null before counted';
comment on column assistance.payment_runs.cases_done is 'Ledger rows of the run so far, updated after each batch';
