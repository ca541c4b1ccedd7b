// Server-side paging: result sets fixed when a round starts, opaque skip tokens, and delta tokens.
import { randomBytes } from "node:crypto";
import { createRandom } from "./random.js";
import type { Selection } from "./selection.js";

export type Json = Record<string, unknown>;

/** A result set fixed at the start of a round; items render lazily so big rounds stay cheap. */
export interface ItemSource {
  readonly count: number;
  item(index: number): Json;
}

export type DeltaResource = "users" | "groups" | "servicePrincipals";
/** How an expired token is answered: 400 with the code (as Graph documents it, or capitalised as it was seen), or 410. */
export type DeltaTokenFailure = "syncStateNotFound" | "SyncStateNotFound" | "resyncRequired";

/** What a delta token remembers: where the next round starts. */
export interface DeltaState {
  readonly tenantId: string;
  readonly resource: DeltaResource;
  /** How many tenant changes the round had seen. */
  readonly seq: number;
  readonly select: Selection;
}

export interface RoundOptions {
  readonly tenantId: string;
  /** The path its links point at, e.g. "/v1.0/users/delta". */
  readonly path: string;
  readonly context: string;
  readonly pageSize: number;
  readonly items: ItemSource;
  /** Present for delta rounds: their last page carries a deltaLink instead of ending. */
  readonly delta?: DeltaState;
  /** Delta rounds come in a perturbed order with repeats, as Graph's may. */
  readonly perturb?: boolean;
}

interface Round extends RoundOptions {
  /** Positions in `items`, in serving order. */
  readonly order: readonly number[];
}

// Enough for any test's concurrent rounds of several pages; the oldest are forgotten first.
const MAX_ROUNDS = 1000;

export class Paging {
  private readonly rounds = new Map<string, Round>();
  private readonly deltaTokens = new Map<string, DeltaState & { failure?: DeltaTokenFailure }>();
  private roundCount = 0;

  /** `baseUrl` is read when links are made: the port is known only once the server listens. */
  constructor(private readonly baseUrl: () => string) {}

  /** Starts a round and answers its first page. */
  start(options: RoundOptions): Json {
    this.roundCount++;
    const order = options.perturb
      ? perturb(options.items.count, options.pageSize, this.roundCount)
      : Array.from({ length: options.items.count }, (_, i) => i);
    const id = `${this.roundCount}`;
    this.rounds.set(id, { ...options, order });
    const first = this.page(id, 0);
    // Only a round with pages to come need be kept: thousands of one-page lists (owners read in
    // batches) must not push out a long delta round still being read.
    if (!("@odata.nextLink" in first)) this.rounds.delete(id);
    else if (this.rounds.size > MAX_ROUNDS) this.rounds.delete(this.rounds.keys().next().value as string);
    return first;
  }

  /** The page a `$skiptoken` names, or undefined when it names none of the caller's rounds. */
  continue(skipToken: string, tenantId: string, path: string): Json | undefined {
    const [id, offset] = Buffer.from(skipToken, "base64url").toString("utf8").split(":");
    const round = id === undefined ? undefined : this.rounds.get(id);
    const start = Number(offset);
    if (!round || round.tenantId !== tenantId || round.path !== path || !Number.isInteger(start)) return undefined;
    return this.page(id as string, start);
  }

  /** An answer with no items and a deltaLink from now on (`$deltatoken=latest`). */
  latest(path: string, context: string, state: DeltaState): Json {
    return { "@odata.context": context, value: [], "@odata.deltaLink": this.deltaLink(path, state) };
  }

  resolveDeltaToken(token: string): (DeltaState & { failure?: DeltaTokenFailure }) | undefined {
    return this.deltaTokens.get(token);
  }

  /** Every delta token issued so far stops working, failing the given way. */
  expireDeltaTokens(failure: DeltaTokenFailure): void {
    for (const state of this.deltaTokens.values()) state.failure ??= failure;
  }

  private page(id: string, start: number): Json {
    const round = this.rounds.get(id) as Round;
    const end = Math.min(start + round.pageSize, round.order.length);
    const value: Json[] = [];
    for (let i = start; i < end; i++) value.push(round.items.item(round.order[i] as number));
    const page: Json = { "@odata.context": round.context, value };
    if (end < round.order.length) {
      const skipToken = Buffer.from(`${id}:${end}`).toString("base64url");
      page["@odata.nextLink"] = `${this.baseUrl()}${round.path}?$skiptoken=${skipToken}`;
    } else if (round.delta) {
      page["@odata.deltaLink"] = this.deltaLink(round.path, round.delta);
    }
    return page;
  }

  private deltaLink(path: string, state: DeltaState): string {
    const token = randomBytes(24).toString("base64url");
    this.deltaTokens.set(token, { ...state });
    return `${this.baseUrl()}${path}?$deltatoken=${token}`;
  }
}

/**
 * Serving order for a delta round: neighbours swapped across page boundaries, and a few items
 * served twice, deterministically per round, so clients cannot rely on order or uniqueness.
 */
function perturb(count: number, pageSize: number, roundNumber: number): number[] {
  const random = createRandom(roundNumber * 7919 + 17);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < count - 1; i++) {
    if (!random.chance(0.2)) continue;
    const j = Math.min(count - 1, i + 1 + random.int(pageSize * 2));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  if (count === 0) return order;
  const repeats = Math.max(1, Math.round(count * 0.02));
  for (let r = 0; r < repeats; r++) {
    const from = random.int(order.length);
    const to = Math.min(order.length, from + 1 + random.int(pageSize * 3));
    order.splice(to, 0, order[from] as number);
  }
  return order;
}
