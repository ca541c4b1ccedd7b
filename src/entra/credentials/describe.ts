// What an integration shows of its credential: the kind, a hint to recognise it by, and when it
// stops working. Never the secret or the private key.
import type { CredentialKind } from "../../directory/credential-kinds.js";
import { readCertificate } from "./certificate.js";
import type { EntraCredential } from "./kinds.js";

export interface CredentialDescription {
  readonly kind: CredentialKind;
  /**
   * "••••3f9a" for a secret, the certificate's SHA-256 thumbprint, the token file's path, the
   * managed identity's client id or "system-assigned".
   */
  readonly hint: string;
  /** The certificate's notAfter, or the expiry an admin gave for a secret; null when unknown or never. */
  readonly expiresAt: Date | null;
}

export function describeCredential(credential: EntraCredential): CredentialDescription {
  switch (credential.kind) {
    case "CLIENT_SECRET":
      return { kind: credential.kind, hint: secretHint(credential.clientSecret), expiresAt: credential.expiresAt ?? null };
    case "CERTIFICATE": {
      const { thumbprintSha256, notAfter } = readCertificate(credential);
      return { kind: credential.kind, hint: thumbprintSha256, expiresAt: notAfter };
    }
    case "WORKLOAD_IDENTITY":
      return { kind: credential.kind, hint: credential.tokenFile, expiresAt: null };
    case "MANAGED_IDENTITY":
      return { kind: credential.kind, hint: credential.clientId ?? "system-assigned", expiresAt: null };
  }
}

/** "••••3f9a": enough to recognise a secret, never enough to use it. */
function secretHint(plain: string): string {
  // Short secrets would be mostly revealed by their last four characters.
  return plain.length < 8 ? "••••" : `••••${plain.slice(-4)}`;
}
