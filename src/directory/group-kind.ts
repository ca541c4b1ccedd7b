// Graph has no group kind: it follows from groupTypes and the two enabled flags.

export const GROUP_KINDS = ["SECURITY", "DISTRIBUTION", "MICROSOFT_365", "MAIL_ENABLED_SECURITY"] as const;

export type GroupKind = (typeof GROUP_KINDS)[number];

export function groupKind(groupTypes: string[], mailEnabled: boolean, securityEnabled: boolean): GroupKind {
  if (groupTypes.includes("Unified")) return "MICROSOFT_365";
  if (mailEnabled && securityEnabled) return "MAIL_ENABLED_SECURITY";
  if (securityEnabled) return "SECURITY";
  return "DISTRIBUTION";
}
