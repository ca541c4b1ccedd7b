// Sealing client secrets at rest, their hints, and the development key file.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  loadSecretsKey,
  sealSecret,
  secretHint,
  SecretSealError,
  unsealSecret,
} from "../../src/integrations/secrets.js";

describe("sealSecret / unsealSecret", () => {
  const key = randomBytes(32);
  const secret = "Abc8Q~s3cr3t-value.with~symbols_0123456789";

  it("round-trips, with a fresh IV every time", () => {
    const first = sealSecret(secret, key);
    const second = sealSecret(secret, key);
    expect(first).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret);
    expect(unsealSecret(first, key)).toBe(secret);
    expect(unsealSecret(second, key)).toBe(secret);
    expect(Buffer.from(first.split(".")[1]!, "base64")).toHaveLength(12);
  });

  it("detects a tampered ciphertext, tag or IV", () => {
    const [format, iv, tag, ciphertext] = sealSecret(secret, key).split(".") as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64");
      bytes[0]! ^= 1;
      return bytes.toString("base64");
    };
    for (const tampered of [
      [format, iv, tag, flip(ciphertext)],
      [format, iv, flip(tag), ciphertext],
      [format, flip(iv), tag, ciphertext],
    ]) {
      expect(() => unsealSecret(tampered.join("."), key)).toThrow(SecretSealError);
    }
  });

  it("refuses a wrong key with a clear error", () => {
    const sealed = sealSecret(secret, key);
    expect(() => unsealSecret(sealed, randomBytes(32))).toThrow(/SECRETS_KEY differs/);
    expect(() => unsealSecret(sealed, randomBytes(16))).toThrow(/must be 32 bytes/);
  });

  it("refuses values that are not sealed secrets", () => {
    expect(() => unsealSecret(secret, key)).toThrow(/v1 sealed format/);
    expect(() => unsealSecret("v1.AAAA.BBBB.CCCC", key)).toThrow(/malformed/);
  });
});

describe("secretHint", () => {
  it("shows only the last four characters", () => {
    expect(secretHint("Abc8Q~0123456789abcd3f9a")).toBe("••••3f9a");
    expect(secretHint("12345678")).toBe("••••5678");
  });

  it("shows nothing of a short secret", () => {
    expect(secretHint("1234567")).toBe("••••");
    expect(secretHint("")).toBe("••••");
  });
});

describe("loadSecretsKey", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uses SECRETS_KEY when set", async () => {
    const key = randomBytes(32);
    const loaded = await loadSecretsKey({ secretsKey: key.toString("base64"), dataDir: "/nonexistent" });
    expect(loaded.equals(key)).toBe(true);
  });

  it("generates a 0600 key file in development and reuses it", async () => {
    dir = await mkdtemp(join(tmpdir(), "secrets-key-"));
    const dataDir = join(dir, "nested", "data");
    const first = await loadSecretsKey({ secretsKey: undefined, dataDir });
    expect(first).toHaveLength(32);
    const file = join(dataDir, "secrets.key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file)).equals(first)).toBe(true);

    const second = await loadSecretsKey({ secretsKey: undefined, dataDir });
    expect(second.equals(first)).toBe(true);
    expect(unsealSecret(sealSecret("kept across restarts", first), second)).toBe("kept across restarts");
  });
});
