-- One lead per household (issue 15): the advisor visits a household once and tells it of every programme it
-- seems to qualify for, so the programmes hang under the lead instead of one lead each. Discovery runs started
-- from the screen report their total for a progress bar, and a failure instead of hanging unfinished.

create table monitoring.lead_programmes (
  lead_id bigint not null references monitoring.leads (id),
  programme text not null,
  person_id bigint,
  amount_fen bigint,
  reasons jsonb not null,
  added_at timestamptz not null
);
create unique index lead_programmes_one on monitoring.lead_programmes (lead_id, programme, coalesce(person_id, 0));
create index lead_programmes_person on monitoring.lead_programmes (person_id) where person_id is not null;
comment on table monitoring.lead_programmes is 'The programmes a household lead lists (特困 per person); a later finding adds to the open lead';

-- Existing leads: each open one joins the household's oldest open lead, the others close into it (logged).
create temporary table lead_keepers on commit drop as
  select household_id, min(id) as id from monitoring.leads where status in ('found', 'contacted', 'applied') group by household_id;
insert into monitoring.lead_programmes (lead_id, programme, person_id, amount_fen, reasons, added_at)
  select coalesce(k.id, l.id), l.programme, l.person_id, l.amount_fen, l.reasons, l.found_at
  from monitoring.leads l
  left join lead_keepers k on k.household_id = l.household_id and l.status in ('found', 'contacted', 'applied')
  on conflict do nothing;
insert into monitoring.lead_actions (lead_id, seq, action, at, reason, payload)
  select l.id, l.version + 1, 'close', now(), '同一家庭只保留一条线索，并入线索 ' || k.id, jsonb_build_object('mergedInto', k.id)
  from monitoring.leads l join lead_keepers k on k.household_id = l.household_id
  where l.id <> k.id and l.status in ('found', 'contacted', 'applied');
update monitoring.leads l set status = 'closed', version = l.version + 1
  from lead_keepers k where k.household_id = l.household_id and l.id <> k.id and l.status in ('found', 'contacted', 'applied');

drop index monitoring.leads_one_open;
create unique index leads_one_open_household on monitoring.leads (household_id) where status in ('found', 'contacted', 'applied');
comment on column monitoring.leads.programme is 'The first programme found; lead_programmes lists them all';

alter table monitoring.discovery_runs add column households_total integer;
alter table monitoring.discovery_runs add column error text;
comment on column monitoring.discovery_runs.households_total is 'Candidate households to examine, known once the screening results are read (null before)';
