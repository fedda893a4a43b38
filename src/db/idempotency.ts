/**
 * Idempotency keys (issue 22): "a retried request never acts twice".
 *
 * The HTTP layer (http/idempotency.ts) opens a scope for a request that carries `Idempotency-Key`; the module
 * that acts calls `claimIdempotencyKey(trx)` as the first statement of its transaction. The claim is a row in
 * `core.idempotency_keys` written in that transaction, so it exists exactly when the action committed:
 *   - a retry after the answer was lost (a cut connection, a server killed after the commit) finds the row and
 *     gets the stored answer again, or, if the process died between the commit and storing the answer, a 409
 *     saying the request was carried out;
 *   - two copies sent at once: the second's insert waits on the first's uncommitted row (the primary key) and,
 *     once that commits, finds it and does nothing (`IdempotencyClaimTaken`), its transaction rolled back;
 *   - an action refused (4xx) or failed rolls its claim back with it: sending it again tries again.
 * Work outside a scope (the CLI, jobs, a request without the header) claims nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { CoreTables } from './core-tables.js';

export interface IdempotencyScope {
  /** Who sent it (`staff:<user id>`): keys of different callers never meet. */
  principal: string;
  key: string;
  /** SHA-256 of method, route, parameters and body: the same key with another request is refused. */
  fingerprint: string;
  route: string;
  /** Set once the row is written in the acting transaction. */
  claimed: boolean;
}

/** The claim was taken by a copy of this request that committed first: nothing was done, replay its answer. */
export class IdempotencyClaimTaken extends Error {
  constructor(readonly scope: IdempotencyScope) {
    super('idempotency key already claimed by a committed request');
    this.name = 'IdempotencyClaimTaken';
  }
}

const storage = new AsyncLocalStorage<IdempotencyScope>();

export function runWithIdempotency<T>(scope: IdempotencyScope, work: () => T): T {
  return storage.run(scope, work);
}

export function currentIdempotency(): IdempotencyScope | undefined {
  return storage.getStore();
}

// biome-ignore lint/suspicious/noExplicitAny: any module's transaction handle; only core.idempotency_keys is used.
type AnyTrx = Kysely<any>;

/**
 * Claims the request's key inside the acting transaction (call it before the transaction's first change). No
 * scope, or already claimed by this request: nothing. A committed claim by an earlier copy: `IdempotencyClaimTaken`.
 */
export async function claimIdempotencyKey(trx: AnyTrx): Promise<void> {
  const scope = storage.getStore();
  if (!scope || scope.claimed) return;
  const inserted = await sql<{ key: string }>`
    insert into core.idempotency_keys (principal, key, fingerprint, route)
    values (${scope.principal}, ${scope.key}, ${scope.fingerprint}, ${scope.route})
    on conflict (principal, key) do nothing
    returning key`.execute(trx);
  if (inserted.rows.length === 0) throw new IdempotencyClaimTaken(scope);
  scope.claimed = true;
}

export interface StoredRequest {
  fingerprint: string;
  route: string;
  statusCode: number | null;
  answer: unknown;
  createdAt: Date;
}

const keys = (db: Kysely<CoreTables>) => db;

export async function findIdempotencyKey(db: Kysely<CoreTables>, principal: string, key: string): Promise<StoredRequest | null> {
  const row = await keys(db).selectFrom('core.idempotency_keys').select(['fingerprint', 'route', 'status_code', 'answer', 'created_at']).where('principal', '=', principal).where('key', '=', key).executeTakeFirst();
  return row ? { fingerprint: row.fingerprint, route: row.route, statusCode: row.status_code, answer: row.answer, createdAt: new Date(row.created_at) } : null;
}

/**
 * Stores the answer of a request that acted. A claimed key gets its answer on the row its transaction wrote; an
 * unclaimed one (a route whose module does not claim) gets a row now, after the fact: a retry of a request that
 * was answered replays the answer, but two copies sent at the same moment are not kept apart.
 */
export async function storeIdempotentAnswer(db: Kysely<CoreTables>, scope: IdempotencyScope, statusCode: number, answer: unknown): Promise<void> {
  const value = JSON.stringify(answer ?? null);
  if (scope.claimed) {
    await keys(db).updateTable('core.idempotency_keys').set({ status_code: statusCode, answer: value, answered_at: sql`now()` }).where('principal', '=', scope.principal).where('key', '=', scope.key).execute();
    return;
  }
  await keys(db)
    .insertInto('core.idempotency_keys')
    .values({ principal: scope.principal, key: scope.key, fingerprint: scope.fingerprint, route: scope.route, status_code: statusCode, answer: value, answered_at: sql`now()` })
    .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
    .execute();
}

/** Keys older than `hours` are forgotten (the hourly job; a key is for retries, not for ever). Returns how many. */
export async function purgeIdempotencyKeys(db: Kysely<CoreTables>, hours: number): Promise<number> {
  const gone = await keys(db).deleteFrom('core.idempotency_keys').where('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`).executeTakeFirst();
  return Number(gone.numDeletedRows);
}
