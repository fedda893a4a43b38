-- 补发与追缴 (issue 23): a decision changed after months were paid. Each month from the decision's first month
-- compares what was due (the engine for that month, or nothing after a stop) with what was in effect paid; a
-- month paid too little gets a back-pay line (补发), too much an overpayment line (多发, to recover). A retry
-- finds the lines already written and adds none. Back-pay is paid with the case's next monthly payment;
-- an overpayment is recovered by deduction from later payments, by a repayment record, or written off.
-- Keyed by case (distributed with the case's log, docs/scale-out.md): no foreign key to the cases table,
-- which lives with the household; the case id is checked by the action that writes the line.
create table assistance.adjustments (
  id bigserial,
  case_id bigint not null,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  kind text not null check (kind in ('back_pay', 'overpayment')),
  amount_fen bigint not null check (amount_fen > 0),
  due_fen bigint not null check (due_fen >= 0),
  paid_fen bigint not null check (paid_fen >= 0),
  action_seq integer not null,
  rule text not null,
  settled_month text,
  created_at timestamptz not null default now(),
  primary key (case_id, id)
);
create index adjustments_case on assistance.adjustments (case_id, month);
comment on table assistance.adjustments is '补发/多发 lines: per case and month, the difference between what was due and what was in effect paid, with the rule and the case action that found it';
comment on column assistance.adjustments.month is 'The month the difference concerns (YYYY-MM)';
comment on column assistance.adjustments.due_fen is 'What was due for the month under the revised decision';
comment on column assistance.adjustments.paid_fen is 'What was in effect paid for the month before this line (ledger, earlier lines)';
comment on column assistance.adjustments.action_seq is 'The case action (assistance.case_actions.seq) that recorded the line';
comment on column assistance.adjustments.settled_month is 'back_pay: the month whose payment carried it; null until paid';

create table assistance.recoveries (
  id bigserial,
  case_id bigint not null,
  kind text not null check (kind in ('deduction', 'repayment', 'write_off')),
  amount_fen bigint not null check (amount_fen > 0),
  month text check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  receipt_no text,
  on_date date not null,
  action_seq integer,
  created_at timestamptz not null default now(),
  primary key (case_id, id)
);
create unique index recoveries_deduction_once on assistance.recoveries (case_id, month) where kind = 'deduction';
create unique index recoveries_receipt_once on assistance.recoveries (case_id, receipt_no) where kind = 'repayment';
comment on table assistance.recoveries is '追缴: what reduced a case''s overpayment balance: deductions from a month''s payment, repayments with their receipt, write-offs approved by the district';
comment on column assistance.recoveries.month is 'deduction: the payment month it was deducted from';
comment on column assistance.recoveries.receipt_no is 'repayment: the receipt number (one record per receipt)';
comment on column assistance.recoveries.action_seq is 'The case action that recorded it (repayment, write-off); null for a run''s deduction';

insert into assistance.settings (key, value, verified, note) values
  ('recovery.deductionPermille', '300', false, '多发救助金按月从后续发放中抵扣的比例上限（千分比）：未查到上海公开规定，暂按每月应发金额的 30% 配置');
