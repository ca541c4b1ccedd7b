// How current what a trace's person or service principal shows is: the mirror holds them as their
// tenant's last successful sync left them. A trace's reader can say "as of" and tell a stale
// directory, without the admin-only integration fields; a trace pipeline can stamp it on what
// resolveIdentities gives it; a trace view can show one banner for the whole directory.
import { Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { organisationFreshness } from "../loaders/integration-freshness.js";
import { callerOf, type Context } from "./context.js";
import { DirectoryServicePrincipal, DirectoryUser } from "./directory-types.js";
import { DateTime } from "./scalars.js";
import { ResolvedIdentity } from "./resolve-identities.js";

/** A row of the mirror: people and service principals alike name the integration that mirrors them. */
interface Mirrored {
  integrationId: string;
}

const SYNCED_AT =
  "When its tenant's last successful sync began: the mirror shows it at least as it was then. Null before the first successful sync.";
const STALE =
  "Whether its tenant has gone STALE_AFTER_INTERVALS sync intervals without a successful sync (as EntraIntegration.stale): it may miss the directory's recent changes.";

async function syncedAt(row: Mirrored, context: Context): Promise<Date | null> {
  return (await context.loaders.integrationFreshness.load(row.integrationId))?.lastSuccessfulSyncAt ?? null;
}

async function stale(row: Mirrored, context: Context): Promise<boolean> {
  const integration = await context.loaders.integrationFreshness.load(row.integrationId);
  return integration !== null && context.integrations.isStale(integration);
}

@ObjectType({ description: "How current the organisation's directory is, across its connected tenants." })
export class DirectoryFreshness {
  @Field(() => DateTime, {
    nullable: true,
    description:
      "The oldest of the tenants' last successful syncs: everything the directory shows is at least this current. Null while a tenant has never synced successfully, or none is connected.",
  })
  syncedAt: Date | null;

  @Field({ description: "Whether any tenant is stale (as EntraIntegration.stale, paused ones included)." })
  stale: boolean;

  @Field(() => Int, { description: "The tenants connected, paused ones included." })
  tenants: number;
}

@Resolver()
export class DirectoryFreshnessQuery {
  @Authorized()
  @Query(() => DirectoryFreshness, { description: "How current the directory is, for a banner above traces; any caller." })
  async directoryFreshness(@Ctx() context: Context): Promise<DirectoryFreshness> {
    const tenants = await organisationFreshness(context.db, callerOf(context).org);
    const syncs = tenants.map((tenant) => tenant.lastSuccessfulSyncAt);
    return {
      syncedAt: syncs.length === 0 || syncs.includes(null) ? null : new Date(Math.min(...syncs.map((at) => at!.getTime()))),
      stale: tenants.some((tenant) => context.integrations.isStale(tenant)),
      tenants: tenants.length,
    };
  }
}

/** The two fields on a type of the mirror: type-graphql takes one resolver class per type. */
function mirroredFreshness(type: typeof DirectoryUser | typeof DirectoryServicePrincipal) {
  @Resolver(() => type)
  class MirroredFreshnessResolver {
    @FieldResolver(() => DateTime, { nullable: true, description: SYNCED_AT })
    syncedAt(@Root() row: Mirrored, @Ctx() context: Context): Promise<Date | null> {
      return syncedAt(row, context);
    }

    @FieldResolver(() => Boolean, { description: STALE })
    stale(@Root() row: Mirrored, @Ctx() context: Context): Promise<boolean> {
      return stale(row, context);
    }
  }
  return MirroredFreshnessResolver;
}

export const UserFreshnessResolver = mirroredFreshness(DirectoryUser);
export const ServicePrincipalFreshnessResolver = mirroredFreshness(DirectoryServicePrincipal);

@Resolver(() => ResolvedIdentity)
export class ResolvedIdentityFreshnessResolver {
  @FieldResolver(() => DateTime, { nullable: true, description: `${SYNCED_AT} Null when nothing matched.` })
  syncedAt(@Root() resolved: ResolvedIdentity, @Ctx() context: Context): Promise<Date | null> | null {
    return resolved.integrationId === null ? null : syncedAt({ integrationId: resolved.integrationId }, context);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: `${STALE} Null when nothing matched.` })
  stale(@Root() resolved: ResolvedIdentity, @Ctx() context: Context): Promise<boolean> | null {
    return resolved.integrationId === null ? null : stale({ integrationId: resolved.integrationId }, context);
  }
}
