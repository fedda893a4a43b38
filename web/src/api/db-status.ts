/**
 * Whether the server last said its database is away (503 DB_UNAVAILABLE). The layout shows a banner while it
 * is; any successful answer, or /readyz answering 200 (polled meanwhile, so the banner clears even when no
 * page is asking), ends it.
 */
import { useSyncExternalStore } from 'react';

export const DB_UNAVAILABLE = 'DB_UNAVAILABLE';

let unavailable = false;
let probe: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function set(next: boolean): void {
  if (next === unavailable) return;
  unavailable = next;
  if (next && !probe) {
    probe = setInterval(() => {
      void fetch('/readyz').then(
        (r) => r.ok && markDatabaseAvailable(),
        () => undefined,
      );
    }, 2000);
  }
  if (!next && probe) {
    clearInterval(probe);
    probe = undefined;
  }
  for (const listener of listeners) listener();
}

export const markDatabaseUnavailable = (): void => set(true);
export const markDatabaseAvailable = (): void => set(false);

export function useDatabaseUnavailable(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => unavailable,
  );
}
