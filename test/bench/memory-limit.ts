// Runs the measured subgraph as a container with a memory limit runs it (Kubernetes'
// `resources.limits.memory`, `docker run --memory`): inside a memory cgroup of its own. Node sizes
// V8's heap from the memory its process may use, the cgroup's limit when there is one, so a
// process on a 24 GB host without a limit lets far more garbage wait for collection than the same
// process in a 1 GB container. Creating a cgroup takes root; the bench says so if it cannot.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const CGROUPS = "/sys/fs/cgroup";

export interface MemoryLimit {
  /** The program to fork the subgraph with: node, started inside the cgroup. */
  execPath: string;
  /** Removes the cgroup and the launcher; call once every process in it has exited. */
  remove(): void;
}

export function memoryLimitedNode(limitMb: number): MemoryLimit {
  const name = `entra-bench-${process.pid}`;
  // cgroup v2 keeps every controller in one hierarchy; v1 has a memory hierarchy of its own.
  const unified = existsSync(path.join(CGROUPS, "cgroup.controllers"));
  const group = unified ? path.join(CGROUPS, name) : path.join(CGROUPS, "memory", name);
  const limitFile = unified ? "memory.max" : "memory.limit_in_bytes";
  try {
    mkdirSync(group);
    writeFileSync(path.join(group, limitFile), String(limitMb * 1024 * 1024));
  } catch (error) {
    throw new Error(`--memory-limit needs a memory cgroup it can create under ${group} (run as root): ${(error as Error).message}`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "entra-bench-limit-"));
  const launcher = path.join(dir, "node-in-cgroup");
  // The launcher joins the cgroup before node starts: V8 reads the limit when it creates its heap.
  writeFileSync(launcher, `#!/bin/sh\necho $$ > '${path.join(group, "cgroup.procs")}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(launcher, 0o755);
  return {
    execPath: launcher,
    remove() {
      rmSync(dir, { recursive: true, force: true });
      try {
        rmdirSync(group);
      } catch {
        // A process still inside (a subgraph that did not stop) keeps the cgroup; it is harmless.
      }
    },
  };
}
