// An integration's credential at rest: the whole credential (a secret, a certificate with its
// private key, a token file's path, a managed identity) as one sealed JSON document, so that one
// column holds any kind and nothing of it is readable without SECRETS_KEY. What may be shown of it
// (kind, hint, expiry) is stored beside it in the clear, so that reading an integration never
// unseals.
import { CREDENTIAL_KINDS } from "../directory/credential-kinds.js";
import { describeCredential, type EntraCredential } from "../entra/credentials.js";
import { seal, SecretSealError, unsealWithAny, type SealFormat, type SecretsKeys } from "./secrets.js";
import type { IntegrationRow } from "./store.js";

/** The columns of an integration that hold its credential. */
export type CredentialColumns = Pick<
  IntegrationRow,
  "sealedCredential" | "credentialKind" | "credentialHint" | "credentialExpiresAt"
>;

/** The credential sealed, with what may be shown of it beside it. */
export function credentialColumns(credential: EntraCredential, key: Buffer): CredentialColumns {
  const { kind, hint, expiresAt } = describeCredential(credential);
  return {
    sealedCredential: sealCredential(credential, key),
    credentialKind: kind,
    credentialHint: hint,
    credentialExpiresAt: expiresAt,
  };
}

/** An EntraCredential as JSON writes it: a secret's expiry as an ISO string. */
type CredentialDocument = { readonly kind: string; readonly expiresAt?: string } & Record<string, unknown>;

/** The credential as one sealed JSON document. */
export function sealCredential(credential: EntraCredential, key: Buffer): string {
  return seal(JSON.stringify(credential), key);
}

export function unsealCredential(sealed: string, keys: SecretsKeys): EntraCredential {
  return openCredential(sealed, keys).credential;
}

/** The credential, and whether a previous key opened it (it is to be sealed again: reseal.ts). */
export function openCredential(sealed: string, keys: SecretsKeys): { credential: EntraCredential; underPrevious: boolean } {
  const { format, plain, underPrevious } = unsealWithAny(sealed, keys);
  return { credential: credentialOf(format, plain), underPrevious };
}

function credentialOf(format: SealFormat, plain: string): EntraCredential {
  // v1 values are client secrets sealed alone, carried over from before credential kinds
  // (drizzle/0002_credential_kinds.sql).
  if (format === "v1") return { kind: "CLIENT_SECRET", clientSecret: plain };
  let document: CredentialDocument;
  try {
    document = JSON.parse(plain) as CredentialDocument;
  } catch (error) {
    throw new SecretSealError("The stored credential is not a credential document", { cause: error });
  }
  if (!(CREDENTIAL_KINDS as readonly string[]).includes(document.kind)) {
    throw new SecretSealError(`The stored credential has an unknown kind: ${document.kind}`);
  }
  // Sealed by credentialColumns (GCM proves it), so its shape is an EntraCredential's.
  const credential = document.expiresAt ? { ...document, expiresAt: new Date(document.expiresAt) } : document;
  return credential as unknown as EntraCredential;
}
