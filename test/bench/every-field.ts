// A page of traces asking, beside the bench's usual fields, every field that reads a table of its
// own: a person's last sign-in, direct reports, role and app assignments, and groups through
// nesting. No floor is written for it; it is here so that a lookup PostgreSQL plans badly shows in
// the table (the transitive groups of 100 people once took 1.6 s: BENCHMARKS.md).
import { enrich, iterationsFor, type EnrichmentRun } from "./enrichment.js";
import { latencies, type Latencies } from "./measure.js";
import { traceBatch } from "./traces.js";

export const EVERY_FIELD_QUERY = /* GraphQL */ `
  query EnrichEveryField($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace {
        id
        identity { method classification }
        user {
          id displayName emailAddresses accountStatus lastSignInAt
          directReports { id displayName }
          roleAssignments { role { displayName } state via }
          appAssignments { via appRole application { displayName } }
        }
        department { name }
        manager { id displayName }
        groups(transitive: true) { id displayName kind }
      }
    }
  }
`;

export interface EveryFieldResult {
  size: number;
  iterations: number;
  ours: Latencies;
  /** Distinct counts of SQL statements per request seen over the iterations. */
  statements: number[];
  responseBytes: number;
}

export async function measureEveryField(run: EnrichmentRun, size: number): Promise<EveryFieldResult> {
  const iterations = iterationsFor(size);
  const warmup = Math.max(2, Math.round(iterations / 10));
  const times: number[] = [];
  const statements = new Set<number>();
  let responseBytes = 0;
  for (let i = 0; i < warmup + iterations; i++) {
    const batch = traceBatch(run.users, size, run.seed * 400_009 + size * 31 + i);
    await run.subgraph.call("resetStatements");
    const { elapsed, status, bytes, text } = await enrich(run, batch, i === 0, EVERY_FIELD_QUERY);
    const sent = await run.subgraph.call<number>("statements");
    if (i === 0) {
      const parsed = JSON.parse(text!) as { data?: { _entities: unknown[] }; errors?: unknown };
      if (status !== 200 || parsed.errors || parsed.data?._entities.length !== size) {
        throw new Error(`_entities of ${size} with every field failed: ${status} ${text!.slice(0, 500)}`);
      }
      responseBytes = bytes;
    }
    if (i < warmup) continue;
    times.push(elapsed);
    statements.add(sent);
  }
  return { size, iterations, ours: latencies(times), statements: [...statements].sort((a, b) => a - b), responseBytes };
}
