// Workload identity federation: the client assertion is a token another identity provider issued
// (a Kubernetes service account token, a CI job's OIDC token), read from the file the platform
// keeps fresh. Kubernetes rewrites a projected token well before it expires, so the file is read
// afresh for every token request and never cached here.
import type { ClientAssertionCallback } from "@azure/msal-node";
import { readFile } from "node:fs/promises";
import { authFailure } from "./auth-errors.js";

// Three base64url parts: anything else in the file would only earn Entra's "malformed" answer.
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** msal's `clientAssertion` callback; throws EntraAuthError TOKEN_FILE_UNREADABLE before any request. */
export function tokenFileAssertion(tokenFile: string): ClientAssertionCallback {
  return async () => {
    let text: string;
    try {
      text = await readFile(tokenFile, "utf8");
    } catch (error) {
      throw authFailure(
        "TOKEN_FILE_UNREADABLE",
        { kind: "WORKLOAD_IDENTITY", detail: `${tokenFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` },
        { cause: error },
      );
    }
    const token = text.trim();
    if (!JWT_SHAPE.test(token)) {
      throw authFailure("TOKEN_FILE_UNREADABLE", {
        kind: "WORKLOAD_IDENTITY",
        detail: token ? `${tokenFile} does not hold a JWT` : `${tokenFile} is empty`,
      });
    }
    return token;
  };
}
