// DirectoryGroup: member counts and member pages.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { GroupRow } from "../loaders/groups.js";
import { parentPageKey } from "../loaders/parent-pages.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import { DirectoryGroup, DirectoryUserConnection, usersByName } from "./directory-types.js";
import { connection, DEFAULT_PAGE_SIZE, pageArgs, type Connection } from "./connection.js";

@Resolver(() => DirectoryGroup)
export class DirectoryGroupResolver {
  @FieldResolver(() => Int, {
    description: "Direct members that are people (deleted accounts left out, as in members) or nested groups; applications and devices in the group are not counted.",
  })
  memberCount(@Root() group: GroupRow, @Ctx() context: Context): Promise<number> {
    return context.loaders.memberCount.load(group.id);
  }

  @FieldResolver(() => DirectoryUserConnection, { description: "The people who are direct members." })
  async members(
    @Root() group: GroupRow,
    @Ctx() context: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<UserRow>> {
    const page = pageArgs(usersByName, first, after);
    const { loaders } = context;
    const rows = await loaders.groupMemberPages.load(parentPageKey(group.id, page));
    return connection(usersByName, page, { rows, total: () => loaders.groupMemberUserCount.load(group.id) });
  }
}
