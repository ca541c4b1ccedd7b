// How current what a trace's person or service principal shows is: the mirror holds them as their
// tenant's last successful sync left them. A trace's reader can say "as of" and tell a stale
// directory, without the admin-only integration fields; a trace pipeline can stamp it on what
// resolveIdentities gives it.
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "./context.js";
import { DirectoryServicePrincipal, DirectoryUser } from "./directory-types.js";
import { DateTime } from "./integration-types.js";
import { ResolvedIdentity } from "./resolve-identities.js";

/** A row of the mirror: people and service principals alike name the integration that mirrors them. */
interface Mirrored {
  integrationId: string;
}

const SYNCED_AT =
  "When its tenant last synced successfully: the mirror shows it as it was then. Null before the first successful sync.";
const STALE =
  "Whether its tenant has gone STALE_AFTER_INTERVALS sync intervals without a successful sync (as EntraIntegration.stale): it may miss the directory's recent changes.";

async function syncedAt(row: Mirrored, context: Context): Promise<Date | null> {
  return (await context.loaders.integrationFreshness.load(row.integrationId))?.lastSuccessfulSyncAt ?? null;
}

async function stale(row: Mirrored, context: Context): Promise<boolean> {
  const integration = await context.loaders.integrationFreshness.load(row.integrationId);
  return integration !== null && context.integrations.isStale(integration);
}

@Resolver(() => DirectoryUser)
export class UserFreshnessResolver {
  @FieldResolver(() => DateTime, { nullable: true, description: SYNCED_AT })
  syncedAt(@Root() user: Mirrored, @Ctx() context: Context): Promise<Date | null> {
    return syncedAt(user, context);
  }

  @FieldResolver(() => Boolean, { description: STALE })
  stale(@Root() user: Mirrored, @Ctx() context: Context): Promise<boolean> {
    return stale(user, context);
  }
}

@Resolver(() => DirectoryServicePrincipal)
export class ServicePrincipalFreshnessResolver {
  @FieldResolver(() => DateTime, { nullable: true, description: SYNCED_AT })
  syncedAt(@Root() servicePrincipal: Mirrored, @Ctx() context: Context): Promise<Date | null> {
    return syncedAt(servicePrincipal, context);
  }

  @FieldResolver(() => Boolean, { description: STALE })
  stale(@Root() servicePrincipal: Mirrored, @Ctx() context: Context): Promise<boolean> {
    return stale(servicePrincipal, context);
  }
}

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
