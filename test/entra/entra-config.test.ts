// Entra settings in the configuration: request deadlines, the authority host, the workload identity token file and
// who may use the server's own identity.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("request deadlines in the configuration", () => {
  it("default to 60 s for Graph's headers, 120 s for its body and 30 s for a token request", () => {
    expect(loadConfig({}).deadlines).toEqual({ graph: { headersMs: 60_000, bodyMs: 120_000 }, tokenMs: 30_000 });
  });

  it("take seconds, fractions included, from the environment", () => {
    const config = loadConfig({
      GRAPH_HEADERS_TIMEOUT_SECONDS: "10",
      GRAPH_BODY_TIMEOUT_SECONDS: "300",
      ENTRA_TOKEN_TIMEOUT_SECONDS: "0.5",
    });
    expect(config.deadlines).toEqual({ graph: { headersMs: 10_000, bodyMs: 300_000 }, tokenMs: 500 });
  });

  it("refuse a wait that is not a positive number of seconds, naming the variable", () => {
    for (const [name, value] of [
      ["GRAPH_HEADERS_TIMEOUT_SECONDS", "0"],
      ["GRAPH_BODY_TIMEOUT_SECONDS", "soon"],
      ["ENTRA_TOKEN_TIMEOUT_SECONDS", "7200"],
    ]) {
      expect(() => loadConfig({ [name!]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name!]: value })).toThrow(name);
    }
  });

  it("refuse an authority host that is not https, naming the variable, rather than failing every token request later", () => {
    expect(() => loadConfig({ ENTRA_AUTHORITY_HOST: "http://127.0.0.1:8443" })).toThrow(/ENTRA_AUTHORITY_HOST.*https/);
    expect(loadConfig({ ENTRA_AUTHORITY_HOST: "https://login.example.test" })).toBeDefined();
  });

  it("read the platform's workload identity token file, when it sets one", () => {
    expect(loadConfig({}).federatedTokenFile).toBeUndefined();
    expect(loadConfig({ AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/azure/tokens/azure-identity-token" }).federatedTokenFile).toBe(
      "/var/run/secrets/azure/tokens/azure-identity-token",
    );
  });

  it("let only the default organisation use the server's own identity, unless PLATFORM_IDENTITY_ORGS names others or every one", () => {
    expect(loadConfig({}).platformIdentityOrgs).toEqual(new Set(["default"]));
    expect(loadConfig({ PLATFORM_IDENTITY_ORGS: " acme, globex ,," }).platformIdentityOrgs).toEqual(new Set(["acme", "globex"]));
    expect(loadConfig({ PLATFORM_IDENTITY_ORGS: "" }).platformIdentityOrgs).toEqual(new Set());
    expect(loadConfig({ PLATFORM_IDENTITY_ORGS: "*" }).platformIdentityOrgs).toBe("*");
  });
});
