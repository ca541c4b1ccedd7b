// Sealing credentials at rest, and the development key file.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSecretsKey, seal, SecretSealError, unseal } from "../../src/integrations/secrets.js";
import { sealedBeforeCredentialKinds } from "../support/sealed-before-kinds.js";

describe("seal / unseal", () => {
  const key = randomBytes(32);
  const secret = "Abc8Q~s3cr3t-value.with~symbols_0123456789";

  it("round-trips, with a fresh IV every time", () => {
    const first = seal(secret, key);
    const second = seal(secret, key);
    expect(first).toMatch(/^v2\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret);
    expect(unseal(first, key)).toEqual({ format: "v2", plain: secret });
    expect(unseal(second, key)).toEqual({ format: "v2", plain: secret });
    expect(Buffer.from(first.split(".")[1]!, "base64")).toHaveLength(12);
  });

  it("opens a v1 value, sealed before credential kinds, saying so", () => {
    expect(unseal(sealedBeforeCredentialKinds(secret, key), key)).toEqual({ format: "v1", plain: secret });
  });

  it("detects a tampered ciphertext, tag or IV, and a format relabelled either way", () => {
    const [format, iv, tag, ciphertext] = seal(secret, key).split(".") as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64");
      bytes[0]! ^= 1;
      return bytes.toString("base64");
    };
    const [, v1Iv, v1Tag, v1Ciphertext] = sealedBeforeCredentialKinds(secret, key).split(".");
    for (const tampered of [
      [format, iv, tag, flip(ciphertext)],
      [format, iv, flip(tag), ciphertext],
      [format, flip(iv), tag, ciphertext],
      ["v1", iv, tag, ciphertext],
      ["v2", v1Iv, v1Tag, v1Ciphertext],
    ]) {
      expect(() => unseal(tampered.join("."), key)).toThrow(SecretSealError);
    }
  });

  it("refuses a wrong key with a clear error", () => {
    const sealed = seal(secret, key);
    expect(() => unseal(sealed, randomBytes(32))).toThrow(/SECRETS_KEY differs/);
    expect(() => unseal(sealed, randomBytes(16))).toThrow(/must be 32 bytes/);
  });

  it("refuses values that are not sealed", () => {
    expect(() => unseal(secret, key)).toThrow(/not in a sealed format/);
    expect(() => unseal("v2.AAAA.BBBB.CCCC", key)).toThrow(/malformed/);
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
    expect(unseal(seal("kept across restarts", first), second).plain).toBe("kept across restarts");
  });
});
