// What production refuses to start without, and what it starts with but warns of: the secrets
// that protect tenants' credentials and callers' identities.
import { describe, expect, it } from "vitest";
import { configWarnings, loadConfig } from "../../src/config.js";

const SECRETS_KEY = Buffer.alloc(32, 1).toString("base64");
const LONG_SECRET = "k".repeat(32);
const DATABASE_URL = "postgres://identity@db.internal:5432/identity";

describe("production configuration", () => {
  it("refuses to start without a key for sealed credentials or a way to verify tokens, naming the variables", () => {
    expect(() => loadConfig({ NODE_ENV: "production", AUTH_JWT_SECRET: LONG_SECRET })).toThrow("SECRETS_KEY is required");
    expect(() => loadConfig({ NODE_ENV: "production", SECRETS_KEY })).toThrow("AUTH_JWT_SECRET or AUTH_JWKS_URL is required");
  });

  it("takes a blank AUTH_JWT_SECRET for none, so that a template rendering it empty cannot open the server to any token", () => {
    for (const blank of ["", " ", "\n\t"]) {
      expect(() => loadConfig({ NODE_ENV: "production", SECRETS_KEY, AUTH_JWT_SECRET: blank })).toThrow("AUTH_JWT_SECRET or AUTH_JWKS_URL is required");
      expect(loadConfig({ AUTH_JWT_SECRET: blank }).auth.jwtSecret).toBeUndefined();
    }
  });

  it("warns of an HS256 secret shorter than 32 bytes in production, and of nothing otherwise", () => {
    const short = loadConfig({ NODE_ENV: "production", SECRETS_KEY, DATABASE_URL, AUTH_JWT_SECRET: "secret" });
    expect(configWarnings(short)).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET is 6 bytes; HS256 wants at least 32 \(openssl rand -base64 32\)/)]);
    expect(configWarnings(loadConfig({ NODE_ENV: "production", SECRETS_KEY, DATABASE_URL, AUTH_JWT_SECRET: LONG_SECRET }))).toEqual([]);
    expect(configWarnings(loadConfig({ AUTH_JWT_SECRET: "secret" }))).toEqual([]);
  });

  it("warns of production on the embedded database, which one process alone may open", () => {
    const embedded = loadConfig({ NODE_ENV: "production", SECRETS_KEY, AUTH_JWT_SECRET: LONG_SECRET, DATA_DIR: "/var/lib/identity" });
    expect(configWarnings(embedded)).toEqual([
      "NODE_ENV=production without DATABASE_URL: the mirror is the embedded database in /var/lib/identity, which one process alone may open; set DATABASE_URL to a PostgreSQL database for replicas",
    ]);
  });
});
