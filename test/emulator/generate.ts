// Deterministic synthetic directories, from a handful of users up to benchmark size (100k users).
import { createRandom, type Random } from "./random.js";
import type { Directory, DirectoryRole, Group, User } from "./types.js";

export interface GenerateTenantOptions {
  readonly seed: number;
  readonly users: number;
  readonly groups: number;
  /** Primary SMTP/UPN domain. Default "contoso.com". */
  readonly domain?: string;
  /** Average direct group memberships per user; group sizes are skewed (a few very large). Default 10. */
  readonly membershipsPerUser?: number;
  /** Share of groups that contain other groups. Default 0.1. */
  readonly nestedGroupRatio?: number;
  /** Levels of the management chain, the CEO being level 1. Default 6. */
  readonly managementDepth?: number;
  /** Default 0.02. */
  readonly disabledRatio?: number;
  /** Users without `mail` (they keep their UPN, maybe otherMails/proxyAddresses). Default 0.05. */
  readonly noMailRatio?: number;
  /** Users of userType "Guest". Default 0.03. */
  readonly guestRatio?: number;
  readonly departments?: readonly string[];
}

export const ROLE_TEMPLATES = {
  globalAdministrator: { displayName: "Global Administrator", roleTemplateId: "62e90394-69f5-4237-9190-012177145e10" },
  userAdministrator: { displayName: "User Administrator", roleTemplateId: "fe930be7-5e62-47db-91af-98c3a49a38b1" },
  groupsAdministrator: { displayName: "Groups Administrator", roleTemplateId: "fdd7a751-b60b-444a-984c-02652fe8fa1c" },
  helpdeskAdministrator: { displayName: "Helpdesk Administrator", roleTemplateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8" },
  globalReader: { displayName: "Global Reader", roleTemplateId: "f2ef992c-3afb-46b9-b7cf-a126ee74c451" },
  securityReader: { displayName: "Security Reader", roleTemplateId: "5d6b6bb7-de71-4623-b4af-96380a352509" },
} as const;

const DEFAULT_DEPARTMENTS = [
  "Engineering",
  "Sales",
  "Marketing",
  "Finance",
  "Human Resources",
  "Legal",
  "Customer Support",
  "Operations",
  "Research",
  "IT",
];
const LEADERSHIP_TITLES = ["Chief Executive Officer", "Vice President", "Director", "Senior Manager", "Manager"];
const CONTRIBUTOR_TITLES = ["Engineer", "Senior Engineer", "Analyst", "Specialist", "Associate", "Consultant", "Coordinator"];
const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Kira", "Liam", "Mei", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe"];
const LAST_NAMES = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez", "Meyer", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Usman", "Weber", "Young"];
const GUEST_DOMAINS = ["fabrikam.com", "northwind.com", "adatum.com", "gmail.com"];

export function generateTenant(options: GenerateTenantOptions): Directory {
  const random = createRandom(options.seed);
  const users = generateUsers(random, options);
  const groups = generateGroups(random, options, users);
  const roles = generateRoles(random, users);
  return { users, groups, roles };
}

function generateUsers(random: Random, options: GenerateTenantOptions): User[] {
  const domain = options.domain ?? "contoso.com";
  const departments = options.departments ?? DEFAULT_DEPARTMENTS;
  const depth = Math.max(1, options.managementDepth ?? 6);
  const tenantShortName = domain.split(".")[0] ?? domain;
  // Users by management level; the first `depth` users form one full chain so the depth is exact.
  const byLevel: User[][] = Array.from({ length: depth }, () => []);
  const users: User[] = [];
  for (let i = 0; i < options.users; i++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const nick = `${first}.${last}${i}`.toLowerCase();
    const guest = i >= depth && random.chance(options.guestRatio ?? 0.03);
    const base = {
      id: random.guid(),
      displayName: `${first} ${last}`,
      givenName: first,
      surname: last,
      accountEnabled: !random.chance(options.disabledRatio ?? 0.02),
    };
    if (guest) {
      const mail = `${nick}@${random.pick(GUEST_DOMAINS)}`;
      users.push({
        ...base,
        mail,
        userPrincipalName: `${mail.replace("@", "_")}#EXT#@${tenantShortName}.onmicrosoft.com`,
        jobTitle: null,
        department: null,
        userType: "Guest",
        otherMails: [mail],
        proxyAddresses: [`SMTP:${mail}`],
        managerId: null,
      });
      continue;
    }
    const level = i < depth ? i : 1 + Math.floor((1 - (1 - random.next()) ** 2) * (depth - 1));
    const manager = level === 0 ? undefined : random.pick(byLevel[level - 1] as User[]);
    const department =
      level === 0
        ? "Executive"
        : manager && manager.department !== "Executive" && random.chance(0.8)
          ? manager.department
          : random.pick(departments);
    const jobTitle = level < depth - 1 || depth === 1 ? (LEADERSHIP_TITLES[level] ?? "Manager") : random.pick(CONTRIBUTOR_TITLES);
    const upn = `${nick}@${domain}`;
    const hasMail = !random.chance(options.noMailRatio ?? 0.05);
    const user: User = {
      ...base,
      mail: hasMail ? upn : null,
      userPrincipalName: upn,
      jobTitle,
      department,
      userType: "Member",
      otherMails: random.chance(hasMail ? 0.05 : 0.5) ? [`${nick}@outlook.com`] : [],
      proxyAddresses: proxyAddresses(random, hasMail, nick, domain, tenantShortName),
      managerId: manager?.id ?? null,
    };
    users.push(user);
    (byLevel[level] as User[]).push(user);
  }
  return users;
}

function proxyAddresses(random: Random, hasMail: boolean, nick: string, domain: string, short: string): string[] {
  if (!hasMail) return random.chance(0.3) ? [`smtp:${nick}@${short}.onmicrosoft.com`] : [];
  const addresses = [`SMTP:${nick}@${domain}`];
  if (random.chance(0.4)) addresses.push(`smtp:${nick}@${short}.onmicrosoft.com`);
  if (random.chance(0.2)) addresses.push(`X500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=${nick}`);
  return addresses;
}

function generateGroups(random: Random, options: GenerateTenantOptions, users: readonly User[]): Group[] {
  const domain = options.domain ?? "contoso.com";
  const departments = options.departments ?? DEFAULT_DEPARTMENTS;
  const count = options.groups;
  // Members are runs of one shuffled user order: distinct by construction, linear in the group size.
  const order = users.map((u) => u.id);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const sizes = groupSizes(random, count, users.length, options.membershipsPerUser ?? 10);
  const groups: Array<Group & { members: string[] }> = [];
  for (let i = 0; i < count; i++) {
    const id = random.guid();
    const kindRoll = random.next();
    const name =
      i < departments.length * 2 ? `${i % 2 ? "All" : "Team"} ${departments[i % departments.length]}` : `Project ${i}`;
    const nick = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${i}`;
    const kind =
      kindRoll < 0.4
        ? { groupTypes: [], mailEnabled: false, securityEnabled: true } // security
        : kindRoll < 0.7
          ? { groupTypes: ["Unified"], mailEnabled: true, securityEnabled: false } // Microsoft 365
          : kindRoll < 0.9
            ? { groupTypes: [], mailEnabled: true, securityEnabled: false } // distribution
            : { groupTypes: [], mailEnabled: true, securityEnabled: true }; // mail-enabled security
    const start = random.int(Math.max(1, order.length));
    const members: string[] = [];
    for (let k = 0; k < (sizes[i] as number); k++) members.push(order[(start + k) % order.length] as string);
    groups.push({
      id,
      displayName: name,
      mail: kind.mailEnabled ? `${nick}@${domain}` : null,
      description: random.chance(0.7) ? `${name} (${kind.groupTypes.length ? "Microsoft 365" : "directory"} group)` : null,
      ...kind,
      members,
    });
  }
  // A group only nests groups created after it, so nesting can never form a cycle.
  for (let i = 0; i < count - 1; i++) {
    if (!random.chance(options.nestedGroupRatio ?? 0.1)) continue;
    const parent = groups[i] as Group & { members: string[] };
    const children = 1 + random.int(3);
    for (let c = 0; c < children; c++) {
      const child = (groups[i + 1 + random.int(count - i - 1)] as Group).id;
      if (!parent.members.includes(child)) parent.members.push(child);
    }
  }
  return groups;
}

/** Zipf-like sizes summing to about users * perUser, each capped at the user count. */
function groupSizes(random: Random, count: number, userCount: number, perUser: number): number[] {
  const weights = Array.from({ length: count }, (_, rank) => 1 / (rank + 1) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.min(userCount, Math.round((userCount * perUser * w) / total)));
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [sizes[i], sizes[j]] = [sizes[j] as number, sizes[i] as number];
  }
  return sizes;
}

function generateRoles(random: Random, users: readonly User[]): DirectoryRole[] {
  const members = users.filter((u) => u.userType === "Member").map((u) => u.id);
  return Object.values(ROLE_TEMPLATES).map((template, index) => {
    const holders = new Set<string>();
    // The CEO holds Global Administrator, as in most small tenants.
    if (index === 0 && members.length > 0) holders.add(members[0] as string);
    const wanted = Math.min(members.length, 1 + random.int(4));
    while (holders.size < wanted) holders.add(random.pick(members));
    return { id: random.guid(), ...template, members: [...holders] };
  });
}
