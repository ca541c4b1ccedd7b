// Where a person's account stands: enabled, disabled, or gone from the tenant (a tombstone the
// mirror keeps, so that past traces still name the person).

export const ACCOUNT_STATUSES = ["ACTIVE", "DISABLED", "DELETED"] as const;

export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export function accountStatus(user: { deletedAt: Date | null; accountEnabled: boolean }): AccountStatus {
  if (user.deletedAt) return "DELETED";
  return user.accountEnabled ? "ACTIVE" : "DISABLED";
}
