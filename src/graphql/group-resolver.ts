// DirectoryGroup: member counts and member pages.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { pageUsers, type Page } from "../loaders/directory-pages.js";
import type { GroupRow } from "../loaders/groups.js";
import type { UserRow } from "../loaders/users.js";
import { callerOf, type Context } from "./context.js";
import { DirectoryGroup, DirectoryUserConnection } from "./directory-types.js";
import { checkFirst, withCursor } from "./paging.js";

@Resolver(() => DirectoryGroup)
export class DirectoryGroupResolver {
  @FieldResolver(() => Int, { description: "Direct members: people and nested groups." })
  memberCount(@Root() group: GroupRow, @Ctx() context: Context): Promise<number> {
    return context.loaders.memberCount.load(group.id);
  }

  @FieldResolver(() => DirectoryUserConnection, { description: "The people who are direct members." })
  members(
    @Root() group: GroupRow,
    @Ctx() context: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Page<UserRow>> {
    const { org } = callerOf(context);
    return withCursor(() => pageUsers(context.db, org, { groupId: group.id }, checkFirst(first), after));
  }
}
