// A part of the directory the app has no permission to read is skipped and reported, while the
// rest syncs: an app granted User.Read.All alone still mirrors its tenant's users.
import { permissionReading } from "../connection-test.js";
import { GraphError } from "../graph-client.js";
import type { SkippedResource } from "./types.js";

/**
 * Runs `read`. When Graph refuses it for lack of permission, records `resource` in `skipped` and
 * returns undefined; any other failure fails the run.
 */
export async function skipWhenDenied<T>(
  resource: SkippedResource["resource"],
  skipped: SkippedResource[],
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    skipped.push({ resource, permission: permissionReading(resource), code: error.code, message: error.message });
    return undefined;
  }
}

/** Graph's answer when the app lacks the permission a resource needs. */
function isPermissionDenied(error: unknown): error is GraphError {
  return error instanceof GraphError && (error.status === 403 || error.code === "Authorization_RequestDenied");
}
