// A replica's sync slots: at most SYNC_CONCURRENCY runs hold one at once, and the others wait
// their turn, first come first served. The scheduler claims due integrations only for the slots
// that are free, so that what this replica cannot run stays due for another replica.
//
// One more slot is kept for admins: an admin who connects a tenant or asks for a sync waits for
// the mutation's answer, and behind a scheduled full sync of a large tenant that could be minutes.
// An admin's run takes a scheduled one's slot when one is free, else the admin's, else waits for
// whichever of the two frees first.

import { once } from "../once.js";

/** Gives a slot back; calling it twice gives back one slot, once. */
export type ReleaseSlot = () => void;

export class SyncSlots {
  #free: number;
  #adminFree = true;
  /** Runs waiting for a slot, oldest first; a released slot goes straight to the first. */
  readonly #waiting: { byAdmin: boolean; grant: (release: ReleaseSlot) => void }[] = [];

  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Slots free now, the admin's apart: no run waits while one is free, since a released slot goes to a waiting run first. */
  get free(): number {
    return this.#free;
  }

  /**
   * A slot, now or when a run gives one back; refused if `signal` aborts first (shutdown). An
   * admin's run takes the admin's slot when no other is free.
   */
  take(signal: AbortSignal, byAdmin = false): Promise<ReleaseSlot> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(this.#releaser());
    }
    if (byAdmin && this.#adminFree) {
      this.#adminFree = false;
      return Promise.resolve(this.#adminReleaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        byAdmin,
        grant: (release: ReleaseSlot) => {
          signal.removeEventListener("abort", abandon);
          resolve(release);
        },
      };
      const abandon = () => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", abandon, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #adminReleaser(): ReleaseSlot {
    return once(() => {
      const next = this.#waiting.findIndex((waiter) => waiter.byAdmin);
      if (next >= 0) this.#waiting.splice(next, 1)[0]!.grant(this.#adminReleaser());
      else this.#adminFree = true;
    });
  }

  #releaser(): ReleaseSlot {
    return once(() => {
      const next = this.#waiting.shift();
      if (next) next.grant(this.#releaser());
      else this.#free++;
    });
  }
}
