-- 困境儿童 / 事实无人抚养儿童基本生活费 (issue 20): a third 免申即享 programme, from the shanghai-children pack. The
-- category the district decided is kept on the person (from children.case.decided / closed), the column the
-- pack's rule reads when a grant starts and each month the payment file is made.
alter table monitoring.persons add column child_category text check (child_category in ('de_facto', 'guardianship', 'poverty', 'disability'));
comment on column monitoring.persons.child_category is 'Category decided by the district in children''s welfare (事实无人抚养, 监护缺失或不当, 家庭贫困, 自身残疾或重病); null when none is in force';
alter table monitoring.benefit_grants drop constraint benefit_grants_programme_check;
alter table monitoring.benefit_grants add constraint benefit_grants_programme_check check (programme in ('elderly_allowance', 'orphan_allowance', 'child_plight_allowance'));
