// Helpers for the emulator's own tests: msal-node clients and a Graph caller that follows links.
import { ConfidentialClientApplication, type NodeAuthOptions } from "@azure/msal-node";
import type { EntraEmulator } from "./server.js";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** A fresh client each time: msal caches tokens and throttles locally after errors. */
export function msalClient(
  emu: EntraEmulator,
  tenant: string,
  clientId: string,
  clientSecret: string,
  discovery: "openid" | "metadata" = "openid",
): ConfidentialClientApplication {
  return msalApp(emu, tenant, clientId, { clientSecret }, discovery);
}

/** A fresh client with any credential msal takes: a secret, a certificate, or a client assertion. */
export function msalApp(
  emu: EntraEmulator,
  tenant: string,
  clientId: string,
  credential: Pick<NodeAuthOptions, "clientSecret" | "clientCertificate" | "clientAssertion">,
  discovery: "openid" | "metadata" = "metadata",
): ConfidentialClientApplication {
  const authority = `${emu.url}/${tenant}`;
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      ...credential,
      authority,
      knownAuthorities: [new URL(emu.url).host],
      ...(discovery === "metadata"
        ? {
            authorityMetadata: JSON.stringify({
              token_endpoint: `${authority}/oauth2/v2.0/token`,
              authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
              end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
              jwks_uri: `${authority}/discovery/v2.0/keys`,
              issuer: `${authority}/v2.0`,
            }),
          }
        : {}),
    },
  });
}

export async function acquireToken(emu: EntraEmulator, tenant: string, clientId: string, secret: string): Promise<string> {
  const result = await msalClient(emu, tenant, clientId, secret).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  if (!result) throw new Error("msal returned no token");
  return result.accessToken;
}

export interface GraphResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export async function graphGet(url: string, token: string): Promise<GraphResponse> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export interface DeltaRound {
  readonly pages: any[][];
  readonly items: any[];
  readonly deltaLink: string;
}

/** Follows `@odata.nextLink` exactly as given until the `@odata.deltaLink`. */
export async function deltaRound(url: string, token: string): Promise<DeltaRound> {
  const pages: any[][] = [];
  let next: string | undefined = url;
  while (next) {
    const { status, body } = await graphGet(next, token);
    if (status !== 200) throw new Error(`${status} ${JSON.stringify(body)}`);
    pages.push(body.value);
    if (body["@odata.deltaLink"]) return { pages, items: pages.flat(), deltaLink: body["@odata.deltaLink"] };
    next = body["@odata.nextLink"];
  }
  throw new Error("round ended without a deltaLink");
}
