// Our real HTTP server on a random port, with tokens minted for any organisation and role.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/client.js";
import { mintToken } from "../../src/graphql/auth.js";
import { createLogger, type Logger } from "../../src/logger.js";

export const TEST_JWT_SECRET = "test-secret-of-enough-length-for-hs256";

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestServer {
  url: string;
  app: App;
  token(claims?: { org?: string; roles?: string[]; sub?: string }): Promise<string>;
  /** POSTs an operation; `token: null` sends no Authorization header. */
  request<T, V>(
    document: TypedDocumentNode<T, V> | DocumentNode | string,
    variables?: V,
    options?: { token?: string | null; org?: string; roles?: string[] },
  ): Promise<{ status: number; body: GraphQLResponse<T> }>;
  close(): Promise<void>;
}

export function post(url: string, query: string, variables: unknown, token: string | null) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
}

/** A fixed 32-byte key, so tests can look for sealed and clear secrets in the database. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString("base64");

export async function startTestServer(
  database: DatabaseHandle,
  options: { env?: NodeJS.ProcessEnv; log?: Logger; deadRunGraceMs?: number } = {},
): Promise<TestServer> {
  const config = loadConfig({
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    SECRETS_KEY: TEST_SECRETS_KEY,
    PORT: "0",
    ...options.env,
  });
  // The scheduler is driven by tests (app.scheduler.tick) rather than by the clock.
  const app = await startApp({
    config,
    log: options.log ?? createLogger({ level: "silent" }),
    database,
    schedulerTickMs: 0,
    deadRunGraceMs: options.deadRunGraceMs,
  });
  const base = app.url;
  // An admin of the default organisation unless told otherwise.
  const token = ({ org, roles, sub }: { org?: string; roles?: string[]; sub?: string } = {}) =>
    mintToken(TEST_JWT_SECRET, { org, sub, roles: roles ?? ["admin"] });
  return {
    url: base,
    app,
    token,
    async request(document, variables, options = {}) {
      const query = typeof document === "string" ? document : print(document);
      const bearer =
        options.token === null ? null : (options.token ?? (await token({ org: options.org, roles: options.roles })));
      const response = await post(`${base}/graphql`, query, variables, bearer);
      return { status: response.status, body: (await response.json()) as GraphQLResponse<never> };
    },
    close: () => app.close(),
  };
}
