-- 困境儿童 / 事实无人抚养儿童基本生活费 moved to monitoring's 免申即享 grants (the shanghai-children pack): the
-- module's own payment ledger goes; payments are monitoring.allowance_payments (programme child_plight_allowance).
drop table children.allowance_payments;
