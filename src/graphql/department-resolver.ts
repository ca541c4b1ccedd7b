// Department: head counts and people pages.
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { parentPageKey } from "../loaders/parent-pages.js";
import type { UserRow } from "../loaders/users.js";
import type { Context } from "./context.js";
import { Department, DirectoryUserConnection, usersByName } from "./directory-types.js";
import { connection, DEFAULT_PAGE_SIZE, pageArgs, type Connection } from "./connection.js";

/** A department root; `departments` already knows its head count, other paths load it. */
export type DepartmentRoot = { name: string; userCount?: number };

@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => Int, { description: "People in the department (deleted accounts excluded)." })
  userCount(@Root() department: DepartmentRoot, @Ctx() context: Context): number | Promise<number> {
    return department.userCount ?? context.loaders.departmentUserCount.load(department.name);
  }

  @FieldResolver(() => DirectoryUserConnection)
  async users(
    @Root() department: DepartmentRoot,
    @Ctx() context: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<UserRow>> {
    const page = pageArgs(usersByName, first, after);
    const rows = await context.loaders.departmentUserPages.load(parentPageKey(department.name, page));
    return connection(usersByName, page, { rows, total: async () => this.userCount(department, context) });
  }
}
