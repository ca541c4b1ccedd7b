// The Microsoft clouds a tenant can live in: the names the API, the database and the command line
// share. Which hosts serve each is src/entra/clouds.ts's business.

export const AZURE_CLOUDS = ["GLOBAL", "US_GOV", "US_GOV_DOD", "CHINA"] as const;

export type AzureCloud = (typeof AZURE_CLOUDS)[number];
