-- Keyset pages of the registrar's lists (keyset.ts): newest first by (date, id).
create index list_entries_keyset on socialorg.list_entries (listed_on desc, id desc);
create index penalties_keyset on socialorg.penalties (decided_on desc, id desc);
