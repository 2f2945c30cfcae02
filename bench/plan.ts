// `terraform plan` with nothing to change, for 1, 10 and 50 OAuth clients, with the real Terraform and the real
// hashicorp/external provider: wall time, CPU of Terraform and everything it ran, peak memory, and the Genesys and
// Secrets Manager calls the plan made (the simulator's counters and the counting proxy in front of moto).
// Each way of declaring N clients is a ClientsLayout; adding one (e.g. the many-in-one oauth-clients module) is
// adding one object to LAYOUTS.
import { relative } from "node:path";
import type { Services } from "../test/support/services.js";
import { createTerraformWorkspace } from "../test/support/terraform.js";
import { repoRoot } from "../test/support/toolchain.js";
import { medians, table, timeProcess, type ProcessSample } from "./measure.js";

export interface ClientsLayout {
  /** A short name for the table. */
  name: string;
  /** The root module's main.tf declaring `n` clients whose secret names start with `secretPrefix`. */
  mainTf(n: number, modulesDir: string, secretPrefix: string): string;
}

const ROLE_DIVISIONS = `[{ role_id = "00000000-0000-4000-8000-0000000000a2", division_id = "00000000-0000-4000-8000-000000000001" }]`;

/** N instances of terraform/modules/oauth-client (for_each): two reads (status and result), so two shim processes, per client. */
export const oauthClientInstances: ClientsLayout = {
  name: "oauth-client × N",
  mainTf: (n, modulesDir, secretPrefix) => `
module "client" {
  source   = ${JSON.stringify(`${modulesDir}/oauth-client`)}
  for_each = toset([for i in range(${n}) : format("c%03d", i)])

  name           = "bench-\${each.key}"
  secret_name    = "${secretPrefix}/\${each.key}"
  role_divisions = ${ROLE_DIVISIONS}
  aws_region     = "us-east-1"
}
`,
};

/** One terraform/modules/oauth-clients with N keys: two reads (status and result), so two shim processes, for all clients. */
export const oauthClientsMap: ClientsLayout = {
  name: "oauth-clients (N keys)",
  mainTf: (n, modulesDir, secretPrefix) => `
module "clients" {
  source = ${JSON.stringify(`${modulesDir}/oauth-clients`)}

  clients = { for i in range(${n}) : format("c%03d", i) => {
    name           = "bench-\${format("c%03d", i)}"
    secret_name    = "${secretPrefix}/\${format("c%03d", i)}"
    role_divisions = ${ROLE_DIVISIONS}
  } }
  aws_region = "us-east-1"
}
`,
};

export const LAYOUTS: ClientsLayout[] = [oauthClientInstances, oauthClientsMap];

const VERSIONS_TF = `
terraform {
  required_providers {
    external = { source = "hashicorp/external" }
  }
}
`;

export interface PlanFigures {
  layout: string;
  clients: number;
  samples: ProcessSample[];
  /** Calls per plan (median over the plans), by "METHOD /route" for Genesys and by operation for Secrets Manager. */
  genesysCalls: Record<string, number>;
  secretsManagerCalls: Record<string, number>;
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(after)) if (n - (before[key] ?? 0) > 0) out[key] = n - (before[key] ?? 0);
  return out;
}

function perPlan(calls: Record<string, number>, plans: number): Record<string, number> {
  return Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v / plans]));
}

/** Applies the layout with `clients` clients once, then times `plans` no-change plans. */
export async function measurePlan(services: Services, layout: ClientsLayout, clients: number, plans: number): Promise<PlanFigures> {
  const slug = `${layout.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}-${clients}`;
  const ws = createTerraformWorkspace({ env: services.shimEnv() });
  try {
    ws.writeFile("versions.tf", VERSIONS_TF);
    ws.writeFile("main.tf", layout.mainTf(clients, relative(ws.dir, `${repoRoot}/terraform/modules`), `bench/plan/${slug}`));
    await ws.run(["init", "-input=false", "-no-color"]);
    await ws.run(["apply", "-auto-approve", "-input=false", "-no-color"], { timeoutMs: 600_000 });
    const samples: ProcessSample[] = [];
    const before = { genesys: await services.simCounters(), aws: services.proxy.counts() };
    for (let i = 0; i < plans; i++) {
      // exit 0 with -detailed-exitcode: the plan has no changes, which is what is being measured
      const { sample } = await timeProcess([ws.terraform, "plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"], {
        env: ws.env,
        cwd: ws.dir,
        sampleTree: true,
        timeoutMs: 300_000,
      });
      samples.push(sample);
    }
    return {
      layout: layout.name,
      clients,
      samples,
      genesysCalls: perPlan(difference(await services.simCounters(), before.genesys), plans),
      secretsManagerCalls: perPlan(difference(services.proxy.counts(), before.aws), plans),
    };
  } finally {
    ws.cleanup();
  }
}

const sum = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
const list = (calls: Record<string, number>) =>
  Object.entries(calls)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

export function formatPlans(figures: PlanFigures[]): string {
  const rows = figures.map((f) => {
    const m = medians(f.samples);
    return [
      f.layout,
      String(f.clients),
      m.wallS.toFixed(2),
      m.cpuS.toFixed(2),
      (m.cpuS / f.clients).toFixed(3),
      m.peakRssMiB.toFixed(0),
      (m.treeRssMiB ?? Number.NaN).toFixed(0),
      String(sum(f.genesysCalls)),
      String(sum(f.secretsManagerCalls)),
    ];
  });
  const details = figures.map(
    (f) => `  ${f.layout}, ${f.clients} client(s), calls per plan: Genesys {${list(f.genesysCalls)}}; Secrets Manager {${list(f.secretsManagerCalls)}}`,
  );
  return [
    table(
      [
        "no-change terraform plan",
        "clients",
        "wall s",
        "CPU s (all processes)",
        "CPU s / client",
        "largest process MiB",
        "all processes MiB (peak)",
        "Genesys calls",
        "Secrets Manager calls",
      ],
      rows,
    ),
    ...details,
  ].join("\n");
}

// `node --import tsx bench/plan.ts [plans] [sizes]` runs this section alone (make build first); `make bench` runs it
// as section 3.
if (process.argv[1]?.endsWith("bench/plan.ts")) {
  const { startServices } = await import("../test/support/services.js");
  const plans = Number(process.argv[2] ?? 3);
  const sizes = (process.argv[3] ?? "1,10,50").split(",").map(Number);
  const services = await startServices();
  try {
    const figures: PlanFigures[] = [];
    for (const layout of LAYOUTS) for (const n of sizes) figures.push(await measurePlan(services, layout, n, plans));
    console.log(formatPlans(figures));
  } finally {
    await services.close();
  }
}
