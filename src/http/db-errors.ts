/**
 * Database errors caused by the data a request sent, as a 4xx: a value out of a column's range (an id of 2^40
 * into an int4), text too long for an index, a unique or foreign-key conflict. They used to surface as 500.
 * The answer names no table, column, constraint or SQL: PostgreSQL's message does, so it stays in the log.
 * Connection and server failures are not data errors and fall through to the caller.
 */
export interface DatabaseDataErrorReply {
  status: 400 | 409;
  code: string;
  message: string;
}

/** SQLSTATE of an error thrown by node-postgres or PGlite, when it is one. */
function sqlState(error: unknown): string | null {
  if (!error || typeof error !== 'object') return null;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : null;
}

export function databaseDataErrorReply(error: unknown): DatabaseDataErrorReply | null {
  const state = sqlState(error);
  if (!state) return null;
  // 23505 unique, 23P01 exclusion: the record exists already; 23503 foreign key: it refers to, or is referred to by, another.
  if (state === '23505' || state === '23P01') return { status: 409, code: 'DATA_CONFLICT', message: '与已有记录冲突，请核对后重试' };
  if (state === '23503') return { status: 409, code: 'DATA_REFERENCE_CONFLICT', message: '所引用的记录不存在或仍被其他记录引用' };
  // Class 22 (data exception: out of range, bad text, bad date), 23502 not null, 23514 check; 54000 index row too large.
  if (state.startsWith('22') || state === '23502' || state === '23514' || state === '54000') return { status: 400, code: 'DATA_INVALID', message: '数据超出允许范围或格式不正确' };
  return null;
}
