// What an app registration's owner adds besides a secret: certificates and federated credentials.
import { X509Certificate } from "node:crypto";
import type { FederatedCredential, RegisteredApp } from "./types.js";

export interface FederatedCredentialOptions {
  readonly issuer: string;
  readonly subject: string;
  /** Default ["api://AzureADTokenExchange"], as the portal proposes. */
  readonly audiences?: readonly string[];
  readonly name?: string;
}

/**
 * Uploads a certificate's public part to the app, as Certificates & secrets > Upload certificate
 * does; `endDateTime` may end its use before the certificate itself expires.
 */
export function uploadCertificate(app: RegisteredApp, certificatePem: string, endDateTime?: Date): void {
  const notAfter = new Date(new X509Certificate(certificatePem).validTo);
  app.certificates.push({ certificatePem, endDateTime: endDateTime ?? notAfter });
}

/** Adds a federated identity credential to the app. */
export function addFederatedCredential(app: RegisteredApp, options: FederatedCredentialOptions): FederatedCredential {
  const credential: FederatedCredential = {
    name: options.name ?? `federated-${app.federatedCredentials.length + 1}`,
    issuer: options.issuer,
    subject: options.subject,
    audiences: [...(options.audiences ?? ["api://AzureADTokenExchange"])],
  };
  app.federatedCredentials.push(credential);
  return credential;
}
