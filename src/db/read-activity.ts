// How busy this process is answering reads: the time, summed, during which at least one read
// lease was held. A sync compares it before and after a page of its work to learn how long it
// competed with readers, and rests in proportion (src/integrations/sync-pace.ts).
import { leaseOnce, type ReadLease } from "./sync-snapshots.js";

export class ReadActivity {
  #inFlight = 0;
  #busySince = 0;
  #busyMs = 0;

  /** Milliseconds so far during which at least one read was in flight. */
  busyMs(): number {
    return this.#busyMs + (this.#inFlight > 0 ? performance.now() - this.#busySince : 0);
  }

  /** `lease` with each lease it grants counted in flight until released. */
  counting<Database>(lease: () => Promise<ReadLease<Database>>): () => Promise<ReadLease<Database>> {
    return async () => {
      const granted = await lease();
      this.#begin();
      return leaseOnce(granted.db, () => {
        this.#end();
        granted.release();
      });
    };
  }

  #begin(): void {
    if (this.#inFlight++ === 0) this.#busySince = performance.now();
  }

  #end(): void {
    if (--this.#inFlight === 0) this.#busyMs += performance.now() - this.#busySince;
  }
}
