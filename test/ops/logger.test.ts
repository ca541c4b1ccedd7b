// Structured logs: one JSON object per line, with secrets redacted wherever a caller put them.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { GraphQLError } from "graphql";
import { createLogger } from "../../src/logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

describe("logs", () => {
  it("redact client secrets, private keys, tokens and authorization headers however deep a careless call put them", () => {
    const { log, lines } = capture();
    log.info({ clientSecret: "s1", input: { clientSecret: "s2", name: "Corporate" } }, "adding");
    log.info({ request: { headers: { authorization: "Bearer eyJ.secret" } }, token: { accessToken: "at" } }, "calling");
    log.info({ integration: { sealedCredential: "v2.sealed" } }, "stored");
    log.info({ privateKeyPem: "k1", input: { certificate: { privateKeyPem: "k2", certificatePem: "public" } } }, "adding");
    const text = JSON.stringify(lines);
    for (const secret of ["s1", "s2", "eyJ.secret", '"at"', "v2.sealed", "k1", "k2"]) expect(text).not.toContain(secret);
    expect(text).toContain("public");
    expect(lines[0]).toMatchObject({ clientSecret: "[redacted]", input: { clientSecret: "[redacted]", name: "Corporate" } });
    expect(lines[1]).toMatchObject({ request: { headers: { authorization: "[redacted]" } } });
  });

  it("leave out the values bound to a statement that failed, which its error carries and drizzle writes into its message", () => {
    const { log, lines } = capture();
    const refused = Object.assign(new Error("invalid byte sequence for encoding \"UTF8\": 0x00"), {
      query: "insert into integrations (name, sealed_credential) values ($1, $2)",
      // A value that looks like a stack frame must not end the cut early.
      parameters: ["Corporate\u0000\n    at nowhere", "v2.iv.tag.SEALED-VALUE"],
    });
    const failed = new DrizzleQueryError(refused.query, refused.parameters, refused);
    log.error({ err: failed }, "sync failed");
    log.error({ err: refused }, "sync failed");
    // As mask-errors.ts logs it: the GraphQL error the executor made of it, which copies its message.
    log.error({ err: new GraphQLError(failed.message, { originalError: failed }) }, "internal error while resolving");
    expect(JSON.stringify(lines)).not.toContain("SEALED-VALUE");
    // What PostgreSQL said is kept (pino appends the cause's message).
    expect(lines[0]).toMatchObject({
      err: { params: "[redacted]", message: expect.stringMatching(/^Failed query: insert into integrations .*\nparams: \[redacted\]: invalid byte sequence/s) },
    });
    expect(lines[0]!.err).toMatchObject({ stack: expect.stringMatching(/\nparams: \[redacted\]\n {4}at /) });
    expect(lines[1]).toMatchObject({ err: { query: expect.stringContaining("insert into integrations"), parameters: "[redacted]" } });
    expect(lines[2]).toMatchObject({ err: { message: expect.stringMatching(/\nparams: \[redacted\]$/) } });
  });

  it("write one JSON object per line with level, time, service and message", () => {
    const { log, lines } = capture();
    log.warn({ integrationId: "i1" }, "sync failed");
    expect(lines[0]).toMatchObject({ level: 40, service: "identity-subgraph", integrationId: "i1", msg: "sync failed" });
    expect(typeof lines[0]?.time).toBe("number");
  });
});
