// A scrape's read of the database, waited for a few seconds at most: Prometheus gives a scrape
// 10 s by default, and a database that does not answer (a network partition, a table locked by a
// migration) would hold the scrape past that, losing every counter with it. Not answered in time,
// or failed, the read is undefined: the gauges it feeds have no series, and identity_database_up
// says why. A read not answered yet is shared by the scrapes that come meanwhile rather than
// sent again, so that a database that hangs holds one of the readers' connections, not one more
// at every scrape.

export const SCRAPE_READ_DEADLINE_MS = 5_000;

/** `read` for scrapes: one in flight at a time, each wait for it bounded by `deadlineMs`. */
export function scrapeReads<T>(read: () => Promise<T>, deadlineMs = SCRAPE_READ_DEADLINE_MS): () => Promise<T | undefined> {
  let inFlight: Promise<T | undefined> | undefined;
  return () => {
    inFlight ??= read()
      .catch(() => undefined)
      .finally(() => (inFlight = undefined));
    const answered = inFlight;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), deadlineMs);
      void answered.then((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  };
}
