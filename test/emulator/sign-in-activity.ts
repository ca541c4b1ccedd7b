// Each user's last sign-ins, as `/users?$select=signInActivity` serves them: only to an app
// granted AuditLog.Read.All (as well as a user read), only in a tenant with Microsoft Entra ID P1
// or P2, and at most 500 users a page.
import { sendGraphError, type Exchange } from "./http.js";
import type { ItemSource } from "./paging.js";
import { pick, USER_SCHEMA, type Selection } from "./selection.js";
import type { User } from "./types.js";

/** Application permissions that grant reading sign-in activity; any one suffices. */
export const AUDIT_LOG_READ = ["AuditLog.Read.All"];

/** The largest `$top` Graph takes when signInActivity is selected. */
export const MAX_SIGN_IN_PAGE = 500;

/**
 * A user's last sign-ins, null when there was none: the last attempts, interactive and not,
 * successful or not, and the last successful one (Graph records it since December 2023).
 */
export interface SignIns {
  readonly lastSignInDateTime: string | null;
  readonly lastNonInteractiveSignInDateTime: string | null;
  readonly lastSuccessfulSignInDateTime: string | null;
}

export class SignInActivity {
  /** Whether the tenant has Microsoft Entra ID P1 (or P2): without it Graph refuses the read. */
  entraIdP1: boolean;
  private readonly byUser = new Map<string, SignIns>();

  constructor(entraIdP1 = true) {
    this.entraIdP1 = entraIdP1;
  }

  record(userId: string, signIns: Partial<SignIns>): void {
    this.byUser.set(userId, {
      lastSignInDateTime: null,
      lastNonInteractiveSignInDateTime: null,
      lastSuccessfulSignInDateTime: null,
      ...this.byUser.get(userId),
      ...signIns,
    });
  }

  /** Users with the selected properties, signInActivity among them (absent for one who never signed in). */
  items(users: readonly User[], select: Selection): ItemSource {
    return {
      count: users.length,
      item: (i) => {
        const user = users[i] as User;
        const signIns = this.byUser.get(user.id);
        return {
          ...pick(user, select.properties, USER_SCHEMA),
          signInActivity: signIns
            ? { ...signIns, lastSignInRequestId: null, lastNonInteractiveSignInRequestId: null, lastSuccessfulSignInRequestId: null }
            : null,
        };
      },
    };
  }
}

/** Graph's answer to a sign-in activity read in a tenant without Entra ID P1. */
export function sendPremiumRequired(ex: Exchange): void {
  sendGraphError(
    ex,
    403,
    "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
    "Neither tenant is B2C or tenant doesn't have premium license",
  );
}
