// Traces as the traces subgraph would send them: mostly people of the tenant (by mail, or by UPN
// for those without mail), some strangers, and some people more than once.
import { createRandom } from "../emulator/random.js";
import type { User } from "../emulator/types.js";
import { emailTrace, type TraceRepresentation } from "../support/trace-representation.js";

export interface TraceMix {
  /** Share of traces whose email is a known address. Default 0.9. */
  known?: number;
  /** Share of known traces that repeat a person already in the batch. Default 0.15. */
  repeated?: number;
}

export function traceBatch(users: readonly User[], size: number, seed: number, mix: TraceMix = {}): TraceRepresentation[] {
  const random = createRandom(seed);
  const known = mix.known ?? 0.9;
  const repeated = mix.repeated ?? 0.15;
  const used: string[] = [];
  const batch: TraceRepresentation[] = [];
  for (let i = 0; i < size; i++) {
    let email: string;
    if (!random.chance(known)) {
      email = `stranger.${seed}.${i}@unknown.example`;
    } else if (used.length > 0 && random.chance(repeated)) {
      email = random.pick(used);
    } else {
      const user = random.pick(users);
      email = user.mail ?? user.userPrincipalName;
      used.push(email);
    }
    batch.push(emailTrace(`trace-${seed}-${i}`, email));
  }
  return batch;
}
