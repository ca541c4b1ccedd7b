// Entra names tenants, applications, managed identities and integrations by GUID.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a GUID (either case, with its hyphens). */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}
