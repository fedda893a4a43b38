import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { Mutex, PGliteDialect } from './pglite-dialect.js';
import { DatabaseStartError, lockDataDir } from './pglite-lock.js';
import type { CoreTables } from './core-tables.js';
import { ReadReplica, routingDialect, type ReadReplicaOptions } from './read-replica.js';

/** What a session on the database may do outside Kysely: run SQL scripts and bulk-load with COPY. */
export interface RawSession {
  /** Runs a script of one or more statements, no parameters. */
  exec(script: string): Promise<void>;
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Database {
  readonly kind: 'pglite' | 'pg';
  readonly kysely: Kysely<CoreTables>;
  /** Runs `work` on one connection that nobody else uses meanwhile (migrations, bulk loads). */
  exclusive<T>(work: (session: RawSession) => Promise<T>): Promise<T>;
  /**
   * Bulk load with `COPY … FROM STDIN` (text format). `lines` are already-escaped rows ending in "\n".
   * Streams with back-pressure on PostgreSQL; on PGlite, loads in bounded chunks.
   */
  copyFrom(copySql: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /**
   * Bulk load with `COPY … FROM STDIN WITH (FORMAT binary)`: `chunks` are one binary COPY stream, header to
   * trailer (see copy-binary.ts). PGlite takes the stream in one piece.
   */
  copyFromBinary(copySql: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void>;
  /** Connections of the pool (PGlite: its one session), for the metrics: open, idle, and callers waiting for one. */
  poolStats(): PoolStats;
  /** PostgreSQL with `readUrl`: the streaming replica that serves heavy reads (read-replica.ts). */
  readonly replica?: ReadReplica;
  /** PGlite only: its data directory as a gzipped tarball (the backup; restored with PGlite's loadDataDir). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface DatabaseOptions {
  /** postgres://… — when absent, the embedded PGlite is used. */
  url?: string;
  /** Folder of the embedded database; absent = in memory. */
  dataDir?: string;
  poolSize?: number;
  /** postgres://… of a streaming replica for heavy reads (`DATABASE_READ_URL`); PostgreSQL only. */
  readUrl?: string;
  replicaOptions?: ReadReplicaOptions;
}

// Dates stay 'YYYY-MM-DD' strings (a birth date is not an instant); int8 becomes a number (fen fits in 2^53).
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10, options.readUrl, options.replicaOptions) : openPglite(options.dataDir);
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, {
      parsers: {
        [DATE_OID]: (value: string) => value,
        [INT8_OID]: (value: string) => Number(value),
        [NUMERIC_OID]: (value: string) => value,
      },
    });
  } catch (error) {
    unlock();
    throw new DatabaseStartError(`内置数据库目录 ${dataDir ?? '（内存）'} 无法打开：目录内容损坏或不是本系统的数据库（${error instanceof Error ? error.message : String(error)}）。请从备份恢复该目录，或设置新的 DATA_DIR 重新开始。`, {
      cause: error,
    });
  }
  const mutex = new Mutex();
  const kysely = new Kysely<CoreTables>({ dialect: new PGliteDialect(pglite, mutex) });
  const session: RawSession = {
    exec: async (script) => {
      await pglite.exec(script);
    },
    query: async <R>(text: string, params?: unknown[]) => (await pglite.query<R>(text, params)).rows,
  };
  const exclusive = async <T>(work: (s: RawSession) => Promise<T>) => {
    const release = await mutex.lock();
    try {
      return await work(session);
    } finally {
      release();
    }
  };
  return {
    kind: 'pglite',
    kysely,
    exclusive,
    async copyFrom(copySql, lines) {
      // PGlite reads COPY input from a Blob; chunks of ~8 MB keep memory bounded.
      const blobSql = copySql.replace(/from\s+stdin/i, "FROM '/dev/blob'");
      let chunk: string[] = [];
      let size = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        const blob = new Blob(chunk);
        chunk = [];
        size = 0;
        await exclusive(async () => {
          await pglite.query(blobSql, [], { blob });
        });
      };
      for await (const line of lines) {
        chunk.push(line);
        size += line.length;
        if (size > 8_000_000) await flush();
      }
      await flush();
    },
    async copyFromBinary(copySql, chunks) {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      // Blob takes ArrayBuffer-backed views; copying a chunk is cheap at the sizes PGlite holds.
      for await (const chunk of chunks) parts.push(new Uint8Array(chunk));
      const blob = new Blob(parts);
      await exclusive(async () => {
        await pglite.query(copySql.replace(/from\s+stdin/i, "FROM '/dev/blob'"), [], { blob });
      });
    },
    poolStats: () => ({ total: 1, idle: mutex.queued === 0 ? 1 : 0, waiting: Math.max(0, mutex.queued - 1) }),
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    async close() {
      try {
        await kysely.destroy();
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}

async function openPostgres(url: string, poolSize: number, readUrl?: string, replicaOptions?: ReadReplicaOptions): Promise<Database> {
  const typeParsers = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === DATE_OID) return (value: string) => value;
      if (oid === INT8_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  } as unknown as pg.CustomTypesConfig;
  // A bounded connect wait (also the wait for a free pool slot) turns an unreachable database into a quick
  // 503 rather than a hung request; keepAlive notices a peer that vanished without closing the socket.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers,
    connectionTimeoutMillis: Number(process.env.DB_CONNECT_TIMEOUT_MS ?? 5000),
    keepAlive: true,
  });
  // A connection the server ends (restart, pg_terminate_backend) emits 'error' on its client, checked out or
  // idle; unheard, that ends the process. The query running on it fails on its own, and pg-pool drops a
  // client that is no longer queryable when it is released, so the next checkout reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  let replica: ReadReplica | undefined;
  let kysely: Kysely<CoreTables>;
  if (readUrl) {
    // A replica that is away must cost a heavy read a second at most before it falls back to the primary.
    const replicaPool = new pg.Pool({ connectionString: readUrl, max: poolSize, types: typeParsers, connectionTimeoutMillis: 1000, keepAlive: true });
    replicaPool.on('error', () => undefined);
    replicaPool.on('connect', (client) => client.on('error', () => undefined));
    replica = new ReadReplica(pool, replicaPool, replicaOptions);
    kysely = new Kysely<CoreTables>({ dialect: routingDialect(pool, replicaPool, replica) });
    replica.start();
  } else kysely = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pg',
    kysely,
    replica,
    async exclusive(work) {
      const client = await pool.connect();
      let failed: Error | undefined;
      try {
        return await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
        });
      } catch (error) {
        // Lost, or left mid-transaction by the work: either way not fit for the next borrower.
        failed = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(failed);
      }
    },
    async copyFrom(copySql, lines) {
      const client = await pool.connect();
      try {
        const sink = client.query(copyFromStream(copySql));
        await pipeline(Readable.from(batchLines(lines), { objectMode: false }), sink);
        client.release();
      } catch (error) {
        // A COPY that failed midway may leave the connection mid-protocol: never hand it to someone else.
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    async copyFromBinary(copySql, chunks) {
      const client = await pool.connect();
      try {
        await pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFromStream(copySql)));
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await kysely.destroy();
    },
  };
}

/** One CopyData message per row would cost a socket write each; ~256 KB chunks keep COPY at wire speed. */
async function* batchLines(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let parts: string[] = [];
  let size = 0;
  for await (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= 256 * 1024) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

/** Escapes one value for COPY text format. `null` becomes \N. */
export function copyValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
