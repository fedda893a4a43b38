-- The bigamy and name checks as ONE index-only scan: a row per party of every marriage not ended, keyed by the
-- party's ID hash (registry IdVault key) or, for a party recorded without an ID number, by a digest of sex, name
-- and birth date. Kept by a trigger on marriage.marriages, so every path that writes a marriage (registration,
-- 补录, import, 补证, death, divorce, judgement) keeps it without knowing of it.
create table marriage.open_parties (
  key bytea not null,
  marriage_id bigint not null references marriage.marriages (id),
  office_id integer,
  primary key (key, marriage_id) include (office_id)
);
create index open_parties_marriage on marriage.open_parties (marriage_id);
comment on table marriage.open_parties is 'Parties of marriages not ended: ID hash, or sha256(''name:'' || sex || '':'' || name || ''|'' || birth) when the record has no ID number';

create function marriage.name_key(sex text, name text, birth date) returns bytea language sql immutable as $$
  select sha256(convert_to('name:' || sex || ':' || name || '|' || to_char(birth, 'YYYY-MM-DD'), 'UTF8'))
$$;

create function marriage.keep_open_parties() returns trigger language plpgsql as $$
begin
  delete from marriage.open_parties where marriage_id = coalesce(new.id, old.id);
  if tg_op <> 'DELETE' and new.ended_on is null then
    insert into marriage.open_parties (key, marriage_id, office_id)
    select k, new.id, new.office_id
      from (values
        (coalesce(new.husband_hash, case when new.husband_birth is not null then marriage.name_key('M', new.husband_name, new.husband_birth) end)),
        (coalesce(new.wife_hash, case when new.wife_birth is not null then marriage.name_key('F', new.wife_name, new.wife_birth) end))
      ) v (k)
     where k is not null
    on conflict do nothing;
  end if;
  return null;
end
$$;

create trigger marriages_open_parties after insert or update of ended_on, husband_hash, wife_hash, husband_name, wife_name, husband_birth, wife_birth, office_id or delete
  on marriage.marriages for each row execute function marriage.keep_open_parties();

insert into marriage.open_parties (key, marriage_id, office_id)
select k, id, office_id
  from marriage.marriages m,
       lateral (values
         (coalesce(m.husband_hash, case when m.husband_birth is not null then marriage.name_key('M', m.husband_name, m.husband_birth) end)),
         (coalesce(m.wife_hash, case when m.wife_birth is not null then marriage.name_key('F', m.wife_name, m.wife_birth) end))
       ) v (k)
 where m.ended_on is null and k is not null
on conflict do nothing;
