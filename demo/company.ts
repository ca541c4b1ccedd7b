// The demo's sample company, Contoso: a few hundred generated people in departments under a
// management chain, with security, distribution and Microsoft 365 groups (some nested), plus
// four named people who show the edge cases a real tenant has.
import { generateTenant } from "../test/emulator/generate.js";
import type { Directory, User } from "../test/emulator/types.js";

export const DEMO_DOMAIN = "contoso.com";

/**
 * The API key Linus left behind when he left: the traces that carry no address are made with it,
 * and the demo links it to him (stack.ts), so that they resolve to a disabled account.
 */
export const LEAVERS_KEY = { apiKeyId: "key-linus-build-bot", holderId: "00000000-0000-4000-8000-00000000a002" } as const;

/** The named people, by what they show. */
export const NAMED = {
  /** An engineer with an alias: her traces come in under both addresses. */
  grace: "grace.hopper@contoso.com",
  /** A disabled account that still has traces: a leaver's API key in use. */
  linus: "linus.torvalds@contoso.com",
  /** No `mail` attribute: matched by her user principal name. */
  margaret: "margaret.hamilton@contoso.com",
  /** A guest from a partner company. */
  guest: "alex.kim@fabrikam.com",
} as const;

export function demoCompany(): Directory {
  const generated = generateTenant({ seed: 2024, users: 300, groups: 40, domain: DEMO_DOMAIN });
  const ceo = generated.users[0]!;
  const engineering = generated.users.find((u) => u.department === "Engineering" && u.jobTitle === "Director") ?? ceo;
  const person = (id: string, fields: Partial<User> & Pick<User, "displayName" | "userPrincipalName">): User => ({
    id,
    givenName: fields.displayName.split(" ")[0] ?? null,
    surname: fields.displayName.split(" ")[1] ?? null,
    mail: null,
    jobTitle: null,
    department: null,
    accountEnabled: true,
    userType: "Member",
    otherMails: [],
    proxyAddresses: [],
    managerId: null,
    ...fields,
  });
  const named: User[] = [
    person("00000000-0000-4000-8000-00000000a001", {
      displayName: "Grace Hopper",
      mail: NAMED.grace,
      userPrincipalName: NAMED.grace,
      jobTitle: "Principal Engineer",
      department: "Engineering",
      proxyAddresses: [`SMTP:${NAMED.grace}`, "smtp:amazing.grace@contoso.com"],
      managerId: engineering.id,
    }),
    person(LEAVERS_KEY.holderId, {
      displayName: "Linus Torvalds",
      mail: NAMED.linus,
      userPrincipalName: NAMED.linus,
      jobTitle: "Senior Engineer",
      department: "Engineering",
      accountEnabled: false,
      managerId: engineering.id,
    }),
    person("00000000-0000-4000-8000-00000000a003", {
      displayName: "Margaret Hamilton",
      userPrincipalName: NAMED.margaret,
      jobTitle: "Engineering Manager",
      department: "Engineering",
      managerId: engineering.id,
    }),
    person("00000000-0000-4000-8000-00000000a004", {
      displayName: "Alex Kim",
      mail: NAMED.guest,
      userPrincipalName: "alex.kim_fabrikam.com#EXT#@contoso.onmicrosoft.com",
      userType: "Guest",
      otherMails: [NAMED.guest],
    }),
  ];
  const namedIds = named.map((u) => u.id);
  // The named people join the first security group (nested in others, in most seeds) and an M365 group.
  const security = generated.groups.find((g) => g.securityEnabled && !g.mailEnabled);
  const m365 = generated.groups.find((g) => g.groupTypes.includes("Unified"));
  const groups = generated.groups.map((g) =>
    g === security || g === m365 ? { ...g, members: [...g.members, ...namedIds.slice(0, g === m365 ? 3 : 4)] } : g,
  );
  return { users: [...generated.users, ...named], groups, roles: generated.roles };
}
