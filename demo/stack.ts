// The demo stack, started and stopped as one: the Entra/Graph emulator with the sample company,
// our subgraph (a child process on an embedded database), the traces subgraph, and Hive Gateway.
// Nothing reaches the network: the emulator stands in for login.microsoftonline.com and Graph.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { mintToken } from "../src/graphql/auth.js";
import { startEntraEmulator } from "../test/emulator/server.js";
import { createTestCertificates } from "../test/emulator/tls.js";
import { demoCompany, LEAVERS_KEY } from "./company.js";
import { startGateway, writeSupergraph } from "./gateway.js";
import { DEMO_TRACES_SDL, demoTraces, startDemoTracesSubgraph } from "./traces-subgraph.js";

export interface DemoOptions {
  /** 0 picks free ports (tests). */
  gatewayPort: number;
  identityPort: number;
  tracesPort: number;
  /** Progress lines for the person waiting. */
  say(line: string): void;
}

export interface Demo {
  gatewayUrl: string;
  /** The identity subgraph's GraphQL endpoint. */
  identityUrl: string;
  adminToken: string;
  integrationId: string;
  close(): Promise<void>;
}

export const DEMO_QUERY = /* GraphQL */ `query WhoUsesWhichAiTools {
  directoryFreshness { syncedAt stale }
  traces(first: 3) {
    id
    tool
    model
    userEmail
    user {
      displayName
      jobTitle
      accountStatus
      department { name }
      manager { displayName }
      groups { displayName kind }
      stale
    }
    identity { method matchedOn }
  }
  departments {
    name
    userCount
    users(first: 2) {
      edges { node { displayName aiTools { tool model traces } } }
    }
  }
}`;

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const root = repositoryRoot();
  const entry = path.join(root, "dist/src/index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm run demo does)`);
  const workDir = await mkdtemp(path.join(tmpdir(), "identity-demo-"));
  const stops: (() => Promise<unknown>)[] = [() => rm(workDir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    // A CA made for this run: the emulator serves HTTPS with it, our subgraph trusts it.
    const { caPath, certPem, keyPem } = createTestCertificates(workDir);
    const emulator = await startEntraEmulator({ tls: { certPem, keyPem } });
    stops.push(() => emulator.close());
    const directory = demoCompany();
    const tenantId = randomUUID();
    const tenant = emulator.addTenant({ tenantId, domains: ["contoso.onmicrosoft.com"], directory });
    const clientId = randomUUID();
    const clientSecret = `Demo~${randomBytes(12).toString("base64url")}`;
    tenant.registerApp({ clientId, secret: clientSecret, permissions: ["User.Read.All", "Group.Read.All", "Directory.Read.All", "RoleEligibilitySchedule.Read.Directory"], adminConsent: true });
    options.say(`Entra ID emulator: ${emulator.url} (tenant contoso.onmicrosoft.com, ${directory.users.length} people, ${directory.groups.length} groups)`);

    const jwtSecret = randomBytes(32).toString("base64url");
    const identity = await startIdentitySubgraph(entry, {
      DATA_DIR: path.join(workDir, "data"),
      PORT: String(options.identityPort),
      AUTH_JWT_SECRET: jwtSecret,
      SECRETS_KEY: randomBytes(32).toString("base64"),
      ENTRA_AUTHORITY_HOST: emulator.url,
      GRAPH_BASE_URL: emulator.url,
      NODE_EXTRA_CA_CERTS: caPath,
    });
    stops.push(() => identity.stop());
    options.say(`Identity subgraph: ${identity.url} (Node ${identity.node}, embedded database in ${workDir})`);

    const traces = demoTraces(directory);
    const tracesSubgraph = await startDemoTracesSubgraph(traces, options.tracesPort);
    stops.push(() => tracesSubgraph.close());
    options.say(`Traces subgraph: ${tracesSubgraph.url} (${traces.length} traces)`);

    const supergraphFile = path.join(workDir, "supergraph.graphql");
    await writeSupergraph(
      [
        { name: "traces", url: tracesSubgraph.url, sdl: DEMO_TRACES_SDL },
        { name: "identity", url: identity.url, sdl: await readFile(path.join(root, "schema/subgraph.graphql"), "utf8") },
      ],
      supergraphFile,
    );
    const adminToken = await mintToken(jwtSecret, { sub: "demo-admin", roles: ["admin"] }, { expiresIn: "7d" });
    const gateway = await startGateway(supergraphFile, options.gatewayPort, { query: DEMO_QUERY, token: adminToken });
    stops.push(() => gateway.close());
    options.say(`Hive Gateway: ${gateway.url} (GraphiQL in a browser, the query and token filled in)`);

    options.say("Connecting the tenant with addEntraIntegration, then waiting for the first sync...");
    const integrationId = await connectTenant(identity.url, adminToken, { tenantId, clientId, clientSecret });
    const run = await firstSync(identity.url, adminToken, integrationId);
    options.say(`First sync ${run.status}: ${run.usersUpserted} people, ${run.groupsUpserted} groups, ${run.membershipsChanged} memberships`);
    await graphql(identity.url, adminToken, `mutation Link($input: LinkApiKeyInput!) { linkApiKey(input: $input) { apiKeyId } }`, {
      input: { ...LEAVERS_KEY, label: "build bot" },
    });
    options.say(
      `Linked the API key ${LEAVERS_KEY.apiKeyId} to Linus Torvalds, who has left: the traces made with it resolve to his disabled account, and the access review finds it ({ accessReview { edges { node { kind detail apiKeyIds } } } })`,
    );
    return { gatewayUrl: gateway.url, identityUrl: identity.url, adminToken, integrationId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** POSTs a GraphQL operation; throws on errors, so a demo step fails loudly. */
export async function graphql<T>(url: string, token: string, query: string, variables: object = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function connectTenant(url: string, token: string, credentials: { tenantId: string; clientId: string; clientSecret: string }) {
  const data = await graphql<{ addEntraIntegration: { id: string } }>(
    url,
    token,
    `mutation Connect($input: AddEntraIntegrationInput!) { addEntraIntegration(input: $input) { id status } }`,
    { input: { name: "Contoso (demo)", ...credentials } },
  );
  return data.addEntraIntegration.id;
}

interface RunSummary {
  status: string;
  usersUpserted: number;
  groupsUpserted: number;
  membershipsChanged: number;
  error: { code: string; message: string } | null;
}

async function firstSync(url: string, token: string, id: string): Promise<RunSummary> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const data = await graphql<{ entraIntegration: { lastSync: RunSummary | null } }>(
      url,
      token,
      `query Run($id: ID!) { entraIntegration(id: $id) { lastSync { status usersUpserted groupsUpserted membershipsChanged error { code message } } } }`,
      { id },
    );
    const run = data.entraIntegration.lastSync;
    if (run && run.status !== "RUNNING") {
      if (run.status !== "SUCCEEDED") throw new Error(`The first sync failed: ${run.error?.code}: ${run.error?.message}`);
      return run;
    }
    if (Date.now() > deadline) throw new Error("The first sync did not finish within two minutes");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Our subgraph as `npm start` runs it, in its own process: NODE_EXTRA_CA_CERTS is read only at
 * start. Its `url` is the GraphQL endpoint and `node` the Node version it logs when listening.
 */
async function startIdentitySubgraph(
  entry: string,
  env: Record<string, string>,
): Promise<{ url: string; node: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [entry], {
    // DATABASE_URL cleared: the demo runs on the embedded database whatever the shell has set.
    env: { ...process.env, ...env, DATABASE_URL: "", NODE_ENV: "development", LOG_FORMAT: "json", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const listening = await new Promise<{ url: string; node: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once("exit", (code) => reject(new Error(`The identity subgraph exited with code ${code} before listening`)));
    lines.on("line", (line) => {
      const entryLine = parseLogLine(line);
      if (entryLine?.msg === "identity subgraph listening" && typeof entryLine.url === "string") {
        resolve({ url: entryLine.url, node: String(entryLine.node) });
      }
      // Warnings and errors are the demo's business too; routine info is not.
      else if (entryLine && typeof entryLine.level === "number" && entryLine.level >= 40) process.stderr.write(`[identity] ${line}\n`);
    });
  });
  return { ...listening, stop: () => stopChild(child) };
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** SIGTERM (the subgraph shuts down gracefully), then SIGKILL if it has not exited in 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The directory holding package.json: the demo runs from demo/ (tests) or dist/demo/ (npm run demo). */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the demo");
    dir = parent;
  }
  return dir;
}
