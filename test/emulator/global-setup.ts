// Vitest global setup: one test CA per run, trusted by every forked worker from its start.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestCertificates } from "./tls.js";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "entra-emulator-tls-"));
  const { caPath } = createTestCertificates(dir);
  // Node reads NODE_EXTRA_CA_CERTS only at process start; vitest forks its workers after global
  // setup with a copy of this process's environment, so they start trusting the CA.
  process.env.NODE_EXTRA_CA_CERTS = caPath;
  process.env.ENTRA_EMULATOR_TLS_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
