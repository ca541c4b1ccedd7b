// Credentials at rest: sealed with AES-256-GCM under the process's secrets key (SECRETS_KEY), never
// stored in the clear. What a sealed value holds is sealed-credential.ts's business.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { dataDirSecret } from "../data-dir-secret.js";

/**
 * The first part of a sealed value. v1 sealed a client secret alone, before credential kinds;
 * v2 binds the format to the ciphertext too (as additional authenticated data), so that no value
 * can be relabelled as the other format without failing to open.
 */
export type SealFormat = "v1" | "v2";

const FORMAT: SealFormat = "v2";
const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that cannot be opened: wrong key, tampered, or not ours. */
export class SecretSealError extends Error {
  override readonly name = "SecretSealError";
}

/** A well-formed sealed value that this key does not open (another key sealed it, or it was altered). */
class NotThisKeyError extends SecretSealError {}

/** The key that seals, and the keys that only open: those being rotated out (SECRETS_KEY_PREVIOUS). */
export interface SecretsKeys {
  readonly current: Buffer;
  readonly previous: readonly Buffer[];
}

export interface Opened extends Unsealed {
  /** Opened with a previous key: to be sealed again under the current one (reseal.ts). */
  readonly underPrevious: boolean;
}

export interface Unsealed {
  readonly format: SealFormat;
  readonly plain: string;
}

/** `v2.<iv>.<tag>.<ciphertext>`, base64 parts; a fresh random IV every time. */
export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, checkedKey(key), iv);
  cipher.setAAD(Buffer.from(FORMAT));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(".");
}

/** Opens a v2 value, or a v1 value sealed before credential kinds. */
export function unseal(sealed: string, key: Buffer): Unsealed {
  const [format, ivText, tagText, ciphertextText, ...rest] = sealed.split(".");
  if ((format !== "v1" && format !== "v2") || ciphertextText === undefined || rest.length > 0) {
    throw new SecretSealError("The stored credential is not in a sealed format (v1 or v2)");
  }
  const iv = Buffer.from(ivText!, "base64");
  const tag = Buffer.from(tagText!, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretSealError("The stored credential is malformed");
  }
  const decipher = createDecipheriv(ALGORITHM, checkedKey(key), iv, { authTagLength: TAG_BYTES });
  if (format === "v2") decipher.setAAD(Buffer.from(format));
  decipher.setAuthTag(tag);
  try {
    const ciphertext = Buffer.from(ciphertextText, "base64");
    return { format, plain: Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8") };
  } catch (error) {
    // GCM cannot tell a wrong key from tampering: both fail authentication.
    throw new NotThisKeyError(
      "The stored credential cannot be opened: SECRETS_KEY differs from the key it was sealed with, or the value was altered",
      { cause: error },
    );
  }
}

/** Opens a value with the current key, or else with a previous one. */
export function unsealWithAny(sealed: string, keys: SecretsKeys): Opened {
  let refused: NotThisKeyError | undefined;
  for (const [tried, key] of [keys.current, ...keys.previous].entries()) {
    try {
      return { ...unseal(sealed, key), underPrevious: tried > 0 };
    } catch (error) {
      if (!(error instanceof NotThisKeyError)) throw error;
      refused = error;
    }
  }
  if (keys.previous.length === 0) throw refused;
  throw new SecretSealError(
    "The stored credential cannot be opened: neither SECRETS_KEY nor a key of SECRETS_KEY_PREVIOUS is the key it was sealed with, or the value was altered",
    { cause: refused },
  );
}

/**
 * The key from SECRETS_KEY (in development, one generated on first start into
 * `${dataDir}/secrets.key` (0600) and reused, so sealed secrets survive restarts), and those of
 * SECRETS_KEY_PREVIOUS.
 */
export async function loadSecretsKeys(
  config: Pick<Config, "secretsKey" | "secretsKeysPrevious" | "dataDir">,
): Promise<SecretsKeys> {
  // loadConfig has already refused a production start without SECRETS_KEY.
  const current = config.secretsKey
    ? checkedKey(Buffer.from(config.secretsKey, "base64"))
    : checkedKey(await dataDirSecret(config.dataDir, "secrets.key", () => randomBytes(KEY_BYTES)));
  return { current, previous: config.secretsKeysPrevious.map((key) => checkedKey(Buffer.from(key, "base64"))) };
}

function checkedKey(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) {
    throw new SecretSealError(`The secrets key must be ${KEY_BYTES} bytes, not ${key.length}`);
  }
  return key;
}
