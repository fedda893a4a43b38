/**
 * The server's last line: an error that escaped every handler (an 'error' event nobody listened to, a
 * rejected promise nobody awaited) is logged and counted instead of ending the process. Connection losses
 * are handled where they happen (db/database.ts); what reaches here is a bug to fix, but one bug must not
 * take the service down for every user — by then the write it broke was already rolled back or answered.
 */
export interface EscapedErrorLog {
  error(details: { err: unknown; kind: string; escaped: number }, message: string): void;
}

let escaped = 0;

/** How many errors reached the process guard since start (exposed for monitoring and tests). */
export function escapedErrorCount(): number {
  return escaped;
}

/** Installs the guard once; returns a function that removes it (tests). */
export function installProcessGuard(log: EscapedErrorLog): () => void {
  const onException = (err: unknown) => {
    escaped++;
    log.error({ err, kind: 'uncaughtException', escaped }, '未处理的异常已拦截，服务继续运行');
  };
  const onRejection = (err: unknown) => {
    escaped++;
    log.error({ err, kind: 'unhandledRejection', escaped }, '未处理的 Promise 拒绝已拦截，服务继续运行');
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
