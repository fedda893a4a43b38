-- 慈善: 募捐方案 filings (with their disclosures) and 慈善信托备案. Filings are the registrar's record of what the
-- charity or trustee filed; fundraising itself happens on the designated platforms, not here.
create table socialorg.fundraising_plans (
  id bigserial primary key,
  organisation_id bigint not null references socialorg.organisations (id),
  title text not null,
  purpose text not null,
  platform text,
  target_fen bigint not null check (target_fen > 0),
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  filed_on date not null,
  filed_by bigint,
  created_at timestamptz not null default now()
);
create index fundraising_plans_organisation on socialorg.fundraising_plans (organisation_id, starts_on);
comment on table socialorg.fundraising_plans is '募捐方案 filed before a public fundraising starts; platform null = offline';

create table socialorg.fundraising_disclosures (
  plan_id bigint not null references socialorg.fundraising_plans (id),
  disclosed_on date not null,
  final boolean not null,
  raised_fen bigint not null default 0 check (raised_fen >= 0),
  primary key (plan_id, disclosed_on)
);
comment on table socialorg.fundraising_disclosures is 'Disclosures of a fundraising: every 3 months while a long one runs, full disclosure within 3 months after it ends';

create table socialorg.charitable_trusts (
  id bigserial primary key,
  name text not null,
  trustee_name text not null,
  trustee_credit_code text collate "C" not null,
  registrar_division text collate "C" not null,
  purpose text not null,
  property_fen bigint not null check (property_fen > 0),
  signed_on date not null,
  filed_on date not null,
  filed_late_days integer not null default 0,
  publish_due date not null,
  published_on date,
  filed_by bigint,
  created_at timestamptz not null default now(),
  unique (trustee_credit_code, name)
);
create index charitable_trusts_registrar on socialorg.charitable_trusts (registrar_division);
comment on table socialorg.charitable_trusts is '慈善信托备案: filed within 7 days of signing, published within 20 working days of filing';
