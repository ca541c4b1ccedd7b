// The states an integration can be in; src/integrations/status.ts moves it between them and
// draws the diagram.

export const INTEGRATION_STATUSES = ["PENDING", "SYNCING", "CONNECTED", "WARNING", "FAILED", "DISABLED"] as const;

export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];
