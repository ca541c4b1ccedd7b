// How a replica's database work is bounded, in the configuration: sync slots, serving
// connections, and the read replica.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("database work in the configuration", () => {
  it("runs one sync at a time and serves GraphQL on ten connections unless told otherwise", () => {
    const config = loadConfig({});
    expect(config.syncConcurrency).toBe(1);
    expect(config.databasePoolSize).toBe(10);
    expect(config.databaseReadUrl).toBeUndefined();
    expect(loadConfig({ SYNC_CONCURRENCY: "4", DATABASE_POOL_SIZE: "20" })).toMatchObject({ syncConcurrency: 4, databasePoolSize: 20 });
  });

  it("refuses a replica that could run no sync, naming the variable", () => {
    expect(() => loadConfig({ SYNC_CONCURRENCY: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ SYNC_CONCURRENCY: "0" })).toThrow("SYNC_CONCURRENCY");
  });

  it("refuses a read replica without the primary it replicates", () => {
    expect(() => loadConfig({ DATABASE_READ_URL: "postgres://reader@replica:5432/identity" })).toThrow(
      "DATABASE_READ_URL needs DATABASE_URL",
    );
    const config = loadConfig({
      DATABASE_URL: "postgres://identity@primary:5432/identity",
      DATABASE_READ_URL: "postgres://reader@replica:5432/identity",
    });
    expect(config.databaseReadUrl).toBe("postgres://reader@replica:5432/identity");
  });
});
