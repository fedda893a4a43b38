-- 预约: the places taken per office, day, slot and service. A booking claims its place with one conditional
-- UPDATE of this row (taken < places, online < the online share) at the end of its transaction, instead of locking
-- the capacity row first and counting the slot's bookings under that lock: the row is locked only from the claim to
-- the commit, so concurrent bookings of one slot queue for a moment, not for the whole transaction. Cancelling
-- gives the place back; 已办理 and 未到 keep it (as before: every booking not cancelled counts).
create table marriage.slot_counts (
  office_id integer not null references marriage.offices (id),
  day date not null,
  slot text collate "C" not null,
  service text not null,
  taken integer not null default 0 check (taken >= 0),
  online integer not null default 0 check (online >= 0 and online <= taken),
  primary key (office_id, day, slot, service)
);

insert into marriage.slot_counts (office_id, day, slot, service, taken, online)
select office_id, day, slot, service, count(*), count(*) filter (where channel = 'online')
  from marriage.bookings
 where status <> 'cancelled'
 group by office_id, day, slot, service;
