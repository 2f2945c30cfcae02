// `genesys-oauth-shim simulate`: run the simulator until SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { DEFAULT_READ_LAG, startSimulator, type SimulatorHandle, type SimulatorOptions } from "../simulator/index.js";
import { SECRET_PREFIX_PATTERN } from "../simulator/secrets.js";

const USAGE = `Usage: genesys-oauth-shim simulate [--port N] [--login-port N] [--secret-prefix P] [--list-lag-ms N] [--get-lag-ms N] [--json]

Runs the local Genesys Cloud OAuth API simulator (not Genesys) on 127.0.0.1 until SIGINT or SIGTERM.

Options:
  --port N            API listener port (/api/v2/oauth/clients…, /__sim/…); 0 picks a free port (default 0)
  --login-port N      login listener port (POST /oauth/token); 0 picks a free port (default 0)
  --secret-prefix P   every generated client secret starts with P (letters, digits, . _ ~ -)
  --list-lag-ms N     a new client is missing from the list for N ms after its create (default ${DEFAULT_READ_LAG.listMs})
  --get-lag-ms N      a new client answers 404 to GET for N ms after its create (default ${DEFAULT_READ_LAG.getMs})
  --json              print one JSON line {apiUrl, loginUrl, adminClientId, adminClientSecret}
  -h, --help          show this help
`;

class UsageError extends Error {}

function parsePort(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  return Number(value);
}

function parseOptions(argv: string[]): { help: boolean; json: boolean; options: SimulatorOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        "login-port": { type: "string" },
        "secret-prefix": { type: "string" },
        "list-lag-ms": { type: "string" },
        "get-lag-ms": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const options: SimulatorOptions = { host: "127.0.0.1" };
  const apiPort = parsePort("--port", values.port);
  const loginPort = parsePort("--login-port", values["login-port"]);
  if (apiPort !== undefined) options.apiPort = apiPort;
  if (loginPort !== undefined) options.loginPort = loginPort;
  for (const [flag, key] of [
    ["list-lag-ms", "listLagMs"],
    ["get-lag-ms", "getLagMs"],
  ] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || Number(value) > 600_000)
      throw new UsageError(`--${flag} must be a whole number of milliseconds from 0 to 600000, got "${value}"`);
    options[key] = Number(value);
  }
  const prefix = values["secret-prefix"];
  if (prefix !== undefined) {
    if (!SECRET_PREFIX_PATTERN.test(prefix)) throw new UsageError("--secret-prefix may contain only letters, digits and . _ ~ - (1 to 64 characters)");
    options.secretPrefix = prefix;
  }
  return { help: values.help === true, json: values.json === true, options };
}

function describe(sim: SimulatorHandle): string {
  return [
    "Genesys Cloud OAuth API simulator (local; not Genesys)",
    `  API URL:             ${sim.apiUrl}`,
    `  Login URL:           ${sim.loginUrl}`,
    `  Admin client id:     ${sim.admin.clientId}`,
    `  Admin client secret: ${sim.admin.clientSecret}`,
    "",
    "Environment for the shim:",
    `export GENESYS_OAUTH_SHIM_API_BASE_URL=${sim.apiUrl}`,
    `export GENESYS_OAUTH_SHIM_LOGIN_BASE_URL=${sim.loginUrl}`,
    `export GENESYSCLOUD_OAUTHCLIENT_ID=${sim.admin.clientId}`,
    `export GENESYSCLOUD_OAUTHCLIENT_SECRET=${sim.admin.clientSecret}`,
    "",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`genesys-oauth-shim simulate: ${error.message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let sim: SimulatorHandle;
  try {
    sim = await startSimulator(parsed.options);
  } catch (error) {
    process.stderr.write(`genesys-oauth-shim simulate: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const stopped = untilSignal();
  if (parsed.json) {
    const line = { apiUrl: sim.apiUrl, loginUrl: sim.loginUrl, adminClientId: sim.admin.clientId, adminClientSecret: sim.admin.clientSecret };
    process.stdout.write(JSON.stringify(line) + "\n");
  } else {
    process.stdout.write(describe(sim));
  }
  await stopped;
  await sim.close();
  return 0;
}
