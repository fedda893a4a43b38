/**
 * Telling "the database is away" (restart, failover, network) from "the statement was wrong": the first is
 * worth waiting out and answering 503, the second is a bug or bad input. Kysely passes pg's errors through.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

// SQLSTATE classes: 08 connection exception; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
// connect now (starting up / shutting down).
const CONNECTION_STATES = /^(08...|57P0[123])$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
// pg and pg-pool say it in words only.
const CONNECTION_MESSAGES = ['Connection terminated', 'is not queryable', 'timeout exceeded when trying to connect', 'terminating connection', 'the database system is', 'Client has encountered a connection error'];

/** Whether `error` (or its cause, or one of an AggregateError's errors) means the connection to the database was lost or refused. */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_STATES.test(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return isConnectionError(e.cause, depth + 1);
}

/** Whether the database answers `select 1` within `timeoutMs`. */
export async function databaseAnswers(db: QueryExecutorProvider, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      sql`select 1`.execute(db).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface OutageOptions {
  /** Gives up after this long without the database (default 10 minutes): a job then fails visibly instead of waiting for ever. */
  maxWaitMs?: number;
  /** Called once per lost connection, before waiting (logging). */
  onLost?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `work` again when it failed because the connection was lost, once the database answers again.
 * Only for work that is safe to repeat (idempotent or resumable: a payment run, a screening run, a dispatch).
 */
export async function retryAfterOutage<T>(db: QueryExecutorProvider, work: (attempt: number) => Promise<T>, options: OutageOptions = {}): Promise<T> {
  const maxWaitMs = options.maxWaitMs ?? 600_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      options.onLost?.(error, attempt);
      if (!(await waitForDatabase(db, maxWaitMs))) throw error;
    }
  }
}

/** Polls `select 1` with a backoff from 100 ms to 2 s; false if the database stayed away for `maxWaitMs`. */
export async function waitForDatabase(db: QueryExecutorProvider, maxWaitMs = 600_000): Promise<boolean> {
  const deadline = Date.now() + maxWaitMs;
  for (let delay = 100; Date.now() < deadline; delay = Math.min(delay * 2, 2000)) {
    if (await databaseAnswers(db, Math.min(2000, Math.max(1, deadline - Date.now())))) return true;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return false;
}
