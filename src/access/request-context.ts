import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a request came from: written into every audit entry made while serving it. */
export interface RequestOrigin {
  requestId: string;
  sourceIp: string;
  userAgent: string | null;
}

// Request-scoped so the hundreds of `appendAudit` call sites need no extra argument; jobs and the CLI run
// outside any request and audit with no origin.
const storage = new AsyncLocalStorage<RequestOrigin>();

export function runWithOrigin<T>(origin: RequestOrigin, work: () => T): T {
  return storage.run(origin, work);
}

export function currentOrigin(): RequestOrigin | undefined {
  return storage.getStore();
}
