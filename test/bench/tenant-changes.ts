// The incremental scenario's churn: a fixed share of users, of memberships and of service
// principals changed in the emulator's tenant, the way a working day changes a directory (titles,
// departments, managers, hires, leavers, joins and leaves of groups, apps renamed or handed over).
import { createRandom } from "../emulator/random.js";
import type { Tenant } from "../emulator/tenant.js";

const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Legal", "Customer Support", "Research"];
const TITLES = ["Engineer", "Senior Engineer", "Analyst", "Specialist", "Consultant", "Manager"];

export interface AppliedChanges {
  usersChanged: number;
  membershipsChanged: number;
  /** Of usersChanged. */
  hires: number;
  leavers: number;
  servicePrincipalsChanged: number;
}

export function changeShareOfTenant(tenant: Tenant, seed: number, share: number): AppliedChanges {
  const random = createRandom(seed);
  const users = tenant.users;
  const groups = tenant.groups;
  const userTarget = Math.max(1, Math.round(users.length * share));
  const membershipTotal = groups.reduce((sum, group) => sum + group.members.length, 0);
  const membershipTarget = Math.max(1, Math.round(membershipTotal * share));
  const changed = new Set<string>();
  let hires = 0;
  let leavers = 0;
  const activeUser = () => {
    for (;;) {
      const user = tenant.user(random.pick(users).id);
      if (user) return user;
    }
  };
  while (changed.size < userTarget) {
    const user = activeUser();
    if (changed.has(user.id)) continue;
    const roll = random.next();
    if (roll < 0.45) tenant.updateUser(user.id, { department: random.pick(DEPARTMENTS) });
    else if (roll < 0.65) tenant.updateUser(user.id, { jobTitle: random.pick(TITLES) });
    else if (roll < 0.82) {
      const manager = activeUser();
      if (manager.id === user.id) continue;
      tenant.setManager(user.id, manager.id);
    } else if (roll < 0.9) tenant.updateUser(user.id, { accountEnabled: !user.accountEnabled });
    else if (roll < 0.98) {
      const hire = tenant.hireUser({
        id: random.guid(),
        displayName: `Hire ${changed.size}`,
        department: random.pick(DEPARTMENTS),
        jobTitle: random.pick(TITLES),
        managerId: user.id,
      });
      changed.add(hire.id);
      hires++;
      continue;
    } else {
      tenant.softDeleteUser(user.id);
      leavers++;
    }
    changed.add(user.id);
  }
  let memberships = 0;
  while (memberships < membershipTarget) {
    const group = tenant.group(random.pick(groups).id);
    if (!group) continue;
    if (random.chance(0.5)) {
      const user = activeUser();
      if (group.members.includes(user.id)) continue;
      tenant.addMember(group.id, user.id);
    } else {
      if (group.members.length === 0) continue;
      tenant.removeMember(group.id, random.pick(group.members));
    }
    memberships++;
  }
  const principals = tenant.servicePrincipals;
  const principalTarget = principals.length === 0 ? 0 : Math.max(1, Math.round(principals.length * share));
  const principalsChanged = new Set<string>();
  while (principalsChanged.size < principalTarget) {
    const principal = random.pick(principals);
    if (principalsChanged.has(principal.id)) continue;
    const patch = random.chance(0.5) ? { displayName: `${principal.displayName} (renamed)` } : { owners: [activeUser().id] };
    // Handed to the one owner it had already: no change.
    if (tenant.updateServicePrincipal(principal.id, patch) !== principal) principalsChanged.add(principal.id);
  }
  return { usersChanged: changed.size, membershipsChanged: memberships, hires, leavers, servicePrincipalsChanged: principalsChanged.size };
}
