// A certificate credential read and checked as Entra will judge it: an RSA certificate (2048 bits
// or more) and the private key that belongs to it. Entra names the certificate by the SHA-256 of
// its DER encoding (the assertion's `x5t#S256` header), which is also what we show as its hint.
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { CredentialInputError } from "./input-error.js";
import type { CertificateCredential } from "./kinds.js";

export interface CertificateDetails {
  /** SHA-256 thumbprint of the leaf certificate, hex, upper case, no separators. */
  readonly thumbprintSha256: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The certificates, leaf first, PEM: the `x5c` chain for subject name / issuer authentication. */
  readonly chainPem: string;
  /** The private key as unencrypted PKCS#8 PEM, whichever PEM form it was given in. */
  readonly privateKeyPem: string;
}

const CERTIFICATE_FIELD = "certificate.certificatePem";
const KEY_FIELD = "certificate.privateKeyPem";
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;
// Entra refuses smaller RSA keys for certificate credentials.
const MIN_RSA_BITS = 2048;

/**
 * The certificate's details, or a CredentialInputError naming the field at fault. Validity dates
 * are not judged here: a stored certificate that expires later must fail its token request with
 * CERTIFICATE_EXPIRED, not look like bad input (checkCredential judges them for new input).
 */
export function readCertificate(credential: Pick<CertificateCredential, "certificatePem" | "privateKeyPem">): CertificateDetails {
  const certificatePem = withLineBreaks(credential.certificatePem);
  const privateKeyPem = withLineBreaks(credential.privateKeyPem);
  // The certificate may be stored and shown unsealed: a private key must never travel with it.
  if (PRIVATE_KEY_BLOCK.test(certificatePem)) {
    throw new CredentialInputError(
      CERTIFICATE_FIELD,
      "certificatePem contains a private key: give only the certificate (-----BEGIN CERTIFICATE-----) there, and the key in privateKeyPem",
    );
  }
  const blocks = certificatePem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new CredentialInputError(
      CERTIFICATE_FIELD,
      "certificatePem holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a .cer or .pfx file with openssl first",
    );
  }
  const chain = blocks.map((block, index) => parseCertificate(block, index));
  // The app's own certificate is the one the key belongs to, wherever the chain put it (some
  // exports put the issuers first); the x5c chain Entra reads starts with it, each certificate
  // followed by its issuer.
  const key = tryParsePrivateKey(privateKeyPem);
  const keyIndex = key.privateKey ? chain.findIndex((certificate) => certificate.checkPrivateKey(key.privateKey!)) : -1;
  if (keyIndex >= 0 && chain.some((other, index) => index !== keyIndex && other.checkIssued(chain[keyIndex]!))) {
    throw new CredentialInputError(
      KEY_FIELD,
      `The private key belongs to an issuer in the chain (${chain[keyIndex]!.subject.replaceAll("\n", ", ")}), not to the app's certificate: give the key the app's certificate was made from`,
    );
  }
  const order = issuerOrder(chain, Math.max(keyIndex, 0));
  const leaf = chain[order[0]!]!;
  const publicKey = leaf.publicKey;
  if (publicKey.asymmetricKeyType !== "rsa") {
    throw new CredentialInputError(
      CERTIFICATE_FIELD,
      `The certificate has a ${publicKey.asymmetricKeyType ?? "non-RSA"} key; Microsoft Entra ID accepts RSA certificates for app credentials`,
    );
  }
  const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new CredentialInputError(
      CERTIFICATE_FIELD,
      `The certificate's RSA key has ${bits} bits; Microsoft Entra ID needs at least ${MIN_RSA_BITS}`,
    );
  }
  if (key.refusal) throw key.refusal;
  const privateKey = key.privateKey!;
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new CredentialInputError(
      KEY_FIELD,
      "The private key does not belong to the certificate: give the key the certificate was made from",
    );
  }
  return {
    thumbprintSha256: leaf.fingerprint256.replaceAll(":", "").toUpperCase(),
    subject: leaf.subject,
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    chainPem: order.map((index) => blocks[index]).join("\n"),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function parseCertificate(pem: string, index: number): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    const which = index === 0 ? "The certificate" : `Certificate ${index + 1} of the chain`;
    throw new CredentialInputError(CERTIFICATE_FIELD, `${which} cannot be read: ${(error as Error).message}`);
  }
}

/** The chain's indexes from `leafIndex`, each followed by its issuer; certificates off that path after them as given. */
function issuerOrder(chain: readonly X509Certificate[], leafIndex: number): number[] {
  const order = [leafIndex];
  for (;;) {
    const current = chain[order.at(-1)!]!;
    const issuer = chain.findIndex((candidate, index) => !order.includes(index) && current.checkIssued(candidate));
    if (issuer < 0) break;
    order.push(issuer);
  }
  return [...order, ...chain.map((_, index) => index).filter((index) => !order.includes(index))];
}

/** The key, or the refusal to give once the certificate's own faults are told. */
function tryParsePrivateKey(pem: string): { privateKey?: KeyObject; refusal?: CredentialInputError } {
  try {
    return { privateKey: parsePrivateKey(pem) };
  } catch (error) {
    if (error instanceof CredentialInputError) return { refusal: error };
    throw error;
  }
}

/**
 * PEM whose line breaks were lost on the way (pasted into a one-line field, or written with
 * escaped "\n"): each block's base64 rewrapped, as a PEM reader needs it. Blocks that kept their
 * line breaks are left as they are.
 */
function withLineBreaks(text: string): string {
  const unescaped = text.includes("-----BEGIN") ? text.replace(/\\r\\n|\\n/g, "\n") : text;
  return unescaped.replace(/(-----BEGIN [A-Z0-9 ]+-----)([^\n-][^-]*?)(-----END [A-Z0-9 ]+-----)/g, (block, begin: string, body: string, end: string) =>
    body.includes("\n") ? block : `${begin}\n${body.replace(/\s+/g, "").replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n${end}`,
  );
}

function parsePrivateKey(pem: string): KeyObject {
  const block = PRIVATE_KEY_BLOCK.exec(pem);
  if (!block) {
    throw new CredentialInputError(KEY_FIELD, "privateKeyPem holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }
  if (block[1] === "ENCRYPTED PRIVATE KEY" || /Proc-Type: 4,ENCRYPTED/.test(block[0])) {
    throw new CredentialInputError(
      KEY_FIELD,
      "The private key is encrypted with a passphrase: give it unencrypted (openssl pkey -in key.pem -out plain.pem); it is sealed at rest here",
    );
  }
  try {
    return createPrivateKey(block[0]);
  } catch (error) {
    throw new CredentialInputError(KEY_FIELD, `The private key cannot be read: ${(error as Error).message}`);
  }
}
