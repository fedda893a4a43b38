/**
 * Parses the registry's policy rows (COPY text format, POLICY_ROW_COLUMNS of src/registry) straight into
 * a PopulationBuilder (birth days become the kernel's yyyymmdd). Every field is an integer, so the parser works on bytes: no string, no array and
 * no object per row, and a chunk may end anywhere (the state carries over to the next chunk).
 */
import type { PopulationBuilder } from './population.js';

const FIELDS = 13;
const TAB = 9;
const NEWLINE = 10;
const MINUS = 45;
const ZERO = 48;

export class PolicyRowParser {
  private readonly row = new Float64Array(FIELDS);
  private field = 0;
  private value = 0;
  private negative = false;
  private currentHousehold = -1;
  rows = 0;

  constructor(readonly builder: PopulationBuilder) {}

  push(chunk: Uint8Array): void {
    const row = this.row;
    let field = this.field;
    let value = this.value;
    let negative = this.negative;
    for (let k = 0; k < chunk.length; k++) {
      const b = chunk[k];
      if (b >= ZERO && b <= ZERO + 9) {
        value = value * 10 + (b - ZERO);
      } else if (b === TAB || b === NEWLINE) {
        if (field >= FIELDS) throw new Error(`policy row ${this.rows + 1}: more than ${FIELDS} fields`);
        row[field++] = negative ? -value : value;
        value = 0;
        negative = false;
        if (b === NEWLINE) {
          if (field !== FIELDS) throw new Error(`policy row ${this.rows + 1}: ${field} fields, expected ${FIELDS}`);
          this.commit();
          field = 0;
        }
      } else if (b === MINUS) {
        negative = true;
      } else {
        throw new Error(`policy row ${this.rows + 1}: unexpected byte ${b} (a NULL or a non-integer field)`);
      }
    }
    this.field = field;
    this.value = value;
    this.negative = negative;
  }

  /** Throws when the stream ended in the middle of a row. */
  end(): void {
    if (this.field !== 0 || this.value !== 0) throw new Error('policy rows ended in the middle of a row');
  }

  private commit(): void {
    const r = this.row;
    this.rows++;
    // Rows come ordered by household: a new id starts a household (household fields repeat on each row).
    if (r[0] !== this.currentHousehold) {
      this.currentHousehold = r[0];
      this.builder.beginHousehold(r[0], r[1], r[11], r[12]);
    }
    this.builder.addMember(r[2], ymdFromDays(r[3]), r[4], r[5], r[6], r[7], r[8], r[9], r[10]);
  }
}

/** Days since 1970-01-01 → yyyymmdd (H. Hinnant's civil_from_days, proleptic Gregorian). */
export function ymdFromDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 10_000 + month * 100 + day;
}

/** Reads a whole stream of chunks; `onChunk` sees the running household count (for progress). */
export async function parsePolicyRows(chunks: AsyncIterable<Uint8Array>, builder: PopulationBuilder, onChunk?: (households: number) => void | Promise<void>): Promise<number> {
  const parser = new PolicyRowParser(builder);
  for await (const chunk of chunks) {
    parser.push(chunk);
    if (onChunk) await onChunk(builder.households);
  }
  parser.end();
  return parser.rows;
}
