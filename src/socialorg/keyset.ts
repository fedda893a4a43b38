/**
 * Keyset pages for the registrar's lists (credit-list entries, penalties), newest first by (date, id): a page
 * continues strictly below the last row seen, so a list of any length is read page by page at the same cost, and
 * rows written meanwhile neither repeat nor shift the pages. The cursor is the last row's `date~id`.
 */
import { Type } from 'typebox';
import { invalid, isValidDate, type IsoDate } from '../kernel/index.js';

export interface Cursor {
  date: IsoDate;
  id: number;
}

export const PAGE_DEFAULT = 100;
export const PAGE_MAX = 500;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, description: `每页条数（默认 ${PAGE_DEFAULT}）` })),
  cursor: Type.Optional(Type.String({ maxLength: 40, description: '上一页的 nextCursor' })),
};

export const encodeCursor = (c: Cursor): string => `${c.date}~${c.id}`;

export function parseCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})~([1-9]\d{0,15})$/.exec(text);
  if (!m || !isValidDate(m[1] as string) || !Number.isSafeInteger(Number(m[2]))) throw invalid('SOCIALORG_INVALID_CURSOR', '翻页参数无效，请从第一页重新查询');
  return { date: m[1] as IsoDate, id: Number(m[2]) };
}

/** The page's rows (one more was read to know whether another page follows) and the cursor of the next page. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => Cursor): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(key(items[items.length - 1] as T)) };
}
