// totalCount of the cursor connections: counted only when a query selects it.
import { FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Page } from "../loaders/directory-pages.js";
import { DirectoryGroupConnection, DirectoryUserConnection } from "./directory-types.js";

@Resolver(() => DirectoryUserConnection)
export class DirectoryUserConnectionResolver {
  @FieldResolver(() => Int, { description: "Matches of the filter, across all pages." })
  totalCount(@Root() page: Page<unknown>): Promise<number> {
    return page.totalCount();
  }
}

@Resolver(() => DirectoryGroupConnection)
export class DirectoryGroupConnectionResolver {
  @FieldResolver(() => Int, { description: "Matches of the filter, across all pages." })
  totalCount(@Root() page: Page<unknown>): Promise<number> {
    return page.totalCount();
  }
}
