// A part of the directory the app has no permission to read is skipped and reported, while the
// rest syncs: an app granted User.Read.All alone still mirrors its tenant's users. A part that
// earlier runs did read and Graph now refuses fails the run instead (PermissionRevokedError): its
// permission or consent was taken away, and skipping it would leave it frozen under a fresh sync.
import { permissionReading } from "../connection-test.js";
import { GraphError } from "../graph-client.js";
import type { SkippedResource } from "./types.js";

/** Graph refused a part of the directory that earlier runs of the integration read. */
export class PermissionRevokedError extends Error {
  override readonly name = "PermissionRevokedError";

  constructor(
    readonly resource: SkippedResource["resource"],
    readonly permission: SkippedResource["permission"],
    graphMessage: string,
  ) {
    super(
      `Microsoft Graph no longer lets the app read ${resource} (${permission}), which earlier syncs read: ${graphMessage}. Nothing was synced; the mirror stays as the last successful sync left it`,
    );
  }
}

/**
 * Runs `read`. When Graph refuses it for lack of permission, records `resource` in `skipped` and
 * returns undefined, or throws PermissionRevokedError when `readBefore`; any other failure fails
 * the run.
 */
export async function skipWhenDenied<T>(
  resource: SkippedResource["resource"],
  skipped: SkippedResource[],
  read: () => Promise<T>,
  { readBefore = false } = {},
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    const permission = permissionReading(resource);
    if (readBefore) throw new PermissionRevokedError(resource, permission, error.message);
    skipped.push({ resource, permission, code: error.code, message: error.message });
    return undefined;
  }
}

/** Whether the run skipped `resource` for want of its permission. */
export function wasSkipped(skipped: readonly SkippedResource[], resource: SkippedResource["resource"]): boolean {
  return skipped.some((s) => s.resource === resource);
}

/** Graph's answer when the app lacks the permission a resource needs. */
function isPermissionDenied(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.status === 403 || error.code === "Authorization_RequestDenied");
}
