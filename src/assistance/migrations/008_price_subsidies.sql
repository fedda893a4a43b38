-- 价格临时补贴 (issue 23): when the month's CPI or food prices rose above the configured thresholds year on year,
-- every recipient of the configured groups gets the amount per person of the month, without applying, once per
-- month (primary key month, case): a retried or repeated run writes nothing twice. Figures from POLICY-FACTS §1.4:
-- the 2014 Shanghai rule (CPI > 3.5 %, food > 7 %) is the default; the current thresholds and amount are unverified.
create table assistance.price_indices (
  month text primary key check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  cpi_yoy_permille integer not null check (cpi_yoy_permille between -200 and 500),
  food_yoy_permille integer not null check (food_yoy_permille between -500 and 1000),
  source text not null,
  entered_by text not null,
  entered_at timestamptz not null default now()
);
comment on table assistance.price_indices is '价格指数: the month''s CPI and food-price rise year on year, in per mille (3.5 % = 35), as the statistics office published it';

create table assistance.price_subsidy_runs (
  district_code text not null,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  cpi_yoy_permille integer not null,
  food_yoy_permille integer not null,
  amount_fen_per_person bigint not null,
  groups text[] not null,
  explanation text not null,
  started_by bigint not null,
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  paid_count integer,
  persons integer,
  paid_total_fen bigint,
  primary key (district_code, month)
);
comment on table assistance.price_subsidy_runs is '价格临时补贴 runs per district and month, with the trigger and the parameters they used';

create table assistance.price_subsidies (
  month text not null,
  case_id bigint not null,
  district_code text not null,
  street_code text not null,
  programme text not null,
  household_id bigint not null,
  persons integer not null check (persons > 0),
  amount_fen bigint not null check (amount_fen > 0),
  created_at timestamptz not null default now(),
  primary key (case_id, month)
);
create index price_subsidies_run on assistance.price_subsidies (district_code, month);
comment on table assistance.price_subsidies is '价格临时补贴 paid: one row per case and month (persons × amount per person), never twice';

insert into assistance.settings (key, value, verified, note) values
  ('price.cpiThresholdPermille', '35', false, '价格临时补贴启动条件：居民消费价格指数同比涨幅超过该值（千分比，35 即 3.5%）；2014 年上海规定为 3.5%，现行值未核实'),
  ('price.foodThresholdPermille', '70', false, '价格临时补贴启动条件：食品价格同比涨幅超过该值（千分比）；2014 年上海规定为 7%（全国 2021 年起为 6%，未核实）'),
  ('price.amountFenPerPersonMonth', '5000', false, '价格临时补贴每人每月金额（分）：未查到上海现行数额，暂按 50 元配置');
