// What Graph cannot tell a run about by delta is read again once a day: role definitions (a custom
// role renamed), users' sign-in activity (counted in weeks), service principals' owners (their
// delta lists no owners relationship). One day, whatever the sync interval: a bounded staleness
// for a bounded share of the tenant's throttling budget.

/** How old a daily read may grow before a run reads it again. */
const DAILY_READ_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Whether what was read at `readAt` (null: never) is due to be read again at `now`. */
export function dailyReadDue(readAt: Date | null, now: Date): boolean {
  return readAt === null || now.getTime() - readAt.getTime() >= DAILY_READ_INTERVAL_MS;
}

/** The moment before which a read is due again at `now`. */
export function dailyReadsDueBefore(now: Date): Date {
  return new Date(now.getTime() - DAILY_READ_INTERVAL_MS);
}
