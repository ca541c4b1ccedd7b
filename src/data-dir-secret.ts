// Development's generated secrets (the key that seals credentials, the JWT signing secret): made
// once into DATA_DIR and reused, so that what they protect survives restarts. Production gives
// both in the environment instead.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The secret in `${dataDir}/${name}`; if there is none, `generate()`'s, written there first: the
 * file 0600 (and the directory 0700, if this makes it). Two processes starting at once agree on
 * one: the second finds the file made ("wx") and reads the first's.
 */
export async function dataDirSecret(dataDir: string, name: string, generate: () => Buffer): Promise<Buffer> {
  const file = join(dataDir, name);
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = generate();
  try {
    await writeFile(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFile(file);
  }
}
