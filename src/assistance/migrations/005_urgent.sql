-- 急难型临时救助: an application on the emergency path is marked urgent when the case is created, so the
-- caseworkers' list shows it first while it awaits a decision (it was only a phrase in the reason before).
alter table assistance.cases add column urgent boolean not null default false;
comment on column assistance.cases.urgent is '急难型临时救助（加急办理）; set at application, never changed';
