/**
 * Reading a department's batch file: NDJSON (one JSON object per line) or CSV (RFC 4180, first line = field
 * names, UTF-8 with or without BOM). A record that can't be read becomes a row error; the others go on.
 * Row numbers are line numbers in the file as an editor or spreadsheet shows them (CSV header = line 1).
 * Shared by every import of other departments' files (monitoring's facts, social organisations' penalties and
 * court lists), so a file that one import accepts reads the same in another.
 */
import { eachCsvRecord } from './csv.js';

export type RawValue = string | number | boolean | null;
export type RawRecord = Record<string, RawValue>;

export interface BatchRowError {
  row: number;
  field: string;
  message: string;
}

export interface ParsedRow {
  row: number;
  record: RawRecord;
}

export interface ParsedFile {
  rows: ParsedRow[];
  errors: BatchRowError[];
  /** Lines with content (data rows, readable or not). */
  count: number;
}

export type BatchFormat = 'ndjson' | 'csv';

export function parseBatchFile(content: string, format: BatchFormat): ParsedFile {
  const rows: ParsedRow[] = [];
  const { errors, count } = readBatchFile(content, format, (row) => rows.push(row));
  return { rows, errors, count };
}

/**
 * The same reading, each good row handed to `onRow` as it is read instead of kept: a million-row import checks
 * and drops each record before the next is made (the kept list cost more in garbage collection than the checks).
 */
export function readBatchFile(content: string, format: BatchFormat, onRow: (row: ParsedRow) => void): Omit<ParsedFile, 'rows'> {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  return format === 'csv' ? readCsv(text, onRow) : readNdjson(text, onRow);
}

function readNdjson(text: string, onRow: (row: ParsedRow) => void): Omit<ParsedFile, 'rows'> {
  const errors: BatchRowError[] = [];
  let count = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    count++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ row: i + 1, field: '', message: '该行不是有效的 JSON' });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ row: i + 1, field: '', message: '每行须为一个 JSON 对象' });
      continue;
    }
    const record: RawRecord = {};
    let nested = '';
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') record[key] = v;
      else nested = key;
    }
    if (nested) errors.push({ row: i + 1, field: nested, message: '字段值须为字符串、数字、布尔值或 null，不能嵌套' });
    else onRow({ row: i + 1, record });
  }
  return { errors, count };
}

function readCsv(text: string, onRow: (row: ParsedRow) => void): Omit<ParsedFile, 'rows'> {
  const errors: BatchRowError[] = [];
  const records = eachCsvRecord(text);
  const first = records.next();
  if (first.done) return { errors, count: 0 };
  const header = first.value;
  const names = header.fields.map((f) => f.trim());
  const duplicate = names.find((n, i) => n === '' || names.indexOf(n) !== i);
  let count = 0;
  if (duplicate !== undefined) {
    errors.push({ row: header.line, field: duplicate, message: duplicate === '' ? '表头有空字段名' : `表头字段重复：${duplicate}` });
    for (const _ of records) count++;
    return { errors, count };
  }
  for (const r of records) {
    count++;
    if (r.unterminated) {
      errors.push({ row: r.line, field: '', message: '引号未闭合' });
      continue;
    }
    if (r.fields.length !== names.length) {
      errors.push({ row: r.line, field: '', message: `字段数为 ${r.fields.length}，与表头的 ${names.length} 个不符` });
      continue;
    }
    const record: RawRecord = {};
    for (let i = 0; i < names.length; i++) {
      const v = r.fields[i].trim();
      record[names[i]] = v === '' ? null : v;
    }
    onRow({ row: r.line, record });
  }
  return { errors, count };
}
