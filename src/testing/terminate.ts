import pg from 'pg';

/**
 * What an operator's `pg_terminate_backend` (or a server restart) does to the application: every client
 * connection to the test database is ended by the server, from a connection of its own that survives.
 */
export interface BackendTerminator {
  /** Ends every other client connection to the database; how many were ended. */
  terminateAll(): Promise<number>;
  /**
   * Waits until some application connection is running a statement, then ends them all: the loss lands in
   * the middle of work, not between it. False if nothing ran within `timeoutMs`.
   */
  terminateWhenActive(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const OTHERS = `from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`;

export async function backendTerminator(url: string): Promise<BackendTerminator> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  const terminateAll = async () => (await client.query<{ n: number }>(`select count(*) filter (where pg_terminate_backend(pid))::int as n ${OTHERS}`)).rows[0].n;
  return {
    terminateAll,
    async terminateWhenActive(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { rows } = await client.query<{ n: number }>(`select count(*)::int as n ${OTHERS} and state = 'active'`);
        if (rows[0].n > 0) return (await terminateAll()) > 0;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return false;
    },
    close: () => client.end(),
  };
}
