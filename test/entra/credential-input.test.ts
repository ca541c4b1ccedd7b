// A credential as an admin gives it: checked before anything is sent or saved, each problem
// naming its field; and what an integration shows of it afterwards, never the secret itself.
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CREDENTIAL_KINDS } from "../../src/directory/credential-kinds.js";
import {
  checkCredential,
  CredentialInputError,
  describeCredential,
  type EntraCredentialInput,
} from "../../src/entra/credentials.js";
import { makeAppCertificate } from "../emulator/app-certificates.js";

const valid = makeAppCertificate({ notAfter: new Date("2099-01-01T00:00:00Z") });
const other = makeAppCertificate();

function inputError(input: EntraCredentialInput, defaults = {}): CredentialInputError {
  let caught: unknown;
  try {
    checkCredential(input, defaults);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CredentialInputError);
  return caught as CredentialInputError;
}

const certificate = (certificatePem: string, privateKeyPem: string): EntraCredentialInput => ({
  kind: "CERTIFICATE",
  certificatePem,
  privateKeyPem,
});

describe("checkCredential", () => {
  it("names the four kinds in one list", () => {
    expect(CREDENTIAL_KINDS).toEqual(["CLIENT_SECRET", "CERTIFICATE", "WORKLOAD_IDENTITY", "MANAGED_IDENTITY"]);
  });

  it("accepts a certificate and its key, in PKCS#1 form too, keeping the key as PKCS#8", () => {
    const pkcs1 = createPrivateKey(valid.privateKeyPem).export({ type: "pkcs1", format: "pem" }).toString();
    expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const checked = checkCredential(certificate(valid.certificatePem, pkcs1));
    expect(checked).toEqual({ kind: "CERTIFICATE", certificatePem: valid.certificatePem.trim(), privateKeyPem: valid.privateKeyPem });
  });

  describe("a chain", () => {
    const root = makeAppCertificate({ subject: "Contoso Root CA" });
    const intermediate = makeAppCertificate({ subject: "Contoso Issuing CA", issuer: root });
    const app = makeAppCertificate({ subject: "identity-subgraph", issuer: intermediate });
    const pem = (...certificates: { certificatePem: string }[]) => certificates.map((c) => c.certificatePem).join("");
    const inOrder = [app, intermediate, root].map((c) => c.certificatePem.trim()).join("\n");

    it("given issuers first, or in any order, is kept as Entra reads it: the app's certificate (the key's), then each issuer", () => {
      for (const given of [pem(root, intermediate, app), pem(intermediate, root, app), pem(app, root, intermediate)]) {
        expect(checkCredential(certificate(given, app.privateKeyPem))).toMatchObject({ kind: "CERTIFICATE", certificatePem: inOrder });
      }
    });

    it("with an issuer's key is refused: that key belongs to a CA, not to the app's certificate", () => {
      const error = inputError(certificate(pem(app, intermediate, root), intermediate.privateKeyPem));
      expect(error.field).toBe("certificate.privateKeyPem");
      expect(error.message).toMatch(/^The private key belongs to an issuer in the chain \(CN=Contoso Issuing CA\), not to the app's certificate/);
    });
  });

  it("accepts PEM whose line breaks were lost in a one-line field, or written as escaped \\n", () => {
    const flattened = certificate(valid.certificatePem.replaceAll("\n", " "), valid.privateKeyPem.replaceAll("\n", "\\n"));
    expect(checkCredential(flattened)).toEqual(checkCredential(certificate(valid.certificatePem, valid.privateKeyPem)));
  });

  it.each([
    ["a certificate field holding a private key", certificate(`${valid.certificatePem}${valid.privateKeyPem}`, valid.privateKeyPem), "certificate.certificatePem", /contains a private key/],
    ["a certificate that is no PEM", certificate("MIIC...base64 of a .cer", valid.privateKeyPem), "certificate.certificatePem", /holds no PEM certificate/],
    ["a certificate that cannot be read", certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", valid.privateKeyPem), "certificate.certificatePem", /The certificate cannot be read/],
    ["a key field holding the certificate", certificate(valid.certificatePem, valid.certificatePem), "certificate.privateKeyPem", /holds no PEM private key/],
    ["a key of another certificate", certificate(valid.certificatePem, other.privateKeyPem), "certificate.privateKeyPem", /does not belong to the certificate/],
  ] as const)("refuses %s, naming the field", (_case, input, field, message) => {
    const error = inputError(input);
    expect(error).toMatchObject({ field });
    expect(error.message).toMatch(message);
  });

  it("refuses a key encrypted with a passphrase, saying how to decrypt it", () => {
    const encrypted = createPrivateKey(valid.privateKeyPem)
      .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse" })
      .toString();
    const error = inputError(certificate(valid.certificatePem, encrypted));
    expect(error.field).toBe("certificate.privateKeyPem");
    expect(error.message).toMatch(/encrypted with a passphrase: give it unencrypted \(openssl pkey/);
  });

  it("refuses an expired or not yet valid certificate, with its thumbprint and date", () => {
    const expired = makeAppCertificate({ notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-01-01T00:00:00Z") });
    const early = makeAppCertificate({ notBefore: new Date(Date.now() + 86400_000) });
    expect(inputError(certificate(expired.certificatePem, expired.privateKeyPem)).message).toMatch(
      /^The certificate [0-9A-F]{64} expired on 2021-01-01T00:00:00\.000Z: make and upload a new one$/,
    );
    expect(inputError(certificate(early.certificatePem, early.privateKeyPem)).message).toMatch(
      /is not valid before .* \(this server's time is .*\): give it once it is, or check the clock/,
    );
  });

  it("takes a certificate made a moment ago by a machine whose clock runs a minute ahead", () => {
    const fresh = makeAppCertificate({ notBefore: new Date(Date.now() + 60_000) });
    expect(checkCredential(certificate(fresh.certificatePem, fresh.privateKeyPem))).toMatchObject({ kind: "CERTIFICATE" });
  });

  it("refuses certificates Entra would not accept: not RSA, or RSA under 2048 bits", () => {
    const ec = makeAppCertificate({ key: "ec" });
    const small = makeAppCertificate({ key: "rsa-1024" });
    expect(inputError(certificate(ec.certificatePem, ec.privateKeyPem)).message).toMatch(/has a ec key; .* accepts RSA/);
    expect(inputError(certificate(small.certificatePem, small.privateKeyPem)).message).toMatch(/1024 bits; .* at least 2048/);
  });

  it("takes the platform's token file for a workload identity given without one, and wants an absolute path", () => {
    expect(checkCredential({ kind: "WORKLOAD_IDENTITY", tokenFile: null }, { federatedTokenFile: "/var/run/secrets/azure/tokens/azure-identity-token" })).toEqual({
      kind: "WORKLOAD_IDENTITY",
      tokenFile: "/var/run/secrets/azure/tokens/azure-identity-token",
    });
    expect(checkCredential({ kind: "WORKLOAD_IDENTITY", tokenFile: "/token" }, { federatedTokenFile: "/platform" })).toEqual({
      kind: "WORKLOAD_IDENTITY",
      tokenFile: "/token",
    });
    expect(inputError({ kind: "WORKLOAD_IDENTITY" })).toMatchObject({ field: "workloadIdentity.tokenFile", message: expect.stringMatching(/AZURE_FEDERATED_TOKEN_FILE/) });
    expect(inputError({ kind: "WORKLOAD_IDENTITY", tokenFile: "token" }).message).toMatch(/must be absolute/);
  });

  it("takes a managed identity's client id as a GUID, and none as the system-assigned identity", () => {
    expect(checkCredential({ kind: "MANAGED_IDENTITY", clientId: null })).toEqual({ kind: "MANAGED_IDENTITY" });
    expect(checkCredential({ kind: "MANAGED_IDENTITY", clientId: " 44444444-4444-4444-8444-444444444444 " })).toEqual({
      kind: "MANAGED_IDENTITY",
      clientId: "44444444-4444-4444-8444-444444444444",
    });
    expect(inputError({ kind: "MANAGED_IDENTITY", clientId: "identity-subgraph-mi" }).field).toBe("managedIdentity.clientId");
  });

  it("refuses an empty secret, and a secret expiry already past", () => {
    expect(inputError({ kind: "CLIENT_SECRET", clientSecret: "  " }).field).toBe("clientSecret");
    expect(inputError({ kind: "CLIENT_SECRET", clientSecret: "Xy8Q~secret", expiresAt: new Date("2020-01-01") }).field).toBe("clientSecretExpiresAt");
  });
});

describe("describeCredential", () => {
  it("shows a secret's last characters and the expiry the admin gave", () => {
    const expiresAt = new Date("2027-03-01T00:00:00Z");
    expect(describeCredential({ kind: "CLIENT_SECRET", clientSecret: "Abc8Q~0123456789abcd3f9a", expiresAt })).toEqual({
      kind: "CLIENT_SECRET",
      hint: "••••3f9a",
      expiresAt,
    });
  });

  it("shows nothing of a secret too short to hide its last four characters", () => {
    expect(describeCredential({ kind: "CLIENT_SECRET", clientSecret: "12345678" }).hint).toBe("••••5678");
    expect(describeCredential({ kind: "CLIENT_SECRET", clientSecret: "1234567" }).hint).toBe("••••");
  });

  it("shows a certificate's SHA-256 thumbprint and its notAfter, never the key", () => {
    const description = describeCredential({ kind: "CERTIFICATE", ...valid });
    const thumbprint = createHash("sha256").update(new X509Certificate(valid.certificatePem).raw).digest("hex").toUpperCase();
    expect(description).toEqual({ kind: "CERTIFICATE", hint: thumbprint, expiresAt: new Date("2099-01-01T00:00:00Z") });
  });

  it("shows a token file's path and a managed identity's client id, or that it is system-assigned", () => {
    expect(describeCredential({ kind: "WORKLOAD_IDENTITY", tokenFile: "/var/run/token" })).toEqual({
      kind: "WORKLOAD_IDENTITY",
      hint: "/var/run/token",
      expiresAt: null,
    });
    expect(describeCredential({ kind: "MANAGED_IDENTITY" }).hint).toBe("system-assigned");
    expect(describeCredential({ kind: "MANAGED_IDENTITY", clientId: "44444444-4444-4444-8444-444444444444" }).hint).toBe(
      "44444444-4444-4444-8444-444444444444",
    );
  });
});
