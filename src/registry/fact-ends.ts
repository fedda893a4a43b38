/**
 * Ends many persons' current facts of one kind at once, e.g. the wages of everyone a department reports out
 * of work. Each end closes, on its day, every current fact of the kind open that day (valid_from < day and
 * no valid_to or a later one) with the row correctFact writes: a correction that supersedes it, with the
 * reason, its own correction batch and a `registry.fact.corrected` event. One transaction, one audit entry.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { conflict, DomainError, invalid, isValidDate, notFound, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { guardedBatch, outcomeOf, outOfJurisdiction } from './batch-guard.js';
import { validateFact } from './fact-rules.js';
import { emitEvents, type RegistryTrx } from './guard.js';
import type { FactAttributes, RegistryDb } from './model.js';
import { isUniqueViolation } from './person-rows.js';

export interface FactEnd {
  personId: number;
  /** The first day no longer covered (valid_to is exclusive). */
  on: IsoDate;
  /** Why the facts end; the trace of each correction. */
  reason: string;
}

/** How many facts the end closed (0: none was open that day), or why the registry refused it. */
export type EndOutcome = number | DomainError;

const CHUNK = 1000;

/** A current fact: stored (`id`), or a correction made earlier in this batch (`made`, its index). */
interface Current {
  id: number | null;
  made: number | null;
  personId: number;
  amountFen: number | null;
  attributes: FactAttributes | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

interface Correction {
  supersedes: Current;
  next: Current;
  reason: string;
}

/** The persons' divisions, and their current facts of the kind in listFacts' order, the facts locked. */
async function readCurrent(trx: RegistryTrx, ids: number[], kind: string) {
  const divisions = new Map<number, string[]>();
  const facts = new Map<number, Current[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (const p of await trx.selectFrom('registry.persons').select(['id', 'hukou_division', 'residence_division']).where('id', 'in', chunk).execute()) divisions.set(p.id, [p.hukou_division, p.residence_division]);
    const rows = await trx
      .selectFrom('registry.facts as f')
      .select(['f.id', 'f.subject_id', 'f.amount_fen', 'f.attributes', 'f.valid_from', 'f.valid_to'])
      .where('f.subject_type', '=', 'person')
      .where('f.subject_id', 'in', chunk)
      .where('f.kind', '=', kind)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
      // Locked in id order, so two batches (or a caseworker's correction) never wait on each other crosswise.
      .orderBy('f.id')
      .forUpdate()
      .execute();
    for (const r of rows) {
      const current: Current = { id: r.id, made: null, personId: r.subject_id, amountFen: r.amount_fen, attributes: r.attributes, validFrom: r.valid_from, validTo: r.valid_to };
      facts.set(r.subject_id, [...(facts.get(r.subject_id) ?? []), current]);
    }
  }
  for (const list of facts.values()) list.sort(byValidFrom);
  return { divisions, facts };
}

function precheck(end: FactEnd): FactEnd {
  const reason = (end.reason ?? '').trim();
  if (!reason) throw invalid('REGISTRY_REASON_REQUIRED', '更正事实须填写更正原因');
  if (!isValidDate(end.on)) throw invalid('REGISTRY_INVALID_DATE', `截止日期无效：${String(end.on)}`);
  return { personId: end.personId, on: end.on, reason };
}

/** Ends facts of `kind` (permission registry.write, each person in the jurisdiction); one outcome per end, in order. */
export async function endPersonFacts(db: RegistryDb, actor: Actor, batch: { reference: string; kind: string; ends: readonly FactEnd[] }): Promise<EndOutcome[]> {
  const { kind } = batch;
  const checked = batch.ends.map((end) => outcomeOf(() => precheck(end)));
  const request = { permission: 'registry.write' as const, action: 'registry.facts.end', entityType: 'fact_end_batch', reference: batch.reference };
  try {
    return await guardedBatch(db, actor, request, async (trx, scope) => {
      const ids = [...new Set(checked.flatMap((c) => (c instanceof DomainError ? [] : [c.personId])))].sort((a, b) => a - b);
      const { divisions, facts } = await readCurrent(trx, ids, kind);
      const corrections: Correction[] = [];
      const ended: { personId: number; on: IsoDate; reason: string; corrections: Correction[] }[] = [];
      const outcomes = checked.map((end): EndOutcome => {
        if (end instanceof DomainError) return end;
        const codes = divisions.get(end.personId);
        if (!codes) return notFound('REGISTRY_PERSON_NOT_FOUND', `人员 ${end.personId} 不存在`);
        if (!scope.allows(end.personId, codes)) return outOfJurisdiction();
        const current = facts.get(end.personId) ?? [];
        const open = current.filter((f) => f.validFrom < end.on && (f.validTo === null || f.validTo > end.on));
        const made = open.map((f): Correction => {
          const fact = validateFact({ subjectType: 'person', subjectId: end.personId, kind, amountFen: f.amountFen, attributes: f.attributes, validFrom: f.validFrom, validTo: end.on });
          const next: Current = { ...f, id: null, made: corrections.length, validTo: fact.validTo };
          corrections.push({ supersedes: f, next, reason: end.reason });
          return corrections[corrections.length - 1];
        });
        // A later end of the same person in this batch sees the corrections, as a later call would.
        const byCorrection = new Map(made.map((c) => [c.supersedes, c.next]));
        facts.set(end.personId, current.map((f) => byCorrection.get(f) ?? f).sort(byValidFrom));
        ended.push({ ...end, corrections: made });
        return made.length;
      });
      const events = await insertCorrections(trx, actor, kind, corrections);
      const detail = {
        kind,
        ends: ended.map((e) => ({ personId: e.personId, on: e.on, reason: e.reason, facts: e.corrections.map((c) => idOf(c.supersedes)), corrections: e.corrections.map((c) => idOf(c.next)) })),
        rejected: batch.ends.flatMap((e, i) => (outcomes[i] instanceof DomainError ? [{ personId: e.personId, on: e.on, code: (outcomes[i] as DomainError).code }] : [])),
      };
      await emitEvents(trx, events);
      return { result: outcomes, detail };
    });
  } catch (error) {
    // A caseworker corrected one of the facts meanwhile: the unique index on supersedes decides, as in correctFact.
    if (isUniqueViolation(error)) throw conflict('REGISTRY_FACT_ALREADY_CORRECTED', '该事实已被更正，请更正最新的记录');
    throw error;
  }
}

// listFacts' order: by valid_from, then id; corrections made here come after the stored facts, in the order made (their ids will).
const order = (f: Current) => (f.id !== null ? f.id : Number.MAX_SAFE_INTEGER / 2 + (f.made as number));
const byValidFrom = (a: Current, b: Current) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : order(a) - order(b));
const idOf = (f: Current) => f.id as number;

/** Draws the corrections' ids, writes their batches and rows; returns their events. */
async function insertCorrections(trx: RegistryTrx, actor: Actor, kind: string, corrections: Correction[]): Promise<DomainEvent[]> {
  if (!corrections.length) return [];
  const drawn = await sql<{ id: string | number }>`select nextval('registry.fact_id_seq') as id from generate_series(1, ${corrections.length})`.execute(trx);
  const ids = drawn.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  corrections.forEach((c, i) => (c.next.id = ids[i]));
  const source = `caseworker:${actor.username}`;
  for (let i = 0; i < corrections.length; i += CHUNK) {
    const chunk = corrections.slice(i, i + CHUNK);
    await trx
      .insertInto('registry.fact_batches')
      .values(chunk.map((c) => ({ id: `correction:${idOf(c.next)}`, source, row_count: 1 })))
      .execute();
    await trx
      .insertInto('registry.facts')
      .values(
        chunk.map((c) => ({
          id: idOf(c.next),
          subject_type: 'person' as const,
          subject_id: c.next.personId,
          kind,
          amount_fen: c.next.amountFen,
          attributes: c.next.attributes === null ? null : JSON.stringify(c.next.attributes),
          valid_from: c.next.validFrom,
          valid_to: c.next.validTo,
          source,
          batch_id: `correction:${idOf(c.next)}`,
          supersedes: idOf(c.supersedes),
          reason: c.reason,
        })),
      )
      .execute();
  }
  return corrections.map((c) => ({
    topic: 'registry.fact.corrected',
    key: String(c.next.id),
    payload: { factId: c.next.id, supersedes: c.supersedes.id, subjectType: 'person', subjectId: c.next.personId, kind },
  }));
}
