/**
 * What a screen writes: one row per eligible household (household programmes) or eligible member (person
 * programmes), the household-level current results, and per district and programme the recipients and
 * the monthly cost. All walk the kernel's typed arrays directly.
 */
import { BinaryCopyWriter } from '../db/index.js';
import type { ProgrammeColumns } from './compile.js';
import type { Population } from './population.js';
import type { Programme } from './programme.js';

export interface DistrictSummary {
  district: string;
  programme: string;
  /** Households with at least one recipient. */
  households: number;
  /** Recipients: every member of an eligible household, or each eligible member. */
  persons: number;
  monthlyAmountFen: number;
}

export interface ResultRows {
  /** Binary COPY stream (db/copy-binary.ts), about 1 MB per chunk. */
  readonly chunks: Iterable<Uint8Array>;
  /** Rows produced so far (all of them once `chunks` was consumed). */
  count(): number;
}

/** What one household of one programme writes: `code` is the household's division as UTF-8, `name` the programme's. */
type HouseholdWriter = (w: BinaryCopyWriter, h: number, programme: Programme, o: ProgrammeColumns, name: Buffer, code: Buffer) => void;

/** Walks programmes × households, letting `write` add rows, and hands the COPY stream out a buffer at a time. */
function binaryRows(p: Population, programmes: readonly Programme[], outputs: Record<string, ProgrammeColumns>, write: HouseholdWriter): ResultRows {
  const w = new BinaryCopyWriter();
  // UTF-8 bytes of each distinct division code (a few thousand committees, millions of rows).
  const codes = new Map<number, Buffer>();
  function* chunks(): Generator<Uint8Array> {
    for (const programme of programmes) {
      const o = outputs[programme.id];
      const name = Buffer.from(programme.id);
      for (let h = 0; h < p.columns.householdCount; h++) {
        const division = p.divisionCodes[h];
        let code = codes.get(division);
        if (!code) codes.set(division, (code = Buffer.from(String(division))));
        write(w, h, programme, o, name, code);
        if (w.ready) yield* w.take();
      }
    }
    yield* w.end();
  }
  return { chunks: chunks(), count: () => w.count };
}

/** policy.screen_results (run_id, household_id, division_code, programme, member_id, eligible, monthly_amount_fen, fail_mask). */
export const RESULT_COPY = 'copy policy.screen_results (run_id, household_id, division_code, programme, member_id, eligible, monthly_amount_fen, fail_mask) from stdin with (format binary)';

export function resultRows(runId: number, p: Population, programmes: readonly Programme[], outputs: Record<string, ProgrammeColumns>): ResultRows {
  const off = p.columns.memberOffsets;
  return binaryRows(p, programmes, outputs, (w, h, programme, o, name, code) => {
    if (programme.unit === 'household') {
      if (o.eligible[h] === 1) w.row(8).int8(runId).int8(p.householdIds[h]).bytes(code).bytes(name).null().bool(true).int8(o.amountFen[h]).int4(o.failMask[h]);
      return;
    }
    for (let i = off[h]; i < off[h + 1]; i++) {
      if (o.eligible[i] === 1) w.row(8).int8(runId).int8(p.householdIds[h]).bytes(code).bytes(name).int8(p.memberIds[i]).bool(true).int8(o.amountFen[i]).int4(o.failMask[i]);
    }
  });
}

/** policy.current_staging (run_id, programme, household_id, division_code, member_ids, monthly_amount_fen). */
export const CURRENT_COPY = 'copy policy.current_staging (run_id, programme, household_id, division_code, member_ids, monthly_amount_fen) from stdin with (format binary)';

/**
 * policy.current_staging rows: one per household and programme it qualifies for, the eligible members of
 * a person programme gathered (ascending) and their amounts added — household_results' rows.
 */
export function currentRows(runId: number, p: Population, programmes: readonly Programme[], outputs: Record<string, ProgrammeColumns>): ResultRows {
  const off = p.columns.memberOffsets;
  const members: number[] = [];
  return binaryRows(p, programmes, outputs, (w, h, programme, o, name, code) => {
    if (programme.unit === 'household') {
      if (o.eligible[h] === 1) w.row(6).int8(runId).bytes(name).int8(p.householdIds[h]).bytes(code).null().int8(o.amountFen[h]);
      return;
    }
    members.length = 0;
    let amount = 0;
    for (let i = off[h]; i < off[h + 1]; i++) {
      if (o.eligible[i] !== 1) continue;
      members.push(p.memberIds[i]);
      amount += o.amountFen[i];
    }
    if (members.length === 0) return;
    members.sort((a, b) => a - b);
    w.row(6).int8(runId).bytes(name).int8(p.householdIds[h]).bytes(code).int8Array(members).int8(amount);
  });
}

export function summarise(p: Population, programmes: readonly Programme[], outputs: Record<string, ProgrammeColumns>): DistrictSummary[] {
  const c = p.columns;
  const off = c.memberOffsets;
  const out: DistrictSummary[] = [];
  for (const programme of programmes) {
    const o = outputs[programme.id];
    const households = new Float64Array(c.districts.length);
    const persons = new Float64Array(c.districts.length);
    const amount = new Float64Array(c.districts.length);
    for (let h = 0; h < c.householdCount; h++) {
      const d = c.districtIndex[h];
      if (programme.unit === 'household') {
        if (o.eligible[h] !== 1) continue;
        households[d]++;
        persons[d] += off[h + 1] - off[h];
        amount[d] += o.amountFen[h];
      } else {
        let recipients = 0;
        for (let i = off[h]; i < off[h + 1]; i++) {
          if (o.eligible[i] !== 1) continue;
          recipients++;
          amount[d] += o.amountFen[i];
        }
        persons[d] += recipients;
        if (recipients > 0) households[d]++;
      }
    }
    c.districts.forEach((code, d) => {
      out.push({ district: code, programme: programme.id, households: households[d], persons: persons[d], monthlyAmountFen: amount[d] });
    });
  }
  return out;
}
