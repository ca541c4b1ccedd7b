// What each kind of credential holds (their names, one list shared with the API, the database and
// the command line, are src/directory/credential-kinds.ts).

/** A client secret of the app registration (msal's `clientSecret`). */
export interface ClientSecretCredential {
  readonly kind: "CLIENT_SECRET";
  readonly clientSecret: string;
  /** When the secret expires, if the admin said so (Entra does not tell the app). */
  readonly expiresAt?: Date;
}

/** A certificate uploaded to the app registration, and its private key (msal's `clientCertificate`). */
export interface CertificateCredential {
  readonly kind: "CERTIFICATE";
  /** The certificate, PEM; it may be followed by its issuers' certificates (the x5c chain). */
  readonly certificatePem: string;
  /** Its RSA private key, PEM, unencrypted. */
  readonly privateKeyPem: string;
}

/**
 * Workload identity federation: a token from another identity provider (a Kubernetes service
 * account, a CI job), read from a file that the platform rotates, which Entra trusts through a
 * federated credential on the app registration.
 */
export interface WorkloadIdentityCredential {
  readonly kind: "WORKLOAD_IDENTITY";
  /** Absolute path of the token file, read afresh on every token request. */
  readonly tokenFile: string;
}

/** The managed identity of the Azure resource this process runs on. */
export interface ManagedIdentityCredential {
  readonly kind: "MANAGED_IDENTITY";
  /** A user-assigned identity's client id; absent: the system-assigned identity. */
  readonly clientId?: string;
}

/** A credential ready for the token source: checked, with every default decided. */
export type EntraCredential =
  | ClientSecretCredential
  | CertificateCredential
  | WorkloadIdentityCredential
  | ManagedIdentityCredential;

/**
 * A credential as an admin gives it (GraphQL leaves absent fields null): the workload identity's
 * token file may be left out, for the platform's AZURE_FEDERATED_TOKEN_FILE. checkCredential
 * turns it into an EntraCredential.
 */
export type EntraCredentialInput =
  | { readonly kind: "CLIENT_SECRET"; readonly clientSecret: string; readonly expiresAt?: Date | null }
  | CertificateCredential
  | { readonly kind: "WORKLOAD_IDENTITY"; readonly tokenFile?: string | null }
  | { readonly kind: "MANAGED_IDENTITY"; readonly clientId?: string | null };
