// Who may call what, stated once: every root field says `@Authorized()` (any caller) or
// `@Authorized(ADMIN)`, and this checker, given to buildSchema, enforces it.
//
// Only root fields (queries and mutations) are decorated. Each decorated field is wrapped in a
// middleware that runs on every call, and the fields of types reached from traces (Trace, and
// DirectoryUser, Department or DirectoryGroup under it) run per trace: a page of 1,000 traces
// would pay for thousands of checks that cannot fail. They need none: requireCallerPlugin
// refuses every anonymous operation but the federation SDL before any field runs, and the
// loaders they read are scoped to the caller's organisation.
import type { AuthChecker } from "type-graphql";
import type { Context } from "./context.js";
import { forbidden, unauthenticated } from "./errors.js";

/** The role, in a token's `roles` claim, of those who manage integrations and links. */
export const ADMIN = "admin";

export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  if (!context.caller) throw unauthenticated();
  const { roles: held } = context.caller;
  if (!roles.every((role) => held.includes(role))) throw forbidden(`This operation needs the ${roles.join(" and ")} role`);
  return true;
};
