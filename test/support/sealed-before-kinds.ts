// A client secret sealed as the integrations table held it before credential kinds (format v1:
// AES-256-GCM of the secret alone, nothing else authenticated), to prove such rows still open.
import { createCipheriv, randomBytes } from "node:crypto";

export function sealedBeforeCredentialKinds(secret: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(".");
}
