// What the mirror knows of a person's sign-ins, read with Graph's sign-in activity
// (src/entra/sync/sign-in-activity.ts): what the access review judges inactivity on.

export interface KnownSignIns {
  /** The last successful sign-in; null when the person never signed in. */
  lastSignInAt: Date | null;
  /** When the account was created; null where Graph does not say (some accounts of before 2018). */
  accountCreatedAt: Date | null;
}
