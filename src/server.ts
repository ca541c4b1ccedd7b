// The HTTP server: Apollo on POST /graphql, with /health and /ready for orchestrators.
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import Fastify, { type FastifyInstance } from "fastify";
import type { DatabaseHandle } from "./db/client.js";
import { InvalidTokenError, type VerifyToken } from "./graphql/auth.js";
import { requireCallerPlugin } from "./graphql/auth-plugin.js";
import { createContext, type Context } from "./graphql/context.js";
import { unauthenticated } from "./graphql/errors.js";
import { maskErrors } from "./graphql/mask-errors.js";
import { buildIdentitySchema } from "./graphql/schema.js";
import type { IntegrationService } from "./integrations/manage.js";
import type { Logger } from "./logger.js";

export interface ServerOptions {
  database: DatabaseHandle;
  integrations: IntegrationService;
  verifyToken: VerifyToken;
  log: Logger;
  /** Whether migrations have been applied; /ready answers 503 until then. */
  isMigrated: () => boolean;
}

export interface IdentityServer {
  app: FastifyInstance;
  /** Listens and returns the base URL, e.g. http://127.0.0.1:4001 */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<IdentityServer> {
  const { database, integrations, verifyToken, log } = options;
  const app = Fastify({ logger: false });
  const apollo = new ApolloServer<Context>({
    schema: await buildIdentitySchema(),
    // Inline tracing serves Apollo Studio, which this deployment never reports to.
    plugins: [fastifyApolloDrainPlugin(app), requireCallerPlugin, ApolloServerPluginInlineTraceDisabled()],
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  await app.register(fastifyApollo(apollo), {
    path: "/graphql",
    context: async (request) => {
      const header = request.headers.authorization;
      if (!header) return createContext(database.db, integrations, null);
      const [scheme, token] = header.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthenticated("Authorization must be 'Bearer <token>'");
      try {
        return createContext(database.db, integrations, await verifyToken(token));
      } catch (error) {
        if (error instanceof InvalidTokenError) throw unauthenticated(`Invalid bearer token: ${error.message}`);
        throw error;
      }
    },
  });

  app.get("/health", async () => ({ status: "ok" }));
  app.get("/ready", async (_request, reply) => {
    try {
      await database.ping();
    } catch (error) {
      log.warn({ err: error }, "readiness: database unreachable");
      return reply.code(503).send({ status: "unavailable", reason: "database unreachable" });
    }
    if (!options.isMigrated()) return reply.code(503).send({ status: "unavailable", reason: "migrations pending" });
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
