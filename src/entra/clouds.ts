// Which token authority and Graph host serve each Azure cloud.
//
// Hosts come only from here and from the operator's configuration, never from a mutation's
// input: an admin must not be able to send a tenant's secret to a host of their choice.
import type { Config } from "../config.js";
import type { AzureCloud } from "../directory/azure-clouds.js";

export interface EntraEndpoints {
  /** Origin of the token authority, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  /** Origin of Microsoft Graph, without the `/v1.0` version segment. */
  readonly graphBaseUrl: string;
}

const CLOUD_ENDPOINTS: Readonly<Record<AzureCloud, EntraEndpoints>> = {
  GLOBAL: {
    authorityHost: "https://login.microsoftonline.com",
    graphBaseUrl: "https://graph.microsoft.com",
  },
  US_GOV: {
    authorityHost: "https://login.microsoftonline.us",
    graphBaseUrl: "https://graph.microsoft.us",
  },
  US_GOV_DOD: {
    authorityHost: "https://login.microsoftonline.us",
    graphBaseUrl: "https://dod-graph.microsoft.us",
  },
  CHINA: {
    authorityHost: "https://login.chinacloudapi.cn",
    graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
  },
};

/** The cloud's hosts, unless the operator overrides them (private clouds, emulators). */
export function entraEndpoints(
  cloud: AzureCloud,
  config: Pick<Config, "entraAuthorityHost" | "graphBaseUrl">,
): EntraEndpoints {
  const defaults = CLOUD_ENDPOINTS[cloud];
  return {
    authorityHost: config.entraAuthorityHost ?? defaults.authorityHost,
    graphBaseUrl: config.graphBaseUrl ?? defaults.graphBaseUrl,
  };
}
