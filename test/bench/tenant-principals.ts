// The bench tenant's service principals: every enterprise app and managed identity a real tenant
// holds, each with none to a few owners, so a sync reads them and their owners at scale.
import { createRandom } from "../emulator/random.js";
import type { Tenant } from "../emulator/tenant.js";

const TYPES = ["Application", "Application", "Application", "ManagedIdentity", "Legacy"];

export function addServicePrincipals(tenant: Tenant, count: number, seed: number): void {
  const random = createRandom(seed);
  const users = tenant.users;
  for (let i = 0; i < count; i++) {
    const owners = new Set<string>();
    for (let n = random.int(4); n > 0 && users.length > 0; n--) owners.add(random.pick(users).id);
    tenant.addServicePrincipal({
      id: random.guid(),
      appId: random.guid(),
      displayName: `Enterprise app ${i}`,
      servicePrincipalType: random.pick(TYPES),
      owners: [...owners],
    });
  }
}
