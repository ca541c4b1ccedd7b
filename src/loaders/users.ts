// User lookups: by any email address, by object id, and a manager's direct reports.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { selectRows } from "../db/rows.js";
import { directoryUserEmails, directoryUsers } from "../db/schema.js";
import { oneOfKeys } from "../db/text-array.js";
import { appendRow, batchLoader, eachKey, singleRow } from "./batch.js";
import { joinOrganisation } from "./scope.js";

export type UserRow = typeof directoryUsers.$inferSelect;

// The user lookups are written in SQL: keys travel as one array parameter, and rows arrive almost
// shaped as UserRow (USER_COLUMNS, of the alias `u`; userRow finishes them). Built with drizzle's
// query builder, a page of 1,000 traces spent more time binding 1,000 parameters and mapping rows
// column by column than PostgreSQL spent answering (see BENCHMARKS.md). The address lists travel
// joined by the unit separator, which no address contains, and are split natively: the driver
// parses a text[] character by character, which was a tenth of its time on such a page.
export const USER_COLUMNS = sql`u.integration_id as "integrationId", u.id, u.display_name as "displayName", u.mail,
  u.user_principal_name as "userPrincipalName", u.job_title as "jobTitle", u.department,
  u.account_enabled as "accountEnabled", u.user_type as "userType",
  array_to_string(u.other_mails, chr(31)) as "otherMails", array_to_string(u.proxy_addresses, chr(31)) as "proxyAddresses",
  u.manager_id as "managerId", u.deleted_at as "deletedAt", u.seen_in_run as "seenInRun"`;

/** A row of USER_COLUMNS as the driver gives it. */
export type SelectedUser = Omit<UserRow, "deletedAt" | "otherMails" | "proxyAddresses"> & {
  deletedAt: Date | string | null;
  otherMails: string | string[];
  proxyAddresses: string | string[];
};

/**
 * A row of USER_COLUMNS as a UserRow: the address lists split, the timestamp a Date (both
 * drivers hand timestamps to drizzle as text; drizzle's own mapping makes them Dates). The row is
 * the driver's fresh object, converted in place rather than copied.
 */
export function userRow<R extends SelectedUser>(row: R): Omit<R, keyof SelectedUser> & UserRow {
  if (row.deletedAt !== null) row.deletedAt = new Date(row.deletedAt);
  row.otherMails = addressList(row.otherMails as string);
  row.proxyAddresses = addressList(row.proxyAddresses as string);
  return row as unknown as Omit<R, keyof SelectedUser> & UserRow;
}

const addressList = (joined: string): string[] => (joined === "" ? [] : joined.split("\x1f"));

/**
 * Lower-cased address -> user. When an address is shared, a live account beats a tombstone, then
 * a member beats a guest (a B2B guest is a copy, in another tenant of the organisation, of a
 * person whose home account holds their department and manager), then the better-ranked address
 * (mail before UPN before aliases), then the older integration.
 *
 * Each address is looked up on its own (eachKey): filtered with `= any` or joined as a table, a
 * page of 1,000 addresses was planned as a scan of every address on the bench's 100,000 users
 * (17-19 ms against 8 ms) or a hash of them all on 20,000 (8-10 ms against 6.5-7 ms). Past a few
 * thousand addresses a scan pays again, by a few percent of so large a request (BENCHMARKS.md).
 * The object ids end the order so that a tie always picks the same one.
 */
export function userByEmailLoader(db: Database, orgId: string) {
  return batchLoader<string, UserRow & { address: string }, UserRow | null>(
    async (addresses) =>
      (
        await selectRows<SelectedUser & { address: string }>(
          db,
          sql`select k.key as address, p.*
                from ${eachKey(
                  addresses,
                  (address) => sql`select ${USER_COLUMNS}
                    from ${directoryUserEmails} e
                    ${joinOrganisation("e", orgId)}
                    join ${directoryUsers} u on u.integration_id = e.integration_id and u.id = e.user_id
                   where e.address = ${address}
                   order by u.deleted_at is not null, u.user_type is not distinct from 'Guest', e.rank, i.created_at, i.id, u.id
                   limit 1`,
                )} as p`,
        )
      ).map(userRow),
    (row) => row.address,
    () => null,
    ({ address: _address, ...user }) => user,
  );
}

/** Object id -> user. Ids are GUIDs, unique across the tenants one organisation connects. */
export function userByIdLoader(db: Database, orgId: string) {
  return batchLoader<string, UserRow, UserRow | null>(
    async (ids) =>
      (
        await selectRows<SelectedUser>(
          db,
          sql`select ${USER_COLUMNS}
                from ${directoryUsers} u
                ${joinOrganisation("u", orgId)}
               where ${oneOfKeys(sql`u.id`, ids)}`,
        )
      ).map(userRow),
    (row) => row.id,
    () => null,
    singleRow,
  );
}

/** Manager id -> the users who report to them, by name; deleted accounts left out, as Entra leaves them out. */
export function directReportsLoader(db: Database, orgId: string) {
  return batchLoader<string, UserRow, UserRow[]>(
    async (managerIds) =>
      (
        await selectRows<SelectedUser>(
          db,
          sql`select p.*
                from ${eachKey(
                  managerIds,
                  (managerId) => sql`select ${USER_COLUMNS}
                    from ${directoryUsers} u
                    ${joinOrganisation("u", orgId)}
                   where u.manager_id = ${managerId} and u.deleted_at is null`,
                )} as p
               order by p."displayName", p.id`,
        )
      ).map(userRow),
    (row) => row.managerId!,
    () => [],
    appendRow,
  );
}
