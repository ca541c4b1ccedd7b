// A sync's transaction on PostgreSQL that its run can stop mid-statement: an abort signal stops a
// Graph request or a wait, never a statement waiting for another session's lock.
import type postgres from "postgres";

/**
 * Runs `work` (a transaction's, on the session `backendPid`); once `abort` fires, the statement
 * in flight is cancelled from another connection of `pool`. The transaction keeps its connection
 * until the cancel is answered, so a late cancel can never reach a statement of whoever takes the
 * connection next.
 */
export async function cancelOnAbort<T>(backendPid: number, pool: postgres.Sql, abort: AbortSignal, work: () => Promise<T>): Promise<T> {
  let cancelled: Promise<unknown> | undefined;
  const cancel = () => void (cancelled ??= pool`select pg_cancel_backend(${backendPid})`.catch(() => undefined));
  if (abort.aborted) cancel();
  abort.addEventListener("abort", cancel, { once: true });
  try {
    return await work();
  } finally {
    abort.removeEventListener("abort", cancel);
    await cancelled;
  }
}
