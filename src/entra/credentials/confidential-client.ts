// Tokens for an app registration through msal-node's ConfidentialClientApplication, with the
// credential as msal wants it: a secret, a certificate (SHA-256 thumbprint, key and x5c chain),
// or a client assertion read from a workload identity's token file.
//
// Security: the authority the credential is sent to comes from configuration (see clouds.ts),
// never from an admin's input.
import { ConfidentialClientApplication, type AuthenticationResult, type NodeAuthOptions } from "@azure/msal-node";
import type { CertificateDetails } from "./certificate.js";
import type { ClientSecretCredential, WorkloadIdentityCredential } from "./kinds.js";
import { deadlineNetworkModule } from "./network.js";
import { tokenFileAssertion } from "./workload-identity.js";

/** The credentials an app registration can present; a certificate as readCertificate read it. */
export type AppCredential =
  | ClientSecretCredential
  | { readonly kind: "CERTIFICATE"; readonly certificate: CertificateDetails }
  | WorkloadIdentityCredential;

export interface ConfidentialClientOptions {
  /** The tenant's authority, `${authorityHost}/${tenantId}`. */
  readonly authority: string;
  readonly clientId: string;
  readonly credential: AppCredential;
  /** `${graphOrigin}/.default`. */
  readonly scope: string;
  readonly timeoutMs: number;
}

/**
 * A function asking for a client-credentials token: msal answers from its cache while it can,
 * unless `fresh`, and caches what the endpoint issues.
 */
export function confidentialClientTokens(options: ConfidentialClientOptions): (fresh: boolean) => Promise<AuthenticationResult | null> {
  const { authority, clientId, scope, timeoutMs } = options;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId,
      authority,
      ...credentialOptions(options.credential),
      // Trusting the configured host skips instance discovery at login.microsoftonline.com.
      knownAuthorities: [new URL(authority).host],
      // Given endpoints skip OpenID discovery, whose failure hides the AADSTS code
      // (an unknown tenant would surface as "openid_config_error"); the token endpoint names it.
      authorityMetadata: JSON.stringify(openIdConfiguration(authority)),
    },
    system: { networkClient: deadlineNetworkModule(timeoutMs) },
  });
  return (fresh) => app.acquireTokenByClientCredential({ scopes: [scope], skipCache: fresh });
}

function credentialOptions(credential: AppCredential): Partial<NodeAuthOptions> {
  switch (credential.kind) {
    case "CLIENT_SECRET":
      return { clientSecret: credential.clientSecret };
    case "CERTIFICATE": {
      const { thumbprintSha256, privateKeyPem, chainPem } = credential.certificate;
      // msal signs a PS256 assertion with the key and sends the thumbprint as `x5t#S256`, the chain as `x5c`.
      return { clientCertificate: { thumbprintSha256, privateKey: privateKeyPem, x5c: chainPem } };
    }
    case "WORKLOAD_IDENTITY":
      return { clientAssertion: tokenFileAssertion(credential.tokenFile) };
  }
}

/** The endpoints msal-node would otherwise discover, laid out as Entra publishes them. */
function openIdConfiguration(authority: string) {
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    issuer: `${authority}/v2.0`,
  };
}
