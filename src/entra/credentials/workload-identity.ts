// Workload identity federation: the client assertion is a token another identity provider issued
// (a Kubernetes service account token, a CI job's OIDC token), read from the file the platform
// keeps fresh. Kubernetes rewrites a projected token well before it expires, so the file is read
// afresh for every token request and never cached here.
import type { ClientAssertionCallback } from "@azure/msal-node";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { authFailure } from "./auth-errors.js";

// Three base64url parts: anything else in the file would only earn Entra's "malformed" answer.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** A service account token is a kilobyte or two; a file far larger holds something else. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** msal's `clientAssertion` callback; throws EntraAuthError TOKEN_FILE_UNREADABLE before any request. */
export function tokenFileAssertion(tokenFile: string): ClientAssertionCallback {
  return async () => {
    const token = (await readTokenFile(tokenFile)).trim();
    if (!JWT_SHAPE.test(token)) {
      throw authFailure("TOKEN_FILE_UNREADABLE", {
        kind: "WORKLOAD_IDENTITY",
        detail: token ? `${tokenFile} does not hold a JWT` : `${tokenFile} is empty`,
      });
    }
    return token;
  };
}

/**
 * The file's text: a regular file of at most MAX_TOKEN_FILE_BYTES. Opened without blocking, so a
 * path an admin gave to a FIFO or a device (/dev/zero) is refused at once instead of waiting or
 * reading without end.
 */
async function readTokenFile(tokenFile: string): Promise<string> {
  const unreadable = (why: string, cause?: unknown) =>
    authFailure("TOKEN_FILE_UNREADABLE", { kind: "WORKLOAD_IDENTITY", detail: `${tokenFile} ${why}` }, { cause });
  const cannotRead = (error: unknown) => unreadable(`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
  const file = await open(tokenFile, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => {
    throw cannotRead(error);
  });
  try {
    const stat = await file.stat().catch((error: unknown) => {
      throw cannotRead(error);
    });
    if (!stat.isFile()) throw unreadable("is not a regular file");
    if (stat.size > MAX_TOKEN_FILE_BYTES) throw unreadable(`is ${stat.size} bytes, larger than any token`);
    return await file.readFile("utf8").catch((error: unknown) => {
      throw cannotRead(error);
    });
  } finally {
    await file.close();
  }
}
