// Admin operations on connected tenants; every one needs the admin role and stays inside the
// caller's organisation.
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SyncMode } from "../directory/sync-modes.js";
import { listIntegrations, type IntegrationRow } from "../integrations/store.js";
import type { SyncRunRow } from "../integrations/runs.js";
import type { IntegrationService } from "../integrations/service.js";
import { ADMIN } from "./auth-checker.js";
import { callerOf, type Context } from "./context.js";
import {
  AddEntraIntegrationInput,
  ConnectionTestResult,
  EntraCredential,
  EntraCredentialsInput,
  EntraIntegration,
  IntegrationError,
  SyncModeEnum,
  SyncRun,
  UpdateEntraIntegrationInput,
} from "./integration-types.js";

/** What Test Connection found, as the integrations service reports it. */
type ConnectionReport = Awaited<ReturnType<IntegrationService["test"]>>;

function connectionResult(report: ConnectionReport): ConnectionTestResult {
  return {
    authenticated: report.authenticated,
    tenantId: report.tenantId ?? null,
    error: report.error
      ? {
          code: report.error.aadsts ?? report.error.reason,
          reason: report.error.reason,
          message: report.error.message,
          hint: report.error.hint,
        }
      : null,
    permissions: report.checks.map((check) => ({ ...check })),
  };
}

@Resolver(() => EntraIntegration)
export class IntegrationResolver {
  @Authorized(ADMIN)
  @Query(() => [EntraIntegration], { description: "The organisation's connected tenants (admin)." })
  entraIntegrations(@Ctx() context: Context): Promise<IntegrationRow[]> {
    return listIntegrations(context.db, callerOf(context).org);
  }

  @Authorized(ADMIN)
  @Query(() => EntraIntegration, { nullable: true, description: "One connected tenant (admin); null if there is none." })
  entraIntegration(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<IntegrationRow | null> {
    const { org } = callerOf(context);
    return context.integrations.find(org, id, context.db);
  }

  @Authorized(ADMIN)
  @Mutation(() => ConnectionTestResult, { description: "Tests credentials without saving anything (admin)." })
  async testEntraConnection(
    @Arg("input", () => EntraCredentialsInput) input: EntraCredentialsInput,
    @Ctx() context: Context,
  ): Promise<ConnectionTestResult> {
    return connectionResult(await context.integrations.test(callerOf(context).org, input));
  }

  @Authorized(ADMIN)
  @Mutation(() => EntraIntegration, {
    description: "Tests the connection, seals the credential, saves, and starts the first full sync (admin).",
  })
  async addEntraIntegration(
    @Arg("input", () => AddEntraIntegrationInput) input: AddEntraIntegrationInput,
    @Ctx() context: Context,
  ): Promise<IntegrationRow> {
    const { org } = callerOf(context);
    return (await context.integrations.add(org, input)).integration;
  }

  @Authorized(ADMIN)
  @Mutation(() => EntraIntegration, {
    description: "Renames, changes the interval, or rotates or switches the credential, re-tested before it is saved (admin).",
  })
  updateEntraIntegration(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateEntraIntegrationInput) input: UpdateEntraIntegrationInput,
    @Ctx() context: Context,
  ): Promise<IntegrationRow> {
    const { org } = callerOf(context);
    return context.integrations.update(org, id, input);
  }

  @Authorized(ADMIN)
  @Mutation(() => Boolean, { description: "Disconnects the tenant and deletes its mirror data (admin)." })
  async removeEntraIntegration(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<boolean> {
    const { org } = callerOf(context);
    await context.integrations.remove(org, id);
    return true;
  }

  @Authorized(ADMIN)
  @Mutation(() => SyncRun, { description: "Starts a sync now and returns its run, RUNNING (admin)." })
  async syncEntraIntegration(
    @Arg("id", () => ID) id: string,
    @Arg("mode", () => SyncModeEnum, { defaultValue: SyncModeEnum.INCREMENTAL, nullable: true }) mode: SyncMode | null,
    @Ctx() context: Context,
  ): Promise<SyncRunRow> {
    const { org } = callerOf(context);
    // The default applies to a mode left out; a client may also send null (a form's empty choice).
    return (await context.integrations.sync(org, id, mode ?? SyncModeEnum.INCREMENTAL)).run;
  }

  @Authorized(ADMIN)
  @Mutation(() => EntraIntegration, {
    description: "Pauses the integration (DISABLED): no scheduled or manual sync until resumed; a run already going finishes (admin).",
  })
  pauseEntraIntegration(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<IntegrationRow> {
    const { org } = callerOf(context);
    return context.integrations.pause(org, id);
  }

  @Authorized(ADMIN)
  @Mutation(() => EntraIntegration, {
    description: "Resumes a paused integration: PENDING, and synced at the scheduler's next look (admin).",
  })
  resumeEntraIntegration(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<IntegrationRow> {
    const { org } = callerOf(context);
    return context.integrations.resume(org, id);
  }

  @FieldResolver(() => EntraCredential, { description: "The kind of credential, a hint to recognise it by, and its expiry." })
  credential(@Root() integration: IntegrationRow): EntraCredential {
    return {
      kind: integration.credentialKind,
      hint: integration.credentialHint,
      expiresAt: integration.credentialExpiresAt,
    };
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The last four characters of the client secret, e.g. "••••3f9a"; null for other credentials (see credential).',
  })
  clientSecretHint(@Root() integration: IntegrationRow): string | null {
    return integration.credentialKind === "CLIENT_SECRET" ? integration.credentialHint : null;
  }

  @FieldResolver(() => IntegrationError, {
    nullable: true,
    description:
      "Why the status is WARNING or FAILED (one of IntegrationError's codes); for PENDING after a run was interrupted, INTERRUPTED; null otherwise.",
  })
  statusReason(@Root() integration: IntegrationRow): IntegrationError | null {
    return integration.statusError;
  }

  @FieldResolver(() => Boolean, {
    description:
      "No successful sync for STALE_AFTER_INTERVALS sync intervals (default 3) since the last one, or since the integration was added: the mirror may miss recent changes. Paused integrations included (their status says why).",
  })
  stale(@Root() integration: IntegrationRow, @Ctx() context: Context): boolean {
    return context.integrations.isStale(integration);
  }

  @FieldResolver(() => SyncRun, {
    nullable: true,
    description: "The latest sync run, finished or not; a run refused because another was going (SYNC_IN_PROGRESS) is never the latest.",
  })
  lastSync(@Root() integration: IntegrationRow, @Ctx() context: Context): Promise<SyncRunRow | null> {
    return context.loaders.latestRun.load(integration.id);
  }
}
