-- 婚姻登记: the 16 district registries, booking capacity and bookings, marriages (native, 补录 and imported), divorce
-- applications as an append-only action log, court judgements, certificates numbered gap-free per office, type and
-- year, the review queue, import batches and dated settings. ID numbers are kept as the registry's keyed hash (for
-- the bigamy check), sealed ciphertext and a masked form; never in clear.

create table marriage.offices (
  id serial primary key,
  district_code text collate "C" not null unique,
  code6 text collate "C" not null unique,
  name text not null,
  address text not null default '',
  -- 涉外/涉港澳台/华侨 registration offered from this day (null: not offered).
  foreign_from date
);

insert into marriage.offices (district_code, code6, name, foreign_from) values
  ('310101000000', '310101', '黄浦区婚姻登记处', '2024-06-01'),
  ('310104000000', '310104', '徐汇区婚姻登记处', '2024-06-01'),
  ('310105000000', '310105', '长宁区婚姻登记处', '2024-06-01'),
  ('310106000000', '310106', '静安区婚姻登记处', '2024-06-01'),
  ('310107000000', '310107', '普陀区婚姻登记处', '2025-05-10'),
  ('310109000000', '310109', '虹口区婚姻登记处', '2025-05-10'),
  ('310110000000', '310110', '杨浦区婚姻登记处', '2025-05-10'),
  ('310112000000', '310112', '闵行区婚姻登记处', '2024-06-01'),
  ('310113000000', '310113', '宝山区婚姻登记处', '2025-05-10'),
  ('310114000000', '310114', '嘉定区婚姻登记处', '2025-05-10'),
  ('310115000000', '310115', '浦东新区婚姻登记处', '2003-10-01'),
  ('310116000000', '310116', '金山区婚姻登记处', '2025-05-10'),
  ('310117000000', '310117', '松江区婚姻登记处', '2025-05-10'),
  ('310118000000', '310118', '青浦区婚姻登记处', '2025-05-10'),
  ('310120000000', '310120', '奉贤区婚姻登记处', '2025-05-10'),
  ('310151000000', '310151', '崇明区婚姻登记处', '2025-05-10');

-- Places per office, service and time slot on every working day (the registry's own configuration).
create table marriage.capacity (
  office_id integer not null references marriage.offices (id),
  service text not null check (service in ('marriage', 'divorce', 'foreign')),
  slot text collate "C" not null,
  places integer not null check (places >= 0),
  primary key (office_id, service, slot)
);

insert into marriage.capacity (office_id, service, slot, places)
select o.id, s.service, t.slot, case s.service when 'marriage' then 20 when 'divorce' then 10 else 4 end
from marriage.offices o
cross join (values ('marriage'), ('divorce'), ('foreign')) s (service)
cross join (values ('09:00'), ('10:30'), ('13:30'), ('15:00')) t (slot);

create table marriage.bookings (
  id bigserial primary key,
  office_id integer not null references marriage.offices (id),
  day date not null,
  slot text collate "C" not null,
  service text not null,
  channel text not null check (channel in ('online', 'walk_in')),
  party_a_hash bytea not null,
  party_b_hash bytea not null,
  party_a_masked text not null,
  party_b_masked text not null,
  party_a_name text not null,
  party_b_name text not null,
  status text not null default 'open' check (status in ('open', 'cancelled', 'no_show', 'attended')),
  created_by integer,
  created_at timestamptz not null default now(),
  closed_at timestamptz
);
create index bookings_day on marriage.bookings (office_id, day, slot, service) where status <> 'cancelled';

-- One open booking per person: a row per party while the booking is open.
create table marriage.booking_holds (
  id_hash bytea primary key,
  booking_id bigint not null references marriage.bookings (id)
);

create table marriage.import_batches (
  id text collate "C" primary key,
  source text not null,
  provenance text not null check (provenance in ('backfilled', 'imported')),
  received_at timestamptz not null default now(),
  received_by integer,
  row_count integer not null,
  accepted integer not null,
  rejected integer not null,
  errors jsonb not null default '[]'
);

create table marriage.marriages (
  id bigserial primary key,
  office_id integer references marriage.offices (id),
  service text not null check (service in ('marriage', 'late', 'remarriage')),
  registered_on date not null,
  provenance text not null check (provenance in ('native', 'backfilled', 'imported')),
  quality text not null check (quality in ('complete', 'id_missing', 'conflicting')),
  husband_hash bytea,
  husband_enc bytea,
  husband_masked text,
  husband_name text not null,
  husband_birth date,
  husband_person_id bigint,
  husband_hukou_sh boolean,
  wife_hash bytea,
  wife_enc bytea,
  wife_masked text,
  wife_name text not null,
  wife_birth date,
  wife_person_id bigint,
  wife_hukou_sh boolean,
  first_marriage_husband boolean,
  first_marriage_wife boolean,
  ended_on date,
  end_reason text check (end_reason in ('death', 'divorce', 'court_divorce', 'void', 'annulled')),
  void_from_start boolean not null default false,
  batch_id text collate "C" references marriage.import_batches (id),
  batch_row integer,
  source_ref text,
  annotation text,
  created_at timestamptz not null default now(),
  unique (batch_id, batch_row)
);
-- The bigamy check: a marriage not ended, by either party's hash.
create index marriages_open_husband on marriage.marriages (husband_hash) where ended_on is null;
create index marriages_open_wife on marriage.marriages (wife_hash) where ended_on is null;
create index marriages_husband_name on marriage.marriages (husband_name, husband_birth) where ended_on is null and husband_hash is null;
create index marriages_wife_name on marriage.marriages (wife_name, wife_birth) where ended_on is null and wife_hash is null;
create index marriages_person on marriage.marriages (husband_person_id);
create index marriages_person_w on marriage.marriages (wife_person_id);
create index marriages_office_day on marriage.marriages (office_id, registered_on);

create table marriage.divorce_applications (
  id bigserial primary key,
  marriage_id bigint not null references marriage.marriages (id),
  office_id integer not null references marriage.offices (id),
  receipt_number text collate "C" not null unique,
  received_on date not null,
  agreement jsonb not null,
  -- Cheap current-state index over the action log (OpenCRVS #13595): set in the transaction that appends the closing action.
  closed boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index one_open_application on marriage.divorce_applications (marriage_id) where not closed;

create table marriage.divorce_actions (
  id bigserial primary key,
  application_id bigint not null references marriage.divorce_applications (id),
  kind text not null check (kind in ('applied', 'withdrawn', 'registered', 'refused', 'deemed_withdrawn', 'ended')),
  on_day date not null,
  by_party text check (by_party in ('husband', 'wife', 'both')),
  actor_id integer,
  detail jsonb not null default '{}',
  at timestamptz not null default now()
);
create index divorce_actions_app on marriage.divorce_actions (application_id, id);

create table marriage.judgements (
  id bigserial primary key,
  marriage_id bigint not null references marriage.marriages (id),
  kind text not null check (kind in ('divorce', 'void', 'annulment')),
  court text not null,
  case_number text collate "C" not null unique,
  effective_on date not null,
  article text not null,
  entered_by integer,
  created_at timestamptz not null default now()
);

create table marriage.certificate_counters (
  office_id integer not null references marriage.offices (id),
  kind text collate "C" not null,
  year integer not null,
  last_serial integer not null,
  primary key (office_id, kind, year)
);

create table marriage.certificates (
  id bigserial primary key,
  number text collate "C" not null unique,
  kind text collate "C" not null check (kind in ('J', 'L', 'BJ', 'BL')),
  office_id integer not null references marriage.offices (id),
  year integer not null,
  serial integer not null,
  marriage_id bigint not null references marriage.marriages (id),
  application_id bigint references marriage.divorce_applications (id),
  issued_on date not null,
  status text not null default 'valid' check (status in ('valid', 'void', 'superseded')),
  superseded_by text collate "C",
  request_key text collate "C" unique,
  created_at timestamptz not null default now(),
  unique (office_id, kind, year, serial)
);
create index certificates_marriage on marriage.certificates (marriage_id);

create table marriage.reviews (
  id bigserial primary key,
  kind text not null check (kind in ('name_match', 'kinship_inferred', 'duplicate_open')),
  office_id integer references marriage.offices (id),
  marriage_id bigint references marriage.marriages (id),
  other_marriage_id bigint references marriage.marriages (id),
  detail jsonb not null default '{}',
  status text not null default 'open' check (status in ('open', 'cleared', 'confirmed')),
  created_at timestamptz not null default now()
);

create table marriage.settings (
  name text collate "C" not null,
  valid_from date not null,
  value jsonb not null,
  verified boolean not null,
  source text not null,
  set_by integer,
  primary key (name, valid_from)
);
