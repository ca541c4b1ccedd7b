// Client secrets at rest: sealed with AES-256-GCM under the process's secrets key, shown to
// people only as a hint of their last characters.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config.js";

const FORMAT = "v1";
const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed secret that cannot be opened: wrong key, tampered, or not ours. */
export class SecretSealError extends Error {
  override readonly name = "SecretSealError";
  readonly code = "SECRET_UNSEALABLE";
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64 parts; a fresh random IV every time. */
export function sealSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, checkedKey(key), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(".");
}

export function unsealSecret(sealed: string, key: Buffer): string {
  const [format, ivText, tagText, ciphertextText, ...rest] = sealed.split(".");
  if (format !== FORMAT || ciphertextText === undefined || rest.length > 0) {
    throw new SecretSealError("The stored secret is not in the v1 sealed format");
  }
  const iv = Buffer.from(ivText!, "base64");
  const tag = Buffer.from(tagText!, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretSealError("The stored secret is malformed");
  }
  const decipher = createDecipheriv(ALGORITHM, checkedKey(key), iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    const ciphertext = Buffer.from(ciphertextText, "base64");
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch (error) {
    // GCM cannot tell a wrong key from tampering: both fail authentication.
    throw new SecretSealError(
      "The stored secret cannot be opened: SECRETS_KEY differs from the key it was sealed with, or the value was altered",
      { cause: error },
    );
  }
}

/** "••••3f9a": enough to recognise a secret, never enough to use it. */
export function secretHint(plain: string): string {
  // Short secrets would be mostly revealed by their last four characters.
  return plain.length < 8 ? "••••" : `••••${plain.slice(-4)}`;
}

/**
 * The key from SECRETS_KEY; in development, one generated on first start into
 * `${dataDir}/secrets.key` (0600) and reused, so sealed secrets survive restarts.
 */
export async function loadSecretsKey(
  config: Pick<Config, "secretsKey" | "dataDir">,
): Promise<Buffer> {
  // loadConfig has already refused a production start without SECRETS_KEY.
  if (config.secretsKey) return checkedKey(Buffer.from(config.secretsKey, "base64"));
  const file = join(config.dataDir, "secrets.key");
  try {
    return checkedKey(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // "wx": if another process created the file meanwhile, use its key rather than replace it.
    await writeFile(file, key, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return checkedKey(await readFile(file));
  }
}

function checkedKey(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) {
    throw new SecretSealError(`The secrets key must be ${KEY_BYTES} bytes, not ${key.length}`);
  }
  return key;
}
