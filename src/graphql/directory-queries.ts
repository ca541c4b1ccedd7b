// The directory's root queries, every one scoped to the caller's organisation.
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { normaliseAddress } from "../directory/addresses.js";
import { listDepartments, pageGroups, pageUsers } from "../loaders/directory-pages.js";
import type { GroupRow } from "../loaders/groups.js";
import type { UserRow } from "../loaders/users.js";
import { callerOf, type Context } from "./context.js";
import type { DepartmentRoot } from "./department-resolver.js";
import {
  Department,
  DirectoryGroupConnection,
  DirectoryGroupFilter,
  DirectoryUser,
  DirectoryUserConnection,
  DirectoryUserFilter,
  groupsByName,
  usersByName,
} from "./directory-types.js";
import { connection, DEFAULT_PAGE_SIZE, pageArgs, type Connection } from "./connection.js";
import { checkedFilter } from "./filter-text.js";

@Resolver()
export class DirectoryQueries {
  @Authorized()
  @Query(() => DirectoryUser, { nullable: true, description: "A user by Entra object id." })
  directoryUser(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<UserRow | null> {
    return context.loaders.userById.load(id);
  }

  @Authorized()
  @Query(() => DirectoryUser, {
    nullable: true,
    description: "A user by any of their addresses (mail, UPN, other mails, SMTP proxies), case-insensitively.",
  })
  directoryUserByEmail(@Arg("email") email: string, @Ctx() context: Context): Promise<UserRow | null> {
    return context.loaders.userByEmail.load(normaliseAddress(email));
  }

  @Authorized()
  @Query(() => DirectoryUserConnection, {
    description: "People by name; deleted accounts appear only when filtered by accountStatus DELETED.",
  })
  async directoryUsers(
    @Ctx() context: Context,
    @Arg("filter", () => DirectoryUserFilter, { nullable: true }) filter: DirectoryUserFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<UserRow>> {
    const page = pageArgs(usersByName, first, after);
    const checked = checkedFilter(filter);
    return connection(usersByName, page, await pageUsers(context.db, callerOf(context).org, checked ?? {}, page));
  }

  @Authorized()
  @Query(() => DirectoryGroupConnection, { description: "Groups by name." })
  async directoryGroups(
    @Ctx() context: Context,
    @Arg("filter", () => DirectoryGroupFilter, { nullable: true }) filter: DirectoryGroupFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<GroupRow>> {
    const page = pageArgs(groupsByName, first, after);
    const checked = checkedFilter(filter);
    return connection(groupsByName, page, await pageGroups(context.db, callerOf(context).org, checked ?? {}, page));
  }

  @Authorized()
  @Query(() => [Department], { description: "Every department with people in it, by name." })
  departments(@Ctx() context: Context): Promise<DepartmentRoot[]> {
    const { org } = callerOf(context);
    return listDepartments(context.db, org);
  }
}
