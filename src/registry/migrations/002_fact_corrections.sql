-- A fact is corrected at most once: the correction is the current row and is itself corrected next.
-- The unique index settles two caseworkers correcting the same row at once, and finds the successor fast.
create unique index facts_supersedes on registry.facts (supersedes) where supersedes is not null;
comment on index registry.facts_supersedes is 'At most one correction per fact; a row is current when no row supersedes it';
