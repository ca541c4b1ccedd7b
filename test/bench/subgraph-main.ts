// The measured process's entry point, as the service's own (src/index.ts): drizzle-orm's loading
// hook first, then subgraph-process.ts, which serves the bench's commands.
import { resolveDrizzleModulesDirectly } from "../../src/drizzle-loading.js";

resolveDrizzleModulesDirectly();
await import("./subgraph-process.js");
