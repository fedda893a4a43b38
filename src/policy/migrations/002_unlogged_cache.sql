-- The snapshot is a cache of what the registry says: a missing chunk sends readers back to the registry.
-- Without WAL, a month's gigabyte of chunks costs a fraction to write; a crash empties chunks and patches
-- together (both unlogged), which readers take as "no snapshot".
alter table policy.snapshot_chunks set unlogged;
alter table policy.snapshot_patches set unlogged;

-- A run's current results (one row per household and programme, eligible members gathered) on their way
-- into household_results: written by COPY next to the run's results, merged in one transaction at the end,
-- then removed. Unlogged for the same reason: an interrupted run leaves nothing a reader relies on.
create unlogged table policy.current_staging (
  run_id bigint not null,
  programme text not null,
  household_id bigint not null,
  division_code text collate "C" not null,
  member_ids bigint[],
  monthly_amount_fen bigint not null
);
comment on table policy.current_staging is 'A screening run''s current results before they replace household_results (removed when the run ends)';
