// `npm run demo`: the whole product on this machine, with no network and no setup. Starts the
// stack (stack.ts), prints a ready-to-paste query with its answer and the admin token, and
// stops everything on Ctrl-C.
//
//   npm run demo                      gateway on :4000, identity subgraph on :4001, traces on :4002
//   npm run demo -- --gateway-port 0 --identity-port 0 --traces-port 0
//                                     free ports (several demos at once)
import { parseArgs } from "node:util";
import { DEMO_QUERY, graphql, startDemo } from "./stack.js";

const { values } = parseArgs({
  options: {
    "gateway-port": { type: "string", default: "4000" },
    "identity-port": { type: "string", default: "4001" },
    "traces-port": { type: "string", default: "4002" },
  },
});

const say = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
const demo = await startDemo({
  gatewayPort: Number(values["gateway-port"]),
  identityPort: Number(values["identity-port"]),
  tracesPort: Number(values["traces-port"]),
  say,
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  say("\nStopping the demo...");
  demo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Unclean stop: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
// `on`, not `once`: a library's signal-exit hook re-raises the signal when it finds no other
// listener left, which would kill the process before the stack is stopped.
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const result = await graphql(demo.gatewayUrl, demo.adminToken, DEMO_QUERY);
say(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Query the gateway at ${demo.gatewayUrl}

  Authorization: Bearer ${demo.adminToken}

${DEMO_QUERY}

curl -s ${demo.gatewayUrl} -H 'content-type: application/json' \\
  -H 'authorization: Bearer ${demo.adminToken}' \\
  -d '{"query":"{ traces(first: 3) { id tool model user { displayName department { name } } identity { method matchedOn } } }"}'

Result:
${JSON.stringify(result, null, 2)}

DEMO READY — press Ctrl-C to stop everything.`);
