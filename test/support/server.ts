// Our real HTTP server on a random port, with tokens minted for any organisation and role.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import type { DatabaseHandle } from "../../src/db/client.js";
import { createTokenVerifier, mintToken } from "../../src/graphql/auth.js";
import { createLogger } from "../../src/logger.js";
import { loadConfig } from "../../src/config.js";
import { createServer } from "../../src/server.js";

export const TEST_JWT_SECRET = "test-secret-of-enough-length-for-hs256";

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestServer {
  url: string;
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

export async function startTestServer(database: DatabaseHandle, env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const config = loadConfig({ AUTH_JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: "memory://", ...env });
  const server = await createServer({
    database,
    verifyToken: await createTokenVerifier(config),
    log: createLogger({ level: "silent" }),
    isMigrated: () => true,
  });
  const base = await server.listen(0, "127.0.0.1");
  const token = (claims: { org?: string; roles?: string[]; sub?: string } = {}) =>
    mintToken(TEST_JWT_SECRET, { roles: ["admin"], ...claims });
  return {
    url: base,
    token,
    async request(document, variables, options = {}) {
      const query = typeof document === "string" ? document : print(document);
      const bearer =
        options.token === null ? null : (options.token ?? (await token({ org: options.org, roles: options.roles })));
      const response = await post(`${base}/graphql`, query, variables, bearer);
      return { status: response.status, body: (await response.json()) as GraphQLResponse<never> };
    },
    close: () => server.close(),
  };
}
