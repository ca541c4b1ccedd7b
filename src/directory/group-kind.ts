// Graph has no group kind: it follows from groupTypes and the two enabled flags.

export type GroupKindName = "SECURITY" | "DISTRIBUTION" | "MICROSOFT_365" | "MAIL_ENABLED_SECURITY";

export function groupKind(groupTypes: string[], mailEnabled: boolean, securityEnabled: boolean): GroupKindName {
  if (groupTypes.includes("Unified")) return "MICROSOFT_365";
  if (mailEnabled && securityEnabled) return "MAIL_ENABLED_SECURITY";
  if (securityEnabled) return "SECURITY";
  return "DISTRIBUTION";
}
