/**
 * What a screen writes: one COPY line per eligible household (household programmes) or eligible member
 * (person programmes), and per district and programme the recipients and the monthly cost. Both walk
 * the kernel's typed arrays directly.
 */
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

export interface ResultLines {
  /** COPY text for policy.screen_results, in chunks of about 256 KB. */
  readonly chunks: Iterable<string>;
  /** Lines produced so far (all of them once `chunks` was consumed). */
  count(): number;
}

export function resultLines(runId: number, p: Population, programmes: readonly Programme[], outputs: Record<string, ProgrammeColumns>): ResultLines {
  let count = 0;
  function* chunks(): Generator<string> {
    const off = p.columns.memberOffsets;
    let buffer = '';
    for (const programme of programmes) {
      const o = outputs[programme.id];
      const tail = `\t${programme.id}\t`;
      for (let h = 0; h < p.columns.householdCount; h++) {
        const head = `${runId}\t${p.householdIds[h]}\t${p.divisionCodes[h]}${tail}`;
        if (programme.unit === 'household') {
          if (o.eligible[h] !== 1) continue;
          buffer += `${head}\\N\tt\t${o.amountFen[h]}\t${o.failMask[h]}\n`;
          count++;
        } else {
          for (let i = off[h]; i < off[h + 1]; i++) {
            if (o.eligible[i] !== 1) continue;
            buffer += `${head}${p.memberIds[i]}\tt\t${o.amountFen[i]}\t${o.failMask[i]}\n`;
            count++;
          }
        }
        if (buffer.length >= 256 * 1024) {
          yield buffer;
          buffer = '';
        }
      }
    }
    if (buffer) yield buffer;
  }
  return { chunks: chunks(), count: () => count };
}

/**
 * COPY text for policy.current_staging: one line per household and programme it qualifies for, the eligible
 * members of a person programme gathered (ascending) and their amounts added — household_results' rows.
 */
export function currentLines(runId: number, p: Population, programmes: readonly Programme[], outputs: Record<string, ProgrammeColumns>): ResultLines {
  let count = 0;
  function* chunks(): Generator<string> {
    const off = p.columns.memberOffsets;
    let buffer = '';
    const members: number[] = [];
    for (const programme of programmes) {
      const o = outputs[programme.id];
      const tail = `\t${programme.id}\t`;
      for (let h = 0; h < p.columns.householdCount; h++) {
        if (programme.unit === 'household') {
          if (o.eligible[h] !== 1) continue;
          buffer += `${runId}${tail}${p.householdIds[h]}\t${p.divisionCodes[h]}\t\\N\t${o.amountFen[h]}\n`;
          count++;
        } else {
          members.length = 0;
          let amount = 0;
          for (let i = off[h]; i < off[h + 1]; i++) {
            if (o.eligible[i] !== 1) continue;
            members.push(p.memberIds[i]);
            amount += o.amountFen[i];
          }
          if (members.length === 0) continue;
          members.sort((a, b) => a - b);
          buffer += `${runId}${tail}${p.householdIds[h]}\t${p.divisionCodes[h]}\t{${members.join(',')}}\t${amount}\n`;
          count++;
        }
        if (buffer.length >= 256 * 1024) {
          yield buffer;
          buffer = '';
        }
      }
    }
    if (buffer) yield buffer;
  }
  return { chunks: chunks(), count: () => count };
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
