// A credential as an admin gives it, checked before anything is sent or saved: each problem is a
// CredentialInputError naming the field, in words the admin can act on.
import { isAbsolute } from "node:path";
import { isGuid } from "../../directory/guid.js";
import { readCertificate } from "./certificate.js";
import { CredentialInputError } from "./input-error.js";
import type { EntraCredential, EntraCredentialInput } from "./kinds.js";

// A certificate made a moment ago on a machine whose clock runs ahead of ours starts "in the
// future"; as with a token's nbf, a few minutes' difference between clocks is not a fault.
const CLOCK_SKEW_MS = 5 * 60_000;

export interface CredentialDefaults {
  /** The platform's AZURE_FEDERATED_TOKEN_FILE, for a workload identity given without a token file. */
  readonly federatedTokenFile?: string;
}

/** The credential with every default decided, ready for createTokenSource and for sealing. */
export function checkCredential(
  input: EntraCredentialInput,
  defaults: CredentialDefaults = {},
  now: Date = new Date(),
): EntraCredential {
  switch (input.kind) {
    case "CLIENT_SECRET": {
      if (!input.clientSecret.trim()) {
        throw new CredentialInputError("clientSecret", "The client secret is empty: paste the secret's Value");
      }
      if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
        throw new CredentialInputError(
          "clientSecretExpiresAt",
          `The client secret's expiry (${input.expiresAt.toISOString()}) has passed: create a new secret`,
        );
      }
      return input.expiresAt
        ? { kind: "CLIENT_SECRET", clientSecret: input.clientSecret, expiresAt: input.expiresAt }
        : { kind: "CLIENT_SECRET", clientSecret: input.clientSecret };
    }
    case "CERTIFICATE": {
      const certificate = readCertificate(input);
      if (certificate.notAfter.getTime() <= now.getTime()) {
        throw new CredentialInputError(
          "certificate.certificatePem",
          `The certificate ${certificate.thumbprintSha256} expired on ${certificate.notAfter.toISOString()}: make and upload a new one`,
        );
      }
      if (certificate.notBefore.getTime() > now.getTime() + CLOCK_SKEW_MS) {
        throw new CredentialInputError(
          "certificate.certificatePem",
          `The certificate ${certificate.thumbprintSha256} is not valid before ${certificate.notBefore.toISOString()} (this server's time is ${now.toISOString()}): give it once it is, or check the clock of the machine that made it`,
        );
      }
      return { kind: "CERTIFICATE", certificatePem: certificate.chainPem, privateKeyPem: certificate.privateKeyPem };
    }
    case "WORKLOAD_IDENTITY": {
      const tokenFile = input.tokenFile?.trim() || defaults.federatedTokenFile;
      if (!tokenFile) {
        throw new CredentialInputError(
          "workloadIdentity.tokenFile",
          "No token file: give its path, or run where the platform sets AZURE_FEDERATED_TOKEN_FILE (Azure Workload Identity does)",
        );
      }
      if (!isAbsolute(tokenFile)) {
        throw new CredentialInputError("workloadIdentity.tokenFile", `The token file path must be absolute, not ${tokenFile}`);
      }
      return { kind: "WORKLOAD_IDENTITY", tokenFile };
    }
    case "MANAGED_IDENTITY": {
      const clientId = input.clientId?.trim();
      if (!clientId) return { kind: "MANAGED_IDENTITY" };
      if (!isGuid(clientId)) {
        throw new CredentialInputError(
          "managedIdentity.clientId",
          "A user-assigned identity is named by its Client ID, a GUID (not its name); leave it out for the system-assigned identity",
        );
      }
      return { kind: "MANAGED_IDENTITY", clientId };
    }
  }
}
