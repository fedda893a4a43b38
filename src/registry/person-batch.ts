/**
 * Person changes in bulk (a department's deaths, moves and disability certificates): the checks, row updates
 * and events of recordDeath, moveResidence and setDisability, applied in the order given (a person's second
 * change sees the first), in one transaction with one audit entry naming every change. A change the registry
 * refuses is that item's outcome; the others go on.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { conflict, DomainError, invalid, notFound, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { guardedBatch, outcomeOf, outOfJurisdiction, settled } from './batch-guard.js';
import { endMembershipsOnDeath } from './death-households.js';
import { requireDivision } from './divisions.js';
import { emitEvents, type RegistryTrx } from './guard.js';
import type { Disability, RegistryDb } from './model.js';
import { requireDate, validateDisability } from './person-changes.js';
import { disabilityOf, selectPersons, type PersonRow } from './person-rows.js';

/**
 * A death may name who reported it (`source`, e.g. 'police' for public security's 死亡确认 through the exchange) and
 * the proof's number: both travel in `registry.person.died`, and a report of a person already dead is passed on as
 * `registry.person.death_reported` (the funeral desk attaches it as a notice) while its outcome stays the 409.
 */
export type PersonChange =
  | { kind: 'death'; personId: number; deathDate: IsoDate; source?: string; proofNumber?: string }
  | { kind: 'disability'; personId: number; disability: Disability | null }
  | { kind: 'move'; personId: number; residenceDivision: string; movedOn: IsoDate };

/** 'recorded', or the error the one-person function would have thrown for this change. */
export type ChangeOutcome = 'recorded' | DomainError;

const CHUNK = 1000;

/** Locks the persons (in id order, so two batches never wait on each other crosswise) and reads them. */
async function lockPersons(trx: RegistryTrx, ids: number[]): Promise<Map<number, PersonRow>> {
  const out = new Map<number, PersonRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await trx.selectFrom('registry.persons').select('id').where('id', 'in', chunk).orderBy('id').forUpdate().execute();
    for (const row of await selectPersons(trx).where('p.id', 'in', chunk).execute()) out.set(row.id, { ...row });
  }
  return out;
}

/** Applies one change to the in-memory row and returns its event; throws the one-person function's error. */
function apply(change: PersonChange & { to?: string }, row: PersonRow): DomainEvent {
  const personId = row.id;
  switch (change.kind) {
    case 'death': {
      if (row.death_date) throw conflict('REGISTRY_PERSON_ALREADY_DEAD', `该人员已于 ${row.death_date} 登记死亡`);
      if (change.deathDate < row.birth_date) throw invalid('REGISTRY_INVALID_DATE', '死亡日期不能早于出生日期');
      row.death_date = change.deathDate;
      const payload = {
        personId,
        deathDate: change.deathDate,
        hukouDivision: row.hukou_division,
        residenceDivision: row.residence_division,
        householdId: row.household_id,
        source: change.source ?? 'registry',
        ...(change.proofNumber ? { proofNumber: change.proofNumber } : {}),
      };
      return { topic: 'registry.person.died', key: String(personId), payload };
    }
    case 'disability': {
      const from = disabilityOf(row);
      row.disability_grade = change.disability?.grade ?? null;
      row.disability_category = change.disability?.category ?? null;
      return { topic: 'registry.person.disability_changed', key: String(personId), payload: { personId, from, to: change.disability } };
    }
    case 'move': {
      const to = change.to as string;
      if (row.death_date) throw conflict('REGISTRY_PERSON_DEAD', '该人员已登记死亡，不能变更居住地');
      if (row.residence_division === to) throw invalid('REGISTRY_SAME_RESIDENCE', '新居住地与现居住地相同');
      const from = row.residence_division;
      row.residence_division = to;
      return { topic: 'registry.person.moved', key: String(personId), payload: { personId, from, to, movedOn: change.movedOn, householdId: row.household_id } };
    }
  }
}

/** A further report of a death already recorded: the recorded date, and the one this report gives. */
const reportedAgain = (c: Extract<PersonChange, { kind: 'death' }>, row: PersonRow): DomainEvent => ({
  topic: 'registry.person.death_reported',
  key: String(row.id),
  payload: {
    personId: row.id,
    deathDate: row.death_date,
    reportedDeathDate: c.deathDate,
    hukouDivision: row.hukou_division,
    residenceDivision: row.residence_division,
    householdId: row.household_id,
    source: c.source,
    ...(c.proofNumber ? { proofNumber: c.proofNumber } : {}),
  },
});

/** What the audit entry says about a change. */
const described = (c: PersonChange & { to?: string }) =>
  c.kind === 'death'
    ? { personId: c.personId, kind: c.kind, deathDate: c.deathDate }
    : c.kind === 'disability'
      ? { personId: c.personId, kind: c.kind, disability: c.disability }
      : { personId: c.personId, kind: c.kind, to: c.to, movedOn: c.movedOn };

/** Checks that need no lock, as the one-person functions make them before their transaction. */
async function prechecked(db: RegistryDb, changes: readonly PersonChange[]): Promise<((PersonChange & { to?: string }) | DomainError)[]> {
  const divisions = new Map<string, Promise<string | DomainError>>();
  const division = (raw: string) => {
    if (!divisions.has(raw)) divisions.set(raw, settled(requireDivision(db, raw, '新居住地', { shanghaiOnly: true })));
    return divisions.get(raw) as Promise<string | DomainError>;
  };
  return Promise.all(
    changes.map(async (c) => {
      if (c.kind === 'death') return outcomeOf(() => ({ ...c, deathDate: requireDate(c.deathDate, '死亡日期') }));
      if (c.kind === 'disability') return outcomeOf(() => ({ ...c, disability: c.disability ? validateDisability(c.disability) : null }));
      const dated = outcomeOf(() => ({ ...c, movedOn: requireDate(c.movedOn, '迁入日期') }));
      if (dated instanceof DomainError) return dated;
      const to = await division(c.residenceDivision);
      return to instanceof DomainError ? to : { ...dated, to };
    }),
  );
}

/**
 * Deaths, moves and disability changes of many persons (permission registry.write, each person in the
 * jurisdiction). Returns one outcome per change, in order. `reference` names the batch in the audit log.
 */
export async function changePersons(db: RegistryDb, actor: Actor, batch: { reference: string; changes: readonly PersonChange[] }): Promise<ChangeOutcome[]> {
  const checked = await prechecked(db, batch.changes);
  const request = { permission: 'registry.write' as const, action: 'registry.persons.change', entityType: 'person_batch', reference: batch.reference };
  return guardedBatch(db, actor, request, async (trx, scope) => {
    const ids = [...new Set(checked.flatMap((c) => (c instanceof DomainError ? [] : [c.personId])))].sort((a, b) => a - b);
    const rows = await lockPersons(trx, ids);
    const events: DomainEvent[] = [];
    const changed = new Set<number>();
    const outcomes = checked.map((c): ChangeOutcome => {
      if (c instanceof DomainError) return c;
      const row = rows.get(c.personId);
      if (!row) return notFound('REGISTRY_PERSON_NOT_FOUND', `人员 ${c.personId} 不存在`);
      if (!scope.allows(c.personId, [row.hukou_division, row.residence_division])) return outOfJurisdiction();
      const event = outcomeOf(() => apply(c, row));
      if (event instanceof DomainError) {
        if (c.kind === 'death' && c.source && row.death_date && event.code === 'REGISTRY_PERSON_ALREADY_DEAD') events.push(reportedAgain(c, row));
        return event;
      }
      events.push(event);
      changed.add(row.id);
      return 'recorded';
    });
    const updates = [...changed]
      .map((id) => rows.get(id) as PersonRow)
      .map((r) => ({ id: r.id, death_date: r.death_date, disability_grade: r.disability_grade, disability_category: r.disability_category, residence_division: r.residence_division }));
    for (let i = 0; i < updates.length; i += CHUNK) {
      await sql`update registry.persons as p
        set death_date = x.death_date, disability_grade = x.disability_grade, disability_category = x.disability_category, residence_division = x.residence_division, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + CHUNK))}::jsonb) as x(id bigint, death_date date, disability_grade smallint, disability_category text, residence_division text)
        where p.id = x.id`.execute(trx);
    }
    // The households of the dead, once their rows say dead (a member dying in the same batch is not left behind).
    const deaths = events.filter((e) => e.topic === 'registry.person.died').map((e) => ({ personId: e.payload.personId as number, deathDate: e.payload.deathDate as IsoDate }));
    const households = await endMembershipsOnDeath(trx, deaths);
    for (const e of events) if (e.topic === 'registry.person.died') Object.assign(e.payload, households.get(e.payload.personId as number));
    await emitEvents(trx, events);
    const done = checked.flatMap((c, i) => (outcomes[i] === 'recorded' && !(c instanceof DomainError) ? [described(c)] : []));
    const rejected = batch.changes.flatMap((c, i) => {
      const outcome = outcomes[i];
      return outcome instanceof DomainError ? [{ personId: c.personId, kind: c.kind, code: outcome.code }] : [];
    });
    return { result: outcomes, detail: { changes: done, rejected } };
  });
}
