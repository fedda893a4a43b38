-- 等保 8.1.4.3b: an audit record names where the request came from. Hashed into the chain only when present,
-- so entries written before this migration keep verifying.
alter table access.audit_log add column source_ip text;
alter table access.audit_log add column request_id text;
alter table access.audit_log add column user_agent text;
comment on column access.audit_log.source_ip is 'Client address as Fastify resolves it (trustProxy decides whether X-Forwarded-For counts)';
comment on column access.audit_log.request_id is 'Fastify request id; also in the pino request log, to join the two';
comment on column access.audit_log.user_agent is 'User-Agent header, cut to 256 characters';
create index audit_log_action_at on access.audit_log (action, at);
