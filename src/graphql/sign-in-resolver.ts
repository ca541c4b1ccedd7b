// DirectoryUser.lastSignInAt: when the person last signed in, where the tenant lets the app know.
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import { DirectoryUser } from "./directory-types.js";
import { DateTime } from "./scalars.js";

@Resolver(() => DirectoryUser)
export class UserSignInResolver {
  @FieldResolver(() => DateTime, {
    nullable: true,
    description:
      "The last successful sign-in (where Graph recorded none, none happened since it began recording them on 2023-12-01: for an account created before then, the later of the last attempts, but no later than that day). Null when unknown: the app lacks AuditLog.Read.All, the tenant lacks Entra ID P1, it was not read yet; or when the person never signed in.",
  })
  async lastSignInAt(@Root() user: UserRow, @Ctx() context: Context): Promise<Date | null> {
    return (await context.loaders.signIns.load(user.id))?.lastSignInAt ?? null;
  }
}
