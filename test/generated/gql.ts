/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query DirectoryUsers($filter: DirectoryUserFilter, $first: Int, $after: String) {\n  directoryUsers(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        displayName\n        accountStatus\n        department {\n          name\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryGroups($filter: DirectoryGroupFilter, $first: Int, $after: String) {\n  directoryGroups(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        kind\n        memberCount\n        members {\n          totalCount\n          edges {\n            node {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryUserByEmail($email: String!) {\n  directoryUserByEmail(email: $email) {\n    id\n    displayName\n    emailAddresses\n    directReports {\n      displayName\n    }\n    groups(transitive: true) {\n      displayName\n    }\n  }\n}\n\nquery Departments {\n  departments {\n    name\n    userCount\n    users(first: 2) {\n      totalCount\n      edges {\n        node {\n          displayName\n        }\n      }\n    }\n  }\n}": typeof types.DirectoryUsersDocument,
};
const documents: Documents = {
    "query DirectoryUsers($filter: DirectoryUserFilter, $first: Int, $after: String) {\n  directoryUsers(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        displayName\n        accountStatus\n        department {\n          name\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryGroups($filter: DirectoryGroupFilter, $first: Int, $after: String) {\n  directoryGroups(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        kind\n        memberCount\n        members {\n          totalCount\n          edges {\n            node {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryUserByEmail($email: String!) {\n  directoryUserByEmail(email: $email) {\n    id\n    displayName\n    emailAddresses\n    directReports {\n      displayName\n    }\n    groups(transitive: true) {\n      displayName\n    }\n  }\n}\n\nquery Departments {\n  departments {\n    name\n    userCount\n    users(first: 2) {\n      totalCount\n      edges {\n        node {\n          displayName\n        }\n      }\n    }\n  }\n}": types.DirectoryUsersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DirectoryUsers($filter: DirectoryUserFilter, $first: Int, $after: String) {\n  directoryUsers(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        displayName\n        accountStatus\n        department {\n          name\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryGroups($filter: DirectoryGroupFilter, $first: Int, $after: String) {\n  directoryGroups(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        kind\n        memberCount\n        members {\n          totalCount\n          edges {\n            node {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryUserByEmail($email: String!) {\n  directoryUserByEmail(email: $email) {\n    id\n    displayName\n    emailAddresses\n    directReports {\n      displayName\n    }\n    groups(transitive: true) {\n      displayName\n    }\n  }\n}\n\nquery Departments {\n  departments {\n    name\n    userCount\n    users(first: 2) {\n      totalCount\n      edges {\n        node {\n          displayName\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query DirectoryUsers($filter: DirectoryUserFilter, $first: Int, $after: String) {\n  directoryUsers(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        displayName\n        accountStatus\n        department {\n          name\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryGroups($filter: DirectoryGroupFilter, $first: Int, $after: String) {\n  directoryGroups(filter: $filter, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        kind\n        memberCount\n        members {\n          totalCount\n          edges {\n            node {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery DirectoryUserByEmail($email: String!) {\n  directoryUserByEmail(email: $email) {\n    id\n    displayName\n    emailAddresses\n    directReports {\n      displayName\n    }\n    groups(transitive: true) {\n      displayName\n    }\n  }\n}\n\nquery Departments {\n  departments {\n    name\n    userCount\n    users(first: 2) {\n      totalCount\n      edges {\n        node {\n          displayName\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;