-- 政策找人 runs started from the screening page are long jobs too.
alter table jobs.jobs drop constraint jobs_kind_check;
alter table jobs.jobs add constraint jobs_kind_check check (kind in ('screen', 'simulation', 'import', 'payment-run', 'discovery'));
comment on column jobs.jobs.kind is 'screen (policy screening run), simulation (policy simulation), import (department data batch), payment-run (assistance payment run), discovery (政策找人 run)';
