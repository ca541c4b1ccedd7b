// The refusal a token source's getToken rejects with, checked as every caller relies on it: an
// EntraAuthError with code ENTRA_AUTH_FAILED whose words repeat none of the credential's secrets.
import { expect } from "vitest";
import { EntraAuthError, type TokenSource } from "../../src/entra/credentials.js";

export async function tokenRefusal(source: TokenSource, secrets: readonly string[] = []): Promise<EntraAuthError> {
  const error = await source.getToken().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EntraAuthError);
  const refused = error as EntraAuthError;
  expect(refused.code).toBe("ENTRA_AUTH_FAILED");
  for (const text of [refused.message, refused.hint, JSON.stringify(refused), String(refused.cause)]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  return refused;
}
