// A replica's sync slots as runs meet them: the scheduler's, and one kept for admins.
import { describe, expect, it } from "vitest";
import { SyncSlots } from "../../src/integrations/sync-slots.js";

const running = new AbortController().signal;

/** Whether `taken` has been granted once pending work settles. */
async function granted(taken: Promise<unknown>): Promise<boolean> {
  let yes = false;
  void taken.then(() => (yes = true));
  await new Promise((resolve) => setImmediate(resolve));
  return yes;
}

describe("sync slots", () => {
  it("give an admin's run the admins' slot when every other is taken, and no scheduled run", async () => {
    const slots = new SyncSlots(1);
    await slots.take(running);
    expect(slots.free).toBe(0);
    expect(await granted(slots.take(running))).toBe(false);
    expect(await granted(slots.take(running, true))).toBe(true);
  });

  it("give a waiting admin's run the admins' slot as soon as it frees, while the scheduled run goes on", async () => {
    const slots = new SyncSlots(1);
    await slots.take(running);
    const firstAdmin = await slots.take(running, true);
    const secondAdmin = slots.take(running, true);
    expect(await granted(secondAdmin)).toBe(false);

    firstAdmin();
    expect(await granted(secondAdmin)).toBe(true);
    expect(slots.free).toBe(0);
  });

  it("give a freed scheduled slot to the run that waited longest, admin's or not", async () => {
    const slots = new SyncSlots(1);
    const scheduled = await slots.take(running);
    await slots.take(running, true);
    const waitingScheduled = slots.take(running);
    const waitingAdmin = slots.take(running, true);

    scheduled();
    expect(await granted(waitingScheduled)).toBe(true);
    expect(await granted(waitingAdmin)).toBe(false);
  });
});
