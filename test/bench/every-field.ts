// A page of traces asking, besides the usual page's fields, every per-person field that reads a
// table of its own: a person's addresses, last sign-in, direct reports, role and app assignments,
// and groups through nesting. No floor is written for it; it is here so that a lookup PostgreSQL
// plans badly shows in the table (the groups through nesting of 100 people once took 1.6 s:
// BENCHMARKS.md).
import { enrich, iterationsFor, type EnrichmentRun } from "./enrichment.js";
import { latencies, type Latencies } from "./measure.js";
import { traceBatch } from "./traces.js";

const EVERY_FIELD_QUERY = /* GraphQL */ `
  query EnrichEveryField($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Trace {
        id
        identity { method classification }
        user {
          id displayName mail jobTitle accountStatus roles { id displayName }
          emailAddresses lastSignInAt
          directReports { id displayName }
          roleAssignments { role { displayName } state via }
          appAssignments { via appRole application { displayName } }
        }
        department { name }
        manager { id displayName mail }
        groups { id displayName kind }
        nested: groups(transitive: true) { id displayName kind }
      }
    }
  }
`;

type Answer = {
  data?: { _entities: ({ user: { directReports: unknown[] } | null; groups: { id: string }[]; nested: { id: string }[] } | null)[] };
  errors?: unknown;
};

export interface EveryFieldResult {
  size: number;
  iterations: number;
  ours: Latencies;
  /** Distinct counts of SQL statements per request seen over the iterations. */
  statements: number[];
}

export async function measureEveryField(run: EnrichmentRun, size: number): Promise<EveryFieldResult> {
  const iterations = iterationsFor(size);
  const warmup = Math.max(2, Math.round(iterations / 10));
  const times: number[] = [];
  const statements = new Set<number>();
  for (let i = 0; i < warmup + iterations; i++) {
    const batch = traceBatch(run.users, size, run.seed * 400_009 + size * 31 + i);
    await run.subgraph.call("resetStatements");
    const { elapsed, status, text } = await enrich(run, batch, i === 0, EVERY_FIELD_QUERY);
    const sent = await run.subgraph.call<number>("statements");
    if (i === 0) await checkAnswer(run, batch, status, text!);
    if (i < warmup) continue;
    times.push(elapsed);
    statements.add(sent);
  }
  return { size, iterations, ours: latencies(times), statements: [...statements].sort((a, b) => a - b) };
}

/**
 * Checked once per size, outside the clock, so that a field answering nothing is not reported as
 * fast: the people are those the floor finds, each one's groups through nesting hold their
 * direct groups and some hold more, and some people have reports.
 */
async function checkAnswer(run: EnrichmentRun, batch: { userEmail?: string | null }[], status: number, text: string) {
  const fail = (why: string) => new Error(`_entities of ${batch.length} with every field: ${why}: ${status} ${text.slice(0, 500)}`);
  const answer = JSON.parse(text) as Answer;
  const entities = answer.data?._entities;
  if (status !== 200 || answer.errors || entities?.length !== batch.length) throw fail("failed");
  const floor = await run.subgraph.call<{ resolved: number }>("floor", { orgId: run.orgId, emails: batch.map((trace) => trace.userEmail) });
  if (entities.filter((entity) => entity?.user).length !== floor.resolved) throw fail(`not the ${floor.resolved} people the floor finds`);
  const closures = entities.map((entity) => ({ direct: entity?.groups ?? [], nested: new Set((entity?.nested ?? []).map((group) => group.id)) }));
  if (closures.some(({ direct, nested }) => direct.some((group) => !nested.has(group.id)))) throw fail("a direct group missing through nesting");
  if (!closures.some(({ direct, nested }) => nested.size > direct.length)) throw fail("no group reached through nesting");
  if (!entities.some((entity) => (entity?.user?.directReports.length ?? 0) > 0)) throw fail("nobody with reports");
}
