-- The annual report's charity figures for the yearly spending check (慈善活动年度支出和管理费用的规定, 2016).
alter table socialorg.annual_reports add column charitable_spending_fen bigint not null default 0 check (charitable_spending_fen >= 0);
alter table socialorg.annual_reports add column management_cost_fen bigint not null default 0 check (management_cost_fen >= 0);
