-- Division codes are 12-digit statistical codes stored with the "C" collation so `like '310101%'`
-- (a jurisdiction's subtree) uses the b-tree indexes.

create table registry.divisions (
  code text collate "C" not null,
  name text not null,
  level text not null check (level in ('province', 'prefecture', 'district', 'street', 'committee')),
  kind text not null default '',
  parent_code text collate "C",
  valid_from date not null default '1949-10-01',
  valid_to date,
  primary key (code, valid_from),
  check (valid_to is null or valid_to > valid_from)
);
create index divisions_parent on registry.divisions (parent_code);
comment on table registry.divisions is 'Division tree (city, districts GB/T 2260, streets/towns 2023 statistical codes, committees); a row is valid from valid_from up to but excluding valid_to';
comment on column registry.divisions.kind is 'Chinese kind: 街道, 镇, 乡, 居委会, 村委会, 其他统计单元';

create sequence registry.person_id_seq;
create table registry.persons (
  id bigint primary key default nextval('registry.person_id_seq'),
  id_number_hash bytea not null,
  id_number_enc bytea not null,
  id_number_masked text not null,
  name text collate "C" not null,
  sex char(1) not null check (sex in ('M', 'F')),
  birth_date date not null,
  hukou_division text collate "C" not null,
  residence_division text collate "C" not null,
  death_date date,
  disability_grade smallint check (disability_grade between 1 and 4),
  disability_category text,
  labour_capacity text not null default 'full' check (labour_capacity in ('full', 'partial', 'none')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index persons_id_number_hash on registry.persons (id_number_hash);
create index persons_hukou on registry.persons (hukou_division);
create index persons_residence on registry.persons (residence_division);
create index persons_name on registry.persons (name);
comment on table registry.persons is 'Persons of the data sea; the ID number is stored encrypted (AES-256-GCM) with a keyed hash (HMAC-SHA256) for look-ups';
comment on column registry.persons.hukou_division is 'Division of household registration (户籍地), 12 digits; outside Shanghai for non-hukou residents';
comment on column registry.persons.residence_division is 'Division of actual residence (居住地); differs from hukou for 人户分离';
comment on column registry.persons.disability_category is 'Disability certificate category: 视力, 听力, 言语, 肢体, 智力, 精神, 多重';

create sequence registry.household_id_seq;
create table registry.households (
  id bigint primary key default nextval('registry.household_id_seq'),
  division_code text collate "C" not null,
  address text not null default '',
  created_at timestamptz not null default now()
);
create index households_division on registry.households (division_code);
comment on table registry.households is 'Households: the people who live together and share income (共同生活家庭)';

create table registry.household_members (
  household_id bigint not null references registry.households (id),
  person_id bigint not null references registry.persons (id),
  relation text not null check (relation in ('head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other')),
  since date not null,
  until date,
  primary key (household_id, person_id, since),
  check (until is null or until > since)
);
create index household_members_person on registry.household_members (person_id);
comment on table registry.household_members is 'Membership with its period; a member is in the household on day D when since <= D and (until is null or D < until)';

create sequence registry.organisation_id_seq;
create table registry.organisations (
  id bigint primary key default nextval('registry.organisation_id_seq'),
  credit_code text collate "C" not null unique,
  name text not null,
  kind text not null,
  division_code text collate "C" not null,
  registered_on date,
  created_at timestamptz not null default now()
);
create index organisations_division on registry.organisations (division_code);
comment on table registry.organisations is 'Organisations with a unified social credit code (GB 32100)';

create table registry.fact_batches (
  id text primary key,
  source text not null,
  received_at timestamptz not null default now(),
  row_count integer not null default 0
);
comment on table registry.fact_batches is 'A batch of facts received from a department (or a caseworker correction); the id makes a re-sent batch a no-op';

create sequence registry.fact_id_seq;
create table registry.facts (
  id bigint primary key default nextval('registry.fact_id_seq'),
  subject_type text not null check (subject_type in ('person', 'household')),
  subject_id bigint not null,
  kind text not null,
  amount_fen bigint,
  attributes jsonb,
  valid_from date not null,
  valid_to date,
  source text not null,
  batch_id text not null,
  supersedes bigint references registry.facts (id),
  reason text,
  recorded_at timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from)
);
create index facts_subject on registry.facts (subject_type, subject_id, kind, valid_from);
create index facts_batch on registry.facts (batch_id);
comment on table registry.facts is 'Dated facts from other departments, never overwritten: a correction is a new row that names the one it supersedes';
comment on column registry.facts.kind is 'income.wage | income.pension | income.business | income.property | income.other (monthly amount_fen over [valid_from, valid_to)); asset.monetary (balance on valid_from); asset.property; vehicle (attributes.disabledMobility); expense.medical | expense.education (paid on valid_from); employment; insurance; hospital_stay …';
