-- 遗体接运单 and ashes: where the body was collected and who of the family signed the collection form; the ashes
-- picked up (within notice.ashesDays of the cremation) or stored (at most one year); a cross-province transport
-- certificate (遗体或骨灰跨省运输证明) with its destination.

alter table funeral.cremations
  add column collection_address text,
  add column family_signer text,
  add column ashes text check (ashes in ('pickup', 'stored')),
  add column ashes_on date,
  add column ashes_until date,
  add column transport_certificate text,
  add column transport_destination text,
  add constraint cremations_ashes_dates check (ashes is null or ashes_on is not null),
  add constraint cremations_storage_until check (ashes is distinct from 'stored' or (ashes_until is not null and ashes_until >= ashes_on));
