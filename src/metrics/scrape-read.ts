// A scrape's read of the database, given up after a few seconds: Prometheus gives a scrape 10 s
// by default, and a database that does not answer (a network partition, a table locked by a
// migration) would hold the scrape past that, losing every counter with it. Given up, or failed,
// the read is undefined: the gauges it feeds have no series, and identity_database_up says why.

export const SCRAPE_READ_DEADLINE_MS = 5_000;

export function scrapeRead<T>(read: () => Promise<T>, deadlineMs = SCRAPE_READ_DEADLINE_MS): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), deadlineMs);
    read().then(
      (value) => resolve(value),
      () => resolve(undefined),
    ).finally(() => clearTimeout(timer));
  });
}
