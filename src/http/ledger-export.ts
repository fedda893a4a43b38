/**
 * The one Excel writer for ledgers (台账): every list staff keep is exported through here, so every file has
 * the same shape — the list on the first sheet, and a second sheet「导出说明」saying who exported it, when
 * (Shanghai time), for what purpose and with which filters — and every export is audited and throttled the same way.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { appendAudit, type AccessTables, type Actor } from '../access/index.js';
import { formatShanghaiDateTime, maskIdNumber, type Fen } from '../kernel/index.js';
import { actorOf, requireStepUp } from './auth.js';
import { ErrorBody, errorResponses } from './schemas.js';

export type LedgerCell = string | number | boolean | null | undefined;

/**
 * How a column is written: `fen` holds integer fen and is shown in yuan; `idNumber` is masked exactly as the
 * list views mask it (a full number is never written, whatever the caller passes); `date` is a calendar date text.
 */
export type LedgerKind = 'text' | 'integer' | 'fen' | 'date' | 'datetime' | 'idNumber' | 'yesNo';

export interface LedgerColumn<R> {
  header: string;
  kind?: LedgerKind;
  width?: number;
  value: (row: R) => LedgerCell | Date;
}

export interface LedgerDefinition<R> {
  /** The list's audit name, e.g. `assistance.cases`. */
  list: string;
  /** Its Chinese name, the sheet's title and the file's name, e.g. 救助案件台账. */
  title: string;
  columns: readonly LedgerColumn<R>[];
  /** Whether the file holds personal data: then a purpose and a recent step-up are required. */
  personal: boolean;
}

/** A filter as the person chose it, in words: 状态 = 已批准. */
export interface LedgerFilter {
  label: string;
  value: string;
}

export interface LedgerContent<R> {
  filters: readonly LedgerFilter[];
  /** The rows, one page at a time: a large list is read page by page, never all at once. */
  rows: AsyncIterable<readonly R[]> | readonly R[];
}

export interface LedgerMeta {
  exportedBy: string;
  at: Date;
  purpose?: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;
// XML 1.0 cannot hold these: a name with a NUL would make the whole file unreadable.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this removes.
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * A text cell as the file holds it. The cell is a string cell and its column is typed as text, so Excel never
 * runs it; a leading apostrophe is added too, so a cell copied into a CSV or re-entered stays inert (as csv.ts does).
 */
export function ledgerText(value: string): string {
  const clean = value.replace(XML_UNSAFE, '');
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}

function cellValue(kind: LedgerKind, value: LedgerCell | Date): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'fen':
      // Yuan as a number, for display and SUM; the integer fen in the database stay the truth.
      return typeof value === 'number' ? (value as Fen) / 100 : ledgerText(String(value));
    case 'integer':
      return typeof value === 'number' ? value : ledgerText(String(value));
    case 'idNumber':
      return ledgerText(String(value).includes('*') ? String(value) : maskIdNumber(String(value)));
    case 'yesNo':
      return value === true ? '是' : value === false ? '否' : ledgerText(String(value));
    case 'datetime':
      return value instanceof Date ? formatShanghaiDateTime(value) : ledgerText(String(value).includes('T') ? formatShanghaiDateTime(new Date(String(value))) : String(value));
    default:
      return value instanceof Date ? formatShanghaiDateTime(value) : ledgerText(String(value));
  }
}

const NUMBER_FORMAT: Partial<Record<LedgerKind, string>> = { fen: '#,##0.00', integer: '0' };

async function* pages<R>(rows: AsyncIterable<readonly R[]> | readonly R[]): AsyncIterable<readonly R[]> {
  if (Symbol.asyncIterator in rows) yield* rows as AsyncIterable<readonly R[]>;
  else yield rows as readonly R[];
}

/** The .xlsx file and how many rows it holds. Rows are committed as they come, so a page at a time is in memory. */
export async function ledgerWorkbook<R>(definition: LedgerDefinition<R>, content: LedgerContent<R>, meta: LedgerMeta): Promise<{ body: Buffer; rowCount: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  workbook.creator = meta.exportedBy;
  workbook.created = meta.at;
  const sheet = workbook.addWorksheet(definition.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = definition.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2), style: { numFmt: NUMBER_FORMAT[c.kind ?? 'text'] ?? '@' } }));
  sheet.getRow(1).font = { bold: true };
  let rowCount = 0;
  for await (const page of pages(content.rows)) {
    for (const row of page) {
      sheet.addRow(definition.columns.map((c) => cellValue(c.kind ?? 'text', c.value(row)))).commit();
      rowCount++;
    }
  }
  sheet.commit();
  const about = workbook.addWorksheet('导出说明');
  about.columns = [{ width: 16 }, { width: 60 }];
  const aboutRows: [string, string][] = [
    ['台账', definition.title],
    ['导出人', meta.exportedBy],
    ['导出时间', `${formatShanghaiDateTime(meta.at)}（北京时间）`],
    ['导出用途', meta.purpose ?? '—'],
    ['记录数', `${rowCount} 条`],
    ['筛选条件', content.filters.length ? '' : '无（辖区内全部记录）'],
    ...content.filters.map((f): [string, string] => [`　${f.label}`, f.value]),
  ];
  for (const [name, value] of aboutRows) about.addRow([ledgerText(name), ledgerText(value)]).commit();
  about.getColumn(2).numFmt = '@';
  about.commit();
  await workbook.commit();
  return { body: Buffer.concat(chunks), rowCount };
}

/** `attachment; filename*=UTF-8''…` (RFC 5987) with an ASCII fallback, for the Chinese file name. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The query fields every export takes besides the list's own filters. */
export const PurposeField = Type.String({ minLength: 2, maxLength: 200, description: '导出用途（记入审计日志）' });

export const LedgerFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'Excel 台账（.xlsx）：第一页为清单，第二页「导出说明」记导出人、时间、用途与筛选条件' });

/** Error answers of an export: the list's own, and 429 when the user's export quota is used up. */
export const ledgerErrors = { ...errorResponses, 429: ErrorBody };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counted against the user's ledger-export quota (throttle.ts). */
    ledgerExport?: boolean;
  }
}

/** The route options every export shares: counted against the export quota. */
export const ledgerRouteConfig = { ledgerExport: true } as const;

/** The acting user of an export: a file with personal data needs a purpose and a recent step-up, like the bank file. */
export function ledgerActor(request: FastifyRequest, definition: Pick<LedgerDefinition<unknown>, 'personal'>): Actor {
  return definition.personal ? requireStepUp(request) : actorOf(request);
}

export interface LedgerSend<R> extends LedgerContent<R> {
  db: Kysely<AccessTables>;
  actor: Actor;
  purpose?: string;
}

/**
 * Writes the file, audits the export (`ledger.export`: which list, the filters, the row count, the purpose) and
 * sends it. The list's own read checks (permission, jurisdiction) happen in `rows`, before anything is sent.
 */
export async function sendLedger<R>(reply: FastifyReply, definition: LedgerDefinition<R>, send: LedgerSend<R>): Promise<FastifyReply> {
  const at = new Date();
  const { body, rowCount } = await ledgerWorkbook(definition, send, { exportedBy: `${send.actor.displayName}（${send.actor.username}）`, at, purpose: send.purpose });
  await appendAudit(send.db, {
    actor: send.actor,
    action: 'ledger.export',
    entityType: 'ledger',
    entityId: definition.list,
    purpose: send.purpose,
    result: 'ok',
    detail: { list: definition.title, filters: Object.fromEntries(send.filters.map((f) => [f.label, f.value])), rows: rowCount },
  });
  const stamp = formatShanghaiDateTime(at).replace(/[-: ]/g, '').slice(0, 12);
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachmentDisposition(`${definition.title}_${stamp}.xlsx`))
    .header('x-row-count', String(rowCount))
    .send(body);
}

/** Pages of a keyset-paged list: `next` is called with the previous page's cursor until it returns none. */
export async function* pagesOf<T, C>(first: C | undefined, fetch: (cursor: C | undefined) => Promise<{ items: readonly T[]; next: C | null | undefined }>, maxRows = 100_000): AsyncIterable<readonly T[]> {
  let cursor = first;
  let seen = 0;
  for (;;) {
    const page = await fetch(cursor);
    yield page.items;
    seen += page.items.length;
    if (page.next === null || page.next === undefined || seen >= maxRows || page.items.length === 0) return;
    cursor = page.next;
  }
}
