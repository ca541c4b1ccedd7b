// Sealing credentials at rest, each kind as one document, and the development key file.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EntraCredential } from "../../src/entra/credentials.js";
import { credentialColumns, unsealCredential } from "../../src/integrations/sealed-credential.js";
import { loadSecretsKeys, seal, SecretSealError, unseal, unsealWithAny } from "../../src/integrations/secrets.js";
import { makeAppCertificate } from "../emulator/app-certificates.js";
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

describe("credentialColumns / unsealCredential", () => {
  const key = randomBytes(32);
  const keys = { current: key, previous: [] };
  const certificate = makeAppCertificate();

  it.each<EntraCredential>([
    { kind: "CLIENT_SECRET", clientSecret: "Abc8Q~0123456789abcd3f9a" },
    { kind: "CLIENT_SECRET", clientSecret: "Abc8Q~0123456789abcd3f9a", expiresAt: new Date("2027-03-01T00:00:00Z") },
    { kind: "CERTIFICATE", ...certificate },
    { kind: "WORKLOAD_IDENTITY", tokenFile: "/var/run/secrets/azure/tokens/azure-identity-token" },
    { kind: "MANAGED_IDENTITY" },
    { kind: "MANAGED_IDENTITY", clientId: "44444444-4444-4444-8444-444444444444" },
  ])("seals a $kind credential whole, and opens it as it was", (credential) => {
    const columns = credentialColumns(credential, key);
    expect(columns.credentialKind).toBe(credential.kind);
    expect(columns.sealedCredential).toMatch(/^v2\./);
    for (const value of Object.values(credential)) {
      if (typeof value === "string" && value !== credential.kind) expect(columns.sealedCredential).not.toContain(value);
    }
    expect(unsealCredential(columns.sealedCredential, keys)).toEqual(credential);
  });

  it("opens a client secret sealed before credential kinds as a CLIENT_SECRET credential", () => {
    const sealed = sealedBeforeCredentialKinds("Abc8Q~0123456789abcd3f9a", key);
    expect(unsealCredential(sealed, keys)).toEqual({ kind: "CLIENT_SECRET", clientSecret: "Abc8Q~0123456789abcd3f9a" });
  });

  it("refuses a sealed value that is not a credential document", () => {
    expect(() => unsealCredential(seal("not json", key), keys)).toThrow(/not a credential document/);
    expect(() => unsealCredential(seal('{"kind":"PASSWORD"}', key), keys)).toThrow(/unknown kind: PASSWORD/);
  });
});

describe("a rotation of SECRETS_KEY", () => {
  const [previous, current, stranger] = [randomBytes(32), randomBytes(32), randomBytes(32)];
  const secret = "Abc8Q~0123456789abcd3f9a";

  it("opens with the current key, or else with a previous one, saying which", () => {
    const keys = { current, previous: [stranger, previous] };
    expect(unsealWithAny(seal(secret, current), keys)).toEqual({ format: "v2", plain: secret, underPrevious: false });
    expect(unsealWithAny(seal(secret, previous), keys)).toEqual({ format: "v2", plain: secret, underPrevious: true });
  });

  it("opens with no key but those, naming both variables", () => {
    const sealed = seal(secret, stranger);
    expect(() => unsealWithAny(sealed, { current, previous: [previous] })).toThrow(/neither SECRETS_KEY nor a key of SECRETS_KEY_PREVIOUS/);
    expect(() => unsealWithAny(sealed, { current, previous: [] })).toThrow(/SECRETS_KEY differs/);
    // A value that is no sealed value is said to be so, whatever the keys.
    expect(() => unsealWithAny("v2.AAAA.BBBB.CCCC", { current, previous: [previous] })).toThrow(/malformed/);
  });
});

describe("loadSecretsKeys", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uses SECRETS_KEY when set, and SECRETS_KEY_PREVIOUS's keys", async () => {
    const key = randomBytes(32);
    const previous = randomBytes(32);
    const loaded = await loadSecretsKeys({ secretsKey: key.toString("base64"), secretsKeysPrevious: [previous.toString("base64")], dataDir: "/nonexistent" });
    expect(loaded.current.equals(key)).toBe(true);
    expect(loaded.previous).toEqual([previous]);
  });

  it("generates a 0600 key file in development and reuses it", async () => {
    dir = await mkdtemp(join(tmpdir(), "secrets-key-"));
    const dataDir = join(dir, "nested", "data");
    const first = (await loadSecretsKeys({ secretsKey: undefined, secretsKeysPrevious: [], dataDir })).current;
    expect(first).toHaveLength(32);
    const file = join(dataDir, "secrets.key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file)).equals(first)).toBe(true);

    const second = (await loadSecretsKeys({ secretsKey: undefined, secretsKeysPrevious: [], dataDir })).current;
    expect(second.equals(first)).toBe(true);
    expect(unseal(seal("kept across restarts", first), second).plain).toBe("kept across restarts");
  });
});
