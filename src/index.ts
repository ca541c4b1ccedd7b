// Entry point: `npm start`. drizzle-orm's loading hook first, then the service (src/serve.ts),
// imported dynamically so that the hook is in place when its modules are resolved.
import { resolveDrizzleModulesDirectly } from "./drizzle-loading.js";

resolveDrizzleModulesDirectly();
await import("./serve.js");
