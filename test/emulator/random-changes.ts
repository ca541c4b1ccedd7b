// A seeded mix of every directory mutation, so property-style tests can churn a tenant repeatably.
import { createRandom, type Random } from "./random.js";
import type { Tenant } from "./tenant.js";
import type { Group, User } from "./types.js";

const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Legal", "Support", "Research"];
const TITLES = ["Engineer", "Senior Engineer", "Manager", "Analyst", "Director", "Consultant"];

/**
 * Random picks among ids known at the start plus those added since; picks that have been deleted
 * meanwhile are skipped. Listing a 100k-user tenant for every pick would dominate the run.
 */
class Pool {
  private readonly userIds: string[];
  private readonly groupIds: string[];

  constructor(
    private readonly tenant: Tenant,
    private readonly random: Random,
  ) {
    this.userIds = tenant.users.map((u) => u.id);
    this.groupIds = tenant.groups.map((g) => g.id);
  }

  user(): User | undefined {
    return this.pick(this.userIds, (id) => this.tenant.user(id));
  }

  group(): Group | undefined {
    return this.pick(this.groupIds, (id) => this.tenant.group(id));
  }

  added(kind: "user" | "group", id: string): void {
    (kind === "user" ? this.userIds : this.groupIds).push(id);
  }

  private pick<T>(ids: readonly string[], find: (id: string) => T | undefined): T | undefined {
    for (let attempt = 0; attempt < 8 && ids.length > 0; attempt++) {
      const found = find(this.random.pick(ids));
      if (found) return found;
    }
    return undefined;
  }
}

/** Applies one mutation; false when the tenant offers nothing to apply it to. */
type Mutation = (tenant: Tenant, random: Random, pool: Pool) => boolean;

const MUTATIONS: ReadonlyArray<readonly [weight: number, mutation: Mutation]> = [
  [20, (t, r, p) => withUser(p, (u) => t.updateUser(u.id, { department: r.pick(DEPARTMENTS) }))],
  [10, (t, r, p) => withUser(p, (u) => t.updateUser(u.id, { jobTitle: r.pick(TITLES) }))],
  [5, (t, r, p) => withUser(p, (u) => t.updateUser(u.id, { displayName: `Renamed ${r.int(1e6)}` }))],
  [4, (t, r, p) => withUser(p, (u) => t.updateUser(u.id, { accountEnabled: !u.accountEnabled }))],
  [
    4,
    (t, r, p) =>
      withUser(p, (u) => {
        const mail = r.chance(0.2) ? null : `changed${r.int(1e6)}@${t.domains[0] ?? "example.com"}`;
        t.updateUser(u.id, {
          mail,
          proxyAddresses: mail === null ? [] : [`SMTP:${mail}`],
          otherMails: r.chance(0.5) ? [`other${r.int(1e6)}@example.org`] : [],
        });
      }),
  ],
  [
    10,
    (t, r, p) =>
      withUser(p, (u) => {
        const manager = r.chance(0.1) ? null : (p.user()?.id ?? null);
        if (manager !== u.id) t.setManager(u.id, manager);
      }),
  ],
  [
    8,
    (t, r, p) => {
      const hire = t.hireUser({
        id: freshId(t, r),
        displayName: `Hire ${r.int(1e6)}`,
        department: r.pick(DEPARTMENTS),
        jobTitle: r.pick(TITLES),
        managerId: p.user()?.id ?? null,
      });
      p.added("user", hire.id);
      return true;
    },
  ],
  [4, (t, _r, p) => withUser(p, (u) => t.softDeleteUser(u.id))],
  [
    3,
    (t, r) => {
      const deleted = t.deletedUsers;
      if (deleted.length === 0) return false;
      t.restoreUser(r.pick(deleted).id);
      return true;
    },
  ],
  [
    2,
    (t, r, p) => {
      const deleted = t.deletedUsers;
      const id = r.chance(0.5) && deleted.length > 0 ? r.pick(deleted).id : p.user()?.id;
      if (id === undefined) return false;
      t.hardDeleteUser(id);
      return true;
    },
  ],
  [
    14,
    (t, _r, p) => {
      const group = p.group();
      const user = p.user();
      if (!group || !user || group.members.includes(user.id)) return false;
      t.addMember(group.id, user.id);
      return true;
    },
  ],
  [
    10,
    (t, r, p) => {
      const group = p.group();
      if (!group || group.members.length === 0) return false;
      t.removeMember(group.id, r.pick(group.members));
      return true;
    },
  ],
  [
    3,
    (t, r, p) => {
      const group = t.addGroup({ id: freshId(t, r), displayName: `Project ${r.int(1e6)}` });
      p.added("group", group.id);
      for (let i = 0; i < 3; i++) {
        const user = p.user();
        if (user && !t.group(group.id)?.members.includes(user.id)) t.addMember(group.id, user.id);
      }
      return true;
    },
  ],
  [4, (t, r, p) => withGroup(p, (g) => t.updateGroup(g.id, { description: `Updated ${r.int(1e6)}` }))],
  [2, (t, _r, p) => withGroup(p, (g) => t.deleteGroup(g.id))],
  [
    3,
    (t, r, p) => {
      const roles = t.roles;
      const user = p.user();
      if (roles.length === 0 || !user) return false;
      const role = r.pick(roles);
      if (role.members.includes(user.id)) t.unassignRole(role.id, user.id);
      else t.assignRole(role.id, user.id);
      return true;
    },
  ],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((sum, [weight]) => sum + weight, 0);

export function applyRandomChanges(tenant: Tenant, seed: number, count: number): void {
  // Salted, so that the same seed as generateTenant's does not replay its ids.
  const random = createRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b));
  const pool = new Pool(tenant, random);
  for (let applied = 0, attempts = 0; applied < count && attempts < count * 20; attempts++) {
    if (draw(random)(tenant, random, pool)) applied++;
  }
}

function draw(random: Random): Mutation {
  let roll = random.int(TOTAL_WEIGHT);
  for (const [weight, mutation] of MUTATIONS) {
    if (roll < weight) return mutation;
    roll -= weight;
  }
  throw new Error("unreachable: the weights cover every roll");
}

function freshId(tenant: Tenant, random: Random): string {
  let id = random.guid();
  while (tenant.user(id) || tenant.deletedUser(id) || tenant.group(id)) id = random.guid();
  return id;
}

function withUser(pool: Pool, apply: (user: User) => void): boolean {
  const user = pool.user();
  if (!user) return false;
  apply(user);
  return true;
}

function withGroup(pool: Pool, apply: (group: Group) => void): boolean {
  const group = pool.group();
  if (!group) return false;
  apply(group);
  return true;
}
