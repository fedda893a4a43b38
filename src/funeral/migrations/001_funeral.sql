-- 殡葬 and 公民身故"一件事": one death record per deceased (registered or not) with every notice that reported it,
-- the checklist's answers from the modules that acted on the death, funeral units with capacity, dated prices and
-- plots, and the basic funeral service / eco-burial subsidies (one per deceased and kind).
-- Registry ids and user ids are plain values: no foreign keys across modules.

create table funeral.deaths (
  id bigserial primary key,
  person_id bigint unique,
  id_number_hash bytea unique,
  id_number_masked text,
  name text,
  birth_date date,
  death_date date not null check (death_date >= birth_date),
  source text not null check (source in ('hospital', 'police', 'caseworker', 'collection', 'registry')),
  hukou_division text collate "C" not null,
  residence_division text collate "C" not null,
  shanghai_hukou boolean not null,
  household_id bigint,
  items jsonb not null,
  opened_at timestamptz not null default now(),
  completed_at timestamptz
);
create index deaths_residence on funeral.deaths (residence_division);
create index deaths_hukou on funeral.deaths (hukou_division);
create index deaths_open on funeral.deaths (opened_at) where completed_at is null;
comment on table funeral.deaths is '身故一件事: one row per deceased, a registered person by person_id (name and ID number stay in the registry), an unregistered one by the ID number''s keyed hash with name and masked number; items is the checklist configured on the death date (setting checklist.items)';

create table funeral.notices (
  id bigserial primary key,
  death_id bigint not null references funeral.deaths (id),
  source text not null check (source in ('hospital', 'police', 'caseworker', 'collection', 'registry')),
  proof_number text,
  death_date date not null,
  status text not null check (status in ('first', 'attached', 'review')),
  note text,
  reported_by bigint,
  reported_at timestamptz not null default now()
);
create index notices_death on funeral.notices (death_id);
create unique index notices_proof on funeral.notices (death_id, source, proof_number) where proof_number is not null;
comment on table funeral.notices is '死亡通报: 医学死亡证明, 公安死亡确认, a caseworker''s home-death record or the 遗体接运 crew; a different date goes to review';

create table funeral.settlements (
  person_id bigint not null,
  module text not null,
  event_id bigint not null,
  payload jsonb not null,
  settled_at timestamptz not null default now(),
  primary key (person_id, module)
);
comment on table funeral.settlements is '<module>.death.settled answers: the first answer stands (a replay of the death changes nothing)';

create table funeral.ticks (
  death_id bigint not null references funeral.deaths (id),
  item text not null,
  note text not null,
  ticked_by bigint not null,
  ticked_at timestamptz not null default now(),
  primary key (death_id, item)
);

create table funeral.units (
  id bigserial primary key,
  kind text not null check (kind in ('funeral_home', 'cemetery_commercial', 'cemetery_public', 'burial_ground_public', 'columbarium', 'service_station', 'sea_burial', 'agency')),
  name text not null,
  organisation_id bigint,
  division_code text collate "C" not null,
  licence_number text,
  licence_checked_year integer,
  capacity jsonb not null default '{}',
  status text not null default 'open' check (status in ('open', 'suspended', 'closed')),
  created_at timestamptz not null default now()
);
create index units_division on funeral.units (division_code);

create table funeral.prices (
  id bigserial primary key,
  unit_id bigint not null references funeral.units (id),
  item text not null,
  category text not null check (category in ('government', 'guided', 'market')),
  price_fen integer not null check (price_fen >= 0),
  basic_item text check (basic_item in ('transport', 'storage', 'cremation', 'ash_storage')),
  from_date date not null,
  unique (unit_id, item, from_date)
);
comment on table funeral.prices is '明码标价: dated prices by category (政府定价, 政府指导价, 市场调节价); basic_item marks the 4 basic services';

create table funeral.plots (
  id bigserial primary key,
  unit_id bigint not null references funeral.units (id),
  burial_type text not null check (burial_type in ('traditional', 'wall', 'tree', 'flower_bed', 'lawn', 'sea', 'deep', 'niche', 'joint')),
  area_m2 numeric(6, 2) not null check (area_m2 >= 0),
  new_area boolean not null,
  buried_on date,
  death_id bigint references funeral.deaths (id)
);
create index plots_unit on funeral.plots (unit_id);
create index plots_buried on funeral.plots (buried_on) where buried_on is not null;

create table funeral.cremations (
  id bigserial primary key,
  death_id bigint not null unique references funeral.deaths (id),
  unit_id bigint not null references funeral.units (id),
  collected_on date not null,
  furnace text not null check (furnace in ('flat', 'advanced')),
  cremated_on date,
  certificate_number text,
  storage_days integer not null default 0 check (storage_days >= 0),
  cost_fen jsonb not null default '{}',
  recorded_by bigint not null,
  recorded_at timestamptz not null default now()
);
comment on table funeral.cremations is '遗体接运 and 火化: cost_fen holds the 4 basic items (transport, storage, cremation, ash_storage) as charged';

create table funeral.subsidies (
  id bigserial primary key,
  death_id bigint not null references funeral.deaths (id),
  kind text not null check (kind in ('basic', 'sea', 'tree', 'lawn', 'flower_bed', 'wall')),
  amount_fen integer not null check (amount_fen >= 0),
  cost_fen integer not null check (cost_fen >= 0),
  grounds text not null,
  rule text not null,
  organiser_name text not null,
  bank_account text not null,
  status text not null default 'approved' check (status in ('approved', 'paid')),
  payable_on date not null,
  applied_by bigint not null,
  applied_at timestamptz not null default now(),
  unique (death_id, kind)
);
comment on table funeral.subsidies is '基本殡葬服务补贴 and 节地生态安葬补贴: one per deceased and kind (the unique key makes a retry or a second application fail)';

create table funeral.assistance_roster (
  case_id bigint primary key,
  household_id bigint not null,
  beneficiary_person_id bigint,
  programme text not null,
  active boolean not null,
  stopped_month text,
  changed_at timestamptz not null default now()
);
create index roster_household on funeral.assistance_roster (household_id);
