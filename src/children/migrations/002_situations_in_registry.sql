-- A parent's situations live in ONE place: registry facts (registry/situations.ts), which the court, justice, the
-- police and health send through the exchange and which a worker records here. The rows recorded in this
-- module's former table move there (custody, drug_rehab, restricted → custody with its measure; an inclusive
-- end date becomes the registry's exclusive valid_to) and the table goes.
insert into registry.fact_batches (id, source, row_count)
select 'children:situations-moved', '民政局儿童福利处', count(*) from children.parent_situations having count(*) > 0;
insert into registry.facts (subject_type, subject_id, kind, attributes, valid_from, valid_to, source, batch_id)
select 'person', s.parent_id,
  case when s.kind in ('custody', 'drug_rehab', 'restricted') then 'custody' else s.kind end,
  case when s.kind in ('custody', 'drug_rehab', 'restricted')
    then jsonb_build_object('measure', case s.kind when 'custody' then 'prison' when 'drug_rehab' then 'drug_rehab' else 'other' end, 'evidence', s.evidence)
    else jsonb_build_object('evidence', s.evidence) end,
  s.from_date, case when s.to_date is null then null else s.to_date + 1 end, '民政局儿童福利处', 'children:situations-moved'
from children.parent_situations s order by s.id;
drop table children.parent_situations;

-- 复核: a decided case is reviewed yearly, and again when a parent is released (re-assessment); the register
-- shows the date it is due.
alter table children.cases add column review_due_on date;
update children.cases c set review_due_on = (select (max(a.on_date) + interval '1 year')::date from children.case_actions a where a.case_id = c.id and a.kind = 'decision') where c.status = 'decided';
create index cases_review_due on children.cases (review_due_on) where status = 'decided';
comment on column children.cases.review_due_on is 'Next 复核 of a decided case: a year after the decision or the last review, or a parent''s release';

-- 临时监护: a child with no carer at all is placed in temporary care (the district's 未成年人保护机构) with no named guardian.
do $$
declare c record;
begin
  for c in select conname from pg_constraint where conrelid = 'children.guardians'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%state%' loop
    execute format('alter table children.guardians drop constraint %I', c.conname);
  end loop;
end $$;
alter table children.guardians add constraint guardians_kind_known check (kind in ('parent', 'relative', 'entrusted', 'foster', 'state', 'temporary'));
alter table children.guardians add constraint guardians_named check ((kind in ('state', 'temporary')) = (guardian_id is null));
comment on table children.guardians is 'Who has the child in care over time (parent, relative, 委托照护, 家庭寄养, 民政兜底监护, 临时监护); periods never overlap';
