// The progress bar of `sync`: pages, users, groups and service principals seen, rate and ETA,
// drawn on stderr.
//
// Delta queries do not say how many objects a round holds, so the bar's total is what the mirror
// held before (users + groups + service principals): exact for a repeated full sync, absent for the first one, when
// the bar shows counts and rate without a percentage.
import { Presets, SingleBar } from "cli-progress";
import type { SyncPage } from "../entra/sync/types.js";
import type { SyncObserver } from "../integrations/sync-runner.js";

export interface SyncProgress extends SyncObserver {
  stop(): void;
}

export function syncProgressBar(stream: NodeJS.WritableStream, expectedObjects: number): SyncProgress {
  const known = expectedObjects > 0;
  const bar = new SingleBar(
    {
      stream,
      format: known
        ? "{bar} {percentage}% | {pages} pages | {users} users | {groups} groups | {servicePrincipals} service principals | {rate}/s | ETA {eta_formatted}"
        : "{pages} pages | {users} users | {groups} groups | {servicePrincipals} service principals | {rate}/s | {duration_formatted}",
      hideCursor: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  const seen = { pages: 0, users: 0, groups: 0, servicePrincipals: 0 };
  bar.start(Math.max(expectedObjects, 1), 0, { ...seen, rate: 0 });
  return {
    page(_run, page: SyncPage) {
      seen.pages++;
      seen[page.resource] += page.items;
      const objects = seen.users + seen.groups + seen.servicePrincipals;
      // A round may bring more than the mirror held: grow the total rather than pass 100%.
      if (known && objects > bar.getTotal()) bar.setTotal(objects);
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(known ? objects : 0, { ...seen, rate: Math.round(objects / seconds) });
    },
    stop: () => bar.stop(),
  };
}
