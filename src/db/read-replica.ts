/**
 * Heavy reads on a streaming replica (`DATABASE_READ_URL`, issue 22), without any module knowing.
 *
 * The Kysely instance of a PostgreSQL database with a replica routes each statement: only a plain SELECT,
 * outside a transaction, inside a request marked as a heavy read (figures, ledger exports, the public register:
 * http/read-routing.ts), goes to the replica, and only when the replica is fresh enough for the caller:
 * - read-your-writes: after a caller's write the primary's WAL position (`pg_current_wal_lsn()`) is kept; the
 *   caller's heavy reads stay on the primary until the replica has replayed that far (`pg_last_wal_replay_lsn()`);
 * - a request that wrote anything (an audit entry of the export, say) reads the rest of its answer from the primary;
 * - a replica that lags more than `maxLagMs`, cannot be reached, or is not a standby sends every read to the
 *   primary, with a warning when that starts and a note when it ends;
 * - a statement the replica fails (gone mid-request, a recovery conflict, a write it refused) runs again on the
 *   primary: a SELECT is safe to repeat and the replica refuses any write whole.
 * Everything else (writes, transactions, COPY, migrations) uses the primary's pool as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';

export type ReplicaStatus = 'starting' | 'ok' | 'lagging' | 'unreachable' | 'not-standby';
export type ReadTarget = 'replica' | 'primary';
/** Why a heavy read went to the primary. */
export type FallbackReason = Exclude<ReplicaStatus, 'ok'> | 'own-write' | 'request-wrote' | 'replica-error';

export interface ReplicaLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface ReadReplicaOptions {
  /** Beyond this the replica is not read at all (default 5 000 ms): a figure minutes old would mislead. */
  maxLagMs?: number;
  /** How often the replica's replay position is compared with the primary's (default 1 000 ms). */
  probeMs?: number;
}

/** A heavy-read request's scope: whether it may read the replica, and whether it has written since. */
interface ReadScope {
  replica: boolean;
  wrote: boolean;
  onFallback?: (reason: FallbackReason) => void;
}
const scopes = new AsyncLocalStorage<ReadScope>();

export function runHeavyRead<T>(useReplica: boolean, work: () => T, onFallback?: (reason: FallbackReason) => void): T {
  return scopes.run({ replica: useReplica, wrote: false, onFallback }, work);
}

/** '16/B374D848' → a number that orders like the WAL. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * How long the replica has been missing WAL: from the earliest sample of the primary's position it has not
 * replayed yet to now (0 when it has replayed all of them). Resolution: the probe interval.
 */
export function replicaLagMs(samples: readonly { at: number; lsn: bigint }[], replayed: bigint, now: number): number {
  const missing = samples.find((s) => s.lsn > replayed);
  return missing ? Math.max(0, now - missing.at) : 0;
}

const SELECT_ONLY = /^\s*select\b/i;
// A raw statement that could change something: kept off the replica even though the replica would refuse it.
const MAY_WRITE = /\b(insert|update|delete|merge|nextval|setval|pg_advisory\w*|for\s+update|for\s+share|for\s+no\s+key|into)\b/i;

export function isPlainRead(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true;
  return RawNode.is(query.query) && SELECT_ONLY.test(query.sql) && !MAY_WRITE.test(query.sql);
}

export class ReadReplica {
  status: ReplicaStatus = 'starting';
  lagMs = 0;
  replayed = 0n;
  readonly reads = { replica: 0, primary: new Map<FallbackReason, number>() };
  private readonly maxLagMs: number;
  private readonly probeMs: number;
  private samples: { at: number; lsn: bigint }[] = [];
  /** Callers' last writes: the primary's WAL position then, and when (entries expire after 5 minutes). */
  private readonly pendingWrites = new Map<string, { lsn: bigint; at: number }>();
  private timer?: NodeJS.Timeout;
  private probing?: Promise<void>;
  private log?: ReplicaLog;

  constructor(
    private readonly primaryPool: pg.Pool,
    private readonly replicaPool: pg.Pool,
    options: ReadReplicaOptions = {},
  ) {
    this.maxLagMs = options.maxLagMs ?? 5000;
    this.probeMs = options.probeMs ?? 1000;
  }

  setLog(log: ReplicaLog): void {
    this.log = log;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.probeMs);
    this.timer.unref();
    void this.probe();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.probing;
  }

  /** Compares the replica's replay position with the primary's; sets the status and the lag. */
  probe(): Promise<void> {
    this.probing ??= this.probeOnce().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probeOnce(): Promise<void> {
    let primaryLsn: bigint;
    try {
      primaryLsn = parseLsn((await this.primaryPool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn);
    } catch {
      return; // The primary's own outage is answered elsewhere (503); nothing to compare against.
    }
    const now = Date.now();
    this.samples.push({ at: now, lsn: primaryLsn });
    let row: { recovery: boolean; lsn: string | null };
    try {
      row = (await this.replicaPool.query<{ recovery: boolean; lsn: string | null }>('select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as lsn')).rows[0];
    } catch (error) {
      this.samples = this.samples.slice(-600);
      return this.setStatus('unreachable', { err: error });
    }
    if (!row.recovery || row.lsn === null) return this.setStatus('not-standby', {});
    this.replayed = parseLsn(row.lsn);
    this.lagMs = replicaLagMs(this.samples, this.replayed, Date.now());
    // Samples replayed are no longer needed, except the last (the next lag is measured from the unreplayed ones).
    this.samples = this.samples.filter((s, i) => s.lsn > this.replayed || i === this.samples.length - 1).slice(-600);
    for (const [caller, write] of this.pendingWrites) if (write.lsn <= this.replayed || now - write.at > 300_000) this.pendingWrites.delete(caller);
    this.setStatus(this.lagMs > this.maxLagMs ? 'lagging' : 'ok', {});
  }

  private setStatus(status: ReplicaStatus, details: { err?: unknown }): void {
    const was = this.status;
    this.status = status;
    if (status === was) return;
    if (status === 'ok') this.log?.info({ was, lagMs: this.lagMs }, 'read replica in use again for heavy reads');
    else if (status !== 'starting') this.log?.warn({ ...details, status, lagMs: this.lagMs, maxLagMs: this.maxLagMs }, `read replica ${status}: heavy reads fall back to the primary`);
  }

  /** After a caller's acknowledged write: their heavy reads stay on the primary until the replica has it. */
  async noteWrite(caller: string): Promise<void> {
    try {
      const lsn = parseLsn((await this.primaryPool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn);
      this.pendingWrites.set(caller, { lsn, at: Date.now() });
    } catch {
      // Position unknown: the caller reads from the primary until the entry expires (never a stale answer).
      this.pendingWrites.set(caller, { lsn: 2n ** 64n, at: Date.now() });
    }
  }

  /** Whether a heavy read of this caller may use the replica now, and if not, why. */
  async choose(caller: string | undefined): Promise<{ target: ReadTarget; reason?: FallbackReason }> {
    if (this.status !== 'ok') return { target: 'primary', reason: this.status as FallbackReason };
    const write = caller === undefined ? undefined : this.pendingWrites.get(caller);
    if (!write || write.lsn <= this.replayed) return { target: 'replica' };
    // The last probe is up to a second old: ask the replica where it is now before sending the caller away.
    try {
      const row = (await this.replicaPool.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn')).rows[0];
      if (row.lsn !== null) this.replayed = parseLsn(row.lsn) > this.replayed ? parseLsn(row.lsn) : this.replayed;
    } catch {
      return { target: 'primary', reason: 'replica-error' };
    }
    return write.lsn <= this.replayed ? { target: 'replica' } : { target: 'primary', reason: 'own-write' };
  }

  /** Heavy-read requests by where they were read (a request that fell back midway counts once more, as replica-error). */
  count(target: ReadTarget, reason?: FallbackReason): void {
    if (target === 'replica') this.reads.replica++;
    else if (reason) this.reads.primary.set(reason, (this.reads.primary.get(reason) ?? 0) + 1);
  }

  /** A statement the replica failed: it runs again on the primary; a lost replica is noticed at once. */
  replicaFailed(error: unknown): void {
    const code = (error as { code?: string }).code;
    if (code === undefined || code.startsWith('08') || code === '57P01' || code === '57P03') this.setStatus('unreachable', { err: error });
  }
}

/** Kysely's PostgreSQL dialect over two pools: the primary for everything, the replica for heavy plain reads. */
export function routingDialect(primaryPool: pg.Pool, replicaPool: pg.Pool, replica: ReadReplica): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new RoutingDriver(new PostgresDriver({ pool: primaryPool }), new PostgresDriver({ pool: replicaPool }), replica),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

class RoutingConnection implements DatabaseConnection {
  inTransaction = false;
  private primaryConnection?: Promise<DatabaseConnection>;

  constructor(
    private readonly primary: PostgresDriver,
    private readonly replicaDriver: PostgresDriver,
    private readonly replica: ReadReplica,
  ) {}

  /** The primary's connection, taken only when a statement needs it (a replica read leaves the pool alone). */
  onPrimary(): Promise<DatabaseConnection> {
    this.primaryConnection ??= this.primary.acquireConnection();
    return this.primaryConnection;
  }

  async release(): Promise<void> {
    const connection = await this.primaryConnection?.catch(() => undefined);
    if (connection) await this.primary.releaseConnection(connection as never);
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const scope = scopes.getStore();
    if (scope && !this.inTransaction) {
      if (!isPlainRead(query)) scope.wrote = true;
      else if (scope.replica && !scope.wrote) {
        const connection = await this.replicaDriver.acquireConnection().catch((error: unknown) => error as Error);
        if (!(connection instanceof Error)) {
          try {
            return await connection.executeQuery<R>(query);
          } catch (error) {
            this.replica.replicaFailed(error);
            // A write the replica refused (25006) was not made there: from now on this request is a writer.
            if ((error as { code?: string }).code === '25006') scope.wrote = true;
          } finally {
            await this.replicaDriver.releaseConnection(connection as never);
          }
        } else this.replica.replicaFailed(connection);
        scope.replica = false;
        scope.onFallback?.('replica-error');
      }
    }
    return (await this.onPrimary()).executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.onPrimary()).streamQuery<R>(query, chunkSize);
  }
}

class RoutingDriver implements Driver {
  constructor(
    private readonly primary: PostgresDriver,
    private readonly replicaDriver: PostgresDriver,
    private readonly replica: ReadReplica,
  ) {}

  async init(): Promise<void> {
    await this.primary.init();
    await this.replicaDriver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this.primary, this.replicaDriver, this.replica);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const routed = connection as RoutingConnection;
    routed.inTransaction = true;
    const scope = scopes.getStore();
    if (scope) scope.wrote = true;
    await this.primary.beginTransaction(await routed.onPrimary(), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutingConnection;
    await this.primary.commitTransaction(await routed.onPrimary());
    routed.inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutingConnection;
    await this.primary.rollbackTransaction((await routed.onPrimary()) as never);
    routed.inTransaction = false;
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<PostgresDriver['savepoint']>[2]): Promise<void> {
    await this.primary.savepoint(await (connection as RoutingConnection).onPrimary(), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<PostgresDriver['savepoint']>[2]): Promise<void> {
    await this.primary.rollbackToSavepoint(await (connection as RoutingConnection).onPrimary(), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<PostgresDriver['savepoint']>[2]): Promise<void> {
    await this.primary.releaseSavepoint(await (connection as RoutingConnection).onPrimary(), name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutingConnection).release();
  }

  async destroy(): Promise<void> {
    await this.replica.stop();
    await this.replicaDriver.destroy();
    await this.primary.destroy();
  }
}
