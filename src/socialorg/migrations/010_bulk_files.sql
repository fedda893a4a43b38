-- Daily bulk files of the public register (issue 19 item 8): full and changes, CSV and JSON, gzip, stored in chunks
-- so that building and downloading stay in bounded memory and any instance can serve them; a manifest per day with
-- row counts and SHA-256 checksums. Digests per organisation tell what changed since the previous build.
create table socialorg.bulk_builds (
  day date primary key,
  format_version text not null,
  previous_day date,
  organisations integer not null,
  changed integer not null,
  duration_ms integer not null,
  built_at timestamptz not null default now()
);
create table socialorg.bulk_files (
  day date not null references socialorg.bulk_builds (day) on delete cascade,
  name text not null,
  content_type text not null,
  rows integer not null,
  bytes bigint not null,
  sha256 text not null,
  primary key (day, name)
);
create table socialorg.bulk_chunks (
  day date not null,
  name text not null,
  seq integer not null,
  data bytea not null,
  primary key (day, name, seq),
  foreign key (day, name) references socialorg.bulk_files (day, name) on delete cascade deferrable initially deferred
);
create table socialorg.bulk_digests (
  organisation_id bigint primary key,
  sha256 text not null,
  day date not null
);
comment on table socialorg.bulk_builds is 'One daily build of the public bulk files (full and changes)';
comment on table socialorg.bulk_files is 'A bulk file of a day: gzip, row count, size and SHA-256 of the bytes served';
comment on table socialorg.bulk_chunks is 'The bytes of a bulk file in order, about 1 MB each';
comment on table socialorg.bulk_digests is 'SHA-256 of each organisation''s public record at its last build: what differs goes into the changes file';
