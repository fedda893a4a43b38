-- 收养登记 (民法典 第1093–1118条; 《中国公民收养子女登记办法》): adoption cases kept by the marriage registries (the office
-- is the marriage office's id, a plain value: no foreign key across modules). A case is an append-only log of actions
-- (评估 visits, findings and conclusion, the 公告, registration, refusal, dissolution); its state is derived from the log.
-- Certificates (收养登记证, 解除收养关系证明) are numbered gap-free per office, kind and year. ID numbers are kept as the
-- registry's keyed hash, sealed ciphertext and a masked form, never in clear. 收养秘密 (第1110条): only the office's
-- registrars and auditors read these tables through the application.

create table adoption.cases (
  id bigserial primary key,
  office_id integer not null,
  -- The office's district: the jurisdiction that may read the case.
  district_code text collate "C" not null,
  opened_on date not null,
  opened_by integer,
  request_key text collate "C" unique,
  -- 被收养人
  child_hash bytea not null,
  child_enc bytea not null,
  child_masked text not null,
  child_name text not null,
  child_birth date not null,
  child_sex char(1) not null check (child_sex in ('M', 'F')),
  child_person_id bigint,
  child_kind text not null check (child_kind in ('orphan', 'parents_unknown', 'parents_difficulty')),
  child_disabled boolean not null default false,
  child_in_welfare_institution boolean not null default false,
  -- 收养人 (one, or a married couple: 第1101条 有配偶者应当夫妻共同收养)
  adopter1_hash bytea not null,
  adopter1_enc bytea not null,
  adopter1_masked text not null,
  adopter1_name text not null,
  adopter1_birth date not null,
  adopter1_sex char(1) not null check (adopter1_sex in ('M', 'F')),
  adopter1_person_id bigint,
  adopter2_hash bytea,
  adopter2_enc bytea,
  adopter2_masked text,
  adopter2_name text,
  adopter2_birth date,
  adopter2_sex char(1) check (adopter2_sex in ('M', 'F')),
  adopter2_person_id bigint,
  -- Children the adopters have (birth or adopted elsewhere) as declared and verified at the opening.
  adopters_children integer not null check (adopters_children >= 0),
  -- 送养人 (第1094条)
  sender_kind text not null check (sender_kind in ('guardian', 'welfare_institution', 'birth_parents')),
  sender_name text not null,
  birth_father_person_id bigint,
  birth_mother_person_id bigint
);
comment on table adoption.cases is '收养登记案件：被收养人、收养人、送养人；状态由 adoption.actions 推出';
create index cases_office on adoption.cases (office_id, id);
create index cases_adopter1 on adoption.cases (adopter1_hash);
create index cases_adopter2 on adoption.cases (adopter2_hash) where adopter2_hash is not null;
create index cases_child on adoption.cases (child_hash);

create table adoption.actions (
  id bigserial primary key,
  case_id bigint not null references adoption.cases (id),
  kind text not null check (kind in ('opened', 'visit', 'finding', 'conclusion', 'announced', 'registered', 'refused', 'dissolved')),
  on_day date not null,
  detail jsonb not null default '{}',
  actor_id integer,
  actor_name text not null,
  recorded_at timestamptz not null default now()
);
comment on table adoption.actions is '收养案件的操作记录（只增不改）：评估走访、评估发现、评估结论、公告、登记、不予登记、解除';
create index actions_case on adoption.actions (case_id, id);

create function adoption.append_only() returns trigger language plpgsql as $$
begin
  raise exception 'adoption.actions is append-only';
end $$;
create trigger actions_append_only before update or delete on adoption.actions for each row execute function adoption.append_only();

-- The registered adoptions (one per case), the current-state index over the log.
create table adoption.adoptions (
  case_id bigint primary key references adoption.cases (id),
  office_id integer not null,
  district_code text collate "C" not null,
  registered_on date not null,
  certificate_number text collate "C" not null unique,
  child_kind text not null,
  dissolved_on date,
  dissolved_by text check (dissolved_by in ('agreement', 'court')),
  birth_links_restored boolean
);
comment on table adoption.adoptions is '已登记的收养关系及其解除（协议或判决）；统计按登记年份与被收养人类别';
create index adoptions_year on adoption.adoptions (registered_on);

create table adoption.certificate_counters (
  office_id integer not null,
  kind text collate "C" not null,
  year integer not null,
  last_serial integer not null,
  primary key (office_id, kind, year)
);
comment on table adoption.certificate_counters is '收养证书年度流水号（每机关、每类、每年连续不跳号）';

create table adoption.certificates (
  number text collate "C" primary key,
  kind text collate "C" not null check (kind in ('SY', 'JC')),
  office_id integer not null,
  case_id bigint not null references adoption.cases (id),
  issued_on date not null,
  request_key text collate "C" unique
);
comment on table adoption.certificates is '收养登记证（SY）与解除收养关系证明（JC）';
create index certificates_case on adoption.certificates (case_id);

create table adoption.settings (
  name text collate "C" not null,
  valid_from date not null,
  value jsonb not null,
  verified boolean not null,
  source text not null,
  set_by integer,
  primary key (name, valid_from)
);
comment on table adoption.settings is '收养登记参数的更正值（默认值及出处见 src/adoption/setting-defs.ts）';
