// PostgreSQL's SQLSTATE of a failed statement, whichever layer raised it: postgres.js and PGlite
// put it on their error as `code`, drizzle wraps theirs with the original as `cause`.

export function sqlStateOf(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  const state = typeof code === "string" ? code : cause?.code;
  return typeof state === "string" ? state : undefined;
}

/** A lock waited for in vain: lock_not_available (lock_timeout passed), deadlock_detected. */
export const LOCK_WAIT_STATES: ReadonlySet<string> = new Set(["55P03", "40P01"]);
