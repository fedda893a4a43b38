-- Dated values of the workflow settings: a city admin sets a value from a day on (possibly in the future), the
-- value in force stays until then, and every value ever set is kept as the setting's history. The rows of
-- assistance.settings stay the initial configuration, in force until the first dated value.
create table assistance.setting_values (
  id bigint generated always as identity primary key,
  key text not null references assistance.settings (key),
  valid_from date not null,
  value jsonb not null,
  verified boolean not null,
  note text not null,
  set_by text not null,
  set_at timestamptz not null default now()
);
create index setting_values_key on assistance.setting_values (key, valid_from, id);
comment on table assistance.setting_values is 'Administrator-set values of assistance.settings from a date on; the latest row per (key, valid_from) wins, history is all rows';
