// The HTTP server: Apollo on POST /graphql, with /health, /ready and /metrics for operators.
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import Fastify, { type FastifyInstance } from "fastify";
import type { DatabaseHandle } from "./db/client.js";
import { MigrationsPendingError } from "./db/readiness.js";
import { explorerLandingPage } from "./explorer.js";
import { InvalidTokenError, type VerifyToken } from "./graphql/auth.js";
import { requireCallerPlugin } from "./graphql/auth-plugin.js";
import { compiledExecutor } from "./graphql/compiled-executor.js";
import { createContext, type Context } from "./graphql/context.js";
import { unauthenticated } from "./graphql/errors.js";
import { maskErrors } from "./graphql/mask-errors.js";
import { operationDatabasePlugin } from "./graphql/operation-database.js";
import { buildIdentitySchema } from "./graphql/schema.js";
import type { IntegrationService } from "./integrations/service.js";
import { answerSizeLimitPlugin } from "./limits/answer-size.js";
import { MAX_QUERY_TOKENS, queryLimitsProtection, type QueryLimits } from "./limits/query-limits.js";
import { refuseBadBodies } from "./limits/request-bodies.js";
import { representationsLimitPlugin } from "./limits/representations-limit.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics/metrics.js";

export interface ServerOptions {
  database: DatabaseHandle;
  integrations: IntegrationService;
  verifyToken: VerifyToken;
  log: Logger;
  metrics: Metrics;
  limits: QueryLimits & { maxRepresentations: number; maxQueryCost: number; maxRequestBytes: number };
  /** Introspection, field suggestions and the explorer at GET /graphql (development tools). */
  introspection: boolean;
}

export interface IdentityServer {
  app: FastifyInstance;
  /** Listens and returns the base URL, e.g. http://127.0.0.1:4001 */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<IdentityServer> {
  const { database, integrations, verifyToken, log, metrics, limits, introspection } = options;
  const app = Fastify({ logger: false, bodyLimit: limits.maxRequestBytes });
  refuseBadBodies(app, limits.maxRequestBytes);
  const armor = queryLimitsProtection(limits, { suggestFields: introspection });
  const apollo = new ApolloServer<Context>({
    gateway: compiledExecutor(await buildIdentitySchema()),
    introspection,
    // App.close() stops Apollo with the HTTP server; Apollo's own signal handlers would stop it
    // early and re-raise the signal, killing the process before syncs and the pool are closed.
    stopOnTerminationSignals: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      requireCallerPlugin,
      operationDatabasePlugin,
      representationsLimitPlugin(limits.maxRepresentations),
      answerSizeLimitPlugin(limits.maxQueryCost),
      // Armor types its plugins for any context; they read none of ours.
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      // Inline tracing serves Apollo Studio, which this deployment never reports to.
      ApolloServerPluginInlineTraceDisabled(),
      // No field sets a cache hint, and the plugin would wrap every resolver of every request.
      ApolloServerPluginCacheControlDisabled(),
      introspection ? explorerLandingPage() : ApolloServerPluginLandingPageDisabled(),
    ],
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    validationRules: armor.validationRules,
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
    // Apollo Server's default appends a newline, which leaves the answer a string in two parts
    // that Node must copy whole before it can measure and write it: a copy of every answer, 1.2 MB
    // for a page of 1,000 traces, 11 MB for 10,000.
    stringifyResult: (result) => JSON.stringify(result),
  });
  await apollo.start();

  const databases = { primary: database.db, leaseReads: database.leaseReads };
  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    context: async (request) => {
      const header = request.headers.authorization;
      const observers = metrics.requestObservers();
      if (!header) return createContext(databases, integrations, null, observers);
      const [scheme, token] = header.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthenticated("Authorization must be 'Bearer <token>'");
      try {
        return createContext(databases, integrations, await verifyToken(token), observers);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw unauthenticated(`Invalid bearer token: ${error.message}`);
        throw error;
      }
    },
  });

  app.addHook("onResponse", async (request, reply) => {
    // The route pattern, not the URL: unmatched paths share one label, so scanners cannot
    // grow the metric's label set without bound.
    metrics.observeHttp(request.method, request.routeOptions.url ?? "unmatched", reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get("/health", async () => ({ status: "ok" }));
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get("/ready", async (_request, reply) => {
    try {
      await database.ping();
    } catch (error) {
      if (error instanceof MigrationsPendingError) {
        log.warn({ err: error }, "readiness: migrations not applied");
        return reply.code(503).send({ status: "unavailable", reason: `migrations not applied: ${error.message}` });
      }
      log.warn({ err: error }, "readiness: database unreachable");
      return reply.code(503).send({ status: "unavailable", reason: "database unreachable" });
    }
    return { status: "ready" };
  });

  return {
    app,
    async listen(port, host) {
      const address = await app.listen({ port, host });
      return address.replace("[::1]", "localhost");
    },
    close: () => app.close(),
  };
}
