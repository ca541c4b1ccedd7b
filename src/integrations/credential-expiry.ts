// A credential about to stop working, as an admin should read it on the integration's status:
// when, which one, and how to replace it before syncs start failing.
import type { CredentialKind } from "../directory/credential-kinds.js";
import type { IntegrationErrorRow } from "../db/schema.js";
import type { StatusReasonCode } from "./status-reasons.js";

export const CREDENTIAL_EXPIRING = "CREDENTIAL_EXPIRING" satisfies StatusReasonCode;

export interface ExpiringCredential {
  credentialKind: CredentialKind;
  credentialHint: string;
  credentialExpiresAt: Date;
}

/** The warning an integration shows while its credential expires within the warning window. */
export function credentialExpiringWarning(credential: ExpiringCredential, now = new Date()): IntegrationErrorRow {
  const { credentialKind, credentialHint, credentialExpiresAt } = credential;
  const when = `${credentialExpiresAt.getTime() > now.getTime() ? "expires" : "expired"} on ${credentialExpiresAt.toISOString()}`;
  // Only certificates and client secrets have an expiry (see describeCredential).
  if (credentialKind === "CERTIFICATE") {
    return {
      code: CREDENTIAL_EXPIRING,
      message: `The certificate ${credentialHint} ${when}; syncs fail from then on`,
      hint: "Make a new certificate, upload it to the app registration under Certificates & secrets > Certificates, then give it and its key to updateEntraIntegration (certificate); delete the old one in Azure after the switch",
    };
  }
  return {
    code: CREDENTIAL_EXPIRING,
    message: `The client secret ${credentialHint} ${when}; syncs fail from then on`,
    hint: "Create a new client secret under Certificates & secrets and give it to updateEntraIntegration (clientSecret, with clientSecretExpiresAt); or switch to a certificate or workload identity federation, which need no secret",
  };
}
