// Each Azure cloud's hosts, and the operator's overrides.
import { describe, expect, it } from "vitest";
import { entraEndpoints } from "../../src/entra/clouds.js";

const none = { entraAuthorityHost: undefined, graphBaseUrl: undefined };

describe("entraEndpoints", () => {
  it("knows every cloud's authority and Graph host", () => {
    expect(entraEndpoints("GLOBAL", none)).toEqual({
      authorityHost: "https://login.microsoftonline.com",
      graphBaseUrl: "https://graph.microsoft.com",
    });
    expect(entraEndpoints("US_GOV", none)).toEqual({
      authorityHost: "https://login.microsoftonline.us",
      graphBaseUrl: "https://graph.microsoft.us",
    });
    expect(entraEndpoints("US_GOV_DOD", none)).toEqual({
      authorityHost: "https://login.microsoftonline.us",
      graphBaseUrl: "https://dod-graph.microsoft.us",
    });
    expect(entraEndpoints("CHINA", none)).toEqual({
      authorityHost: "https://login.chinacloudapi.cn",
      graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
    });
  });

  it("lets configuration override either host", () => {
    expect(entraEndpoints("CHINA", { entraAuthorityHost: "https://localhost:8443", graphBaseUrl: undefined })).toEqual({
      authorityHost: "https://localhost:8443",
      graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
    });
    expect(entraEndpoints("GLOBAL", { entraAuthorityHost: undefined, graphBaseUrl: "https://localhost:9443" }).graphBaseUrl).toBe(
      "https://localhost:9443",
    );
  });
});
