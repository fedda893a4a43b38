-- 临时救助 as a programme of its own (issue 23): the amount rule (a multiple of the 低保 standard per household
-- member by hardship type, under the single ceiling), the yearly cap across a household's reliefs, and the
-- emergency track (先行救助: the street pays at once up to a limit, paperwork within a number of days).
-- No Shanghai figure was found for any of them (POLICY-FACTS §1.4): every value is unverified.
insert into assistance.settings (key, value, verified, note) values
  ('temporary.multiplier.illness', '3000', false, '临时救助金额规则：重大疾病，每名家庭成员按低保标准的倍数（千分比）；未查到上海公开规定'),
  ('temporary.multiplier.accident', '2000', false, '临时救助金额规则：意外事故或突发事件，每名家庭成员按低保标准的倍数（千分比）；未查到上海公开规定'),
  ('temporary.multiplier.disaster', '3000', false, '临时救助金额规则：自然灾害，每名家庭成员按低保标准的倍数（千分比）；未查到上海公开规定'),
  ('temporary.multiplier.basic_living', '1000', false, '临时救助金额规则：基本生活暂时困难（含教育等刚性支出），每名家庭成员按低保标准的倍数（千分比）；未查到上海公开规定'),
  ('temporary.yearlyCapFen', '1914000', false, '同一家庭12个月内临时救助累计上限：未查到上海公开数额，暂按 12 个月低保标准（1595 元 × 12）配置'),
  ('temporary.emergencyLimitFen', '300000', false, '先行救助（急难型）街镇当场发放上限：未查到上海公开数额，暂按 3000 元配置'),
  ('temporary.paperworkDays', '5', false, '先行救助后补办手续的期限（自然日）：未查到上海公开规定，暂按 5 天配置');

-- How a payment left: the bank file of a run (代发), or at once by the street (先行救助) in cash or in kind.
-- Immediate payments belong to no run: their run_id is 0 (runs are numbered from 1), so no run's bank file,
-- ledger or totals include them, and the month's run does not pay the case again (primary key month, case).
alter table assistance.payments add column channel text not null default 'bank' check (channel in ('bank', 'cash', 'in_kind'));
comment on column assistance.payments.channel is 'bank: through a run''s bank file; cash / in_kind: paid at once by the street (先行救助), run_id 0';
create index payments_household_temporary on assistance.payments (household_id, month) where programme = 'temporary' and status = 'paid';
