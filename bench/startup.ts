// Start-up cost: a no-change ensure of the bundled shim (exactly what Terraform runs on every plan) against bare
// `node -e 0`, interleaved in one run so the ratio holds on a noisy machine.
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "../src/simulator/index.js";
import type { Services } from "../test/support/services.js";
import { interleaved, medians, pairedRatio, table, timeProcess, type ProcessSample } from "./measure.js";

export const BUNDLE_PATH = "terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs";

export function ensureQuery(name: string, secretName: string): string {
  return JSON.stringify({ name, secret_name: secretName, role_divisions: JSON.stringify([{ role_id: ADMIN_ROLE_ID, division_id: HOME_DIVISION_ID }]) });
}

export interface StartupFigures {
  bare: ProcessSample[];
  ensure: ProcessSample[];
}

/** Creates the client once, then times `runs` no-change ensures interleaved with `node -e 0`. */
export async function measureStartup(services: Services, root: string, runs: number, env = services.shimEnv()): Promise<StartupFigures> {
  const bundle = `${root}${BUNDLE_PATH}`;
  const query = ensureQuery("bench-startup", "bench/startup");
  await timeProcess([process.execPath, bundle, "external"], { env, stdin: query, cwd: root });
  const writesBefore = (await services.simWriteCount()) + services.proxy.writeCount();
  const samples = await interleaved(runs, {
    bare: async () => (await timeProcess([process.execPath, "-e", "0"], { env, cwd: root })).sample,
    ensure: async () => (await timeProcess([process.execPath, bundle, "external"], { env, stdin: query, cwd: root })).sample,
  });
  const writes = (await services.simWriteCount()) + services.proxy.writeCount() - writesBefore;
  if (writes !== 0) throw new Error(`the "no-change" ensures wrote ${writes} times: the benchmark does not measure what it says`);
  return samples;
}

const s = (v: number) => v.toFixed(3);
const mib = (v: number) => v.toFixed(1);
const x = (v: number) => `${v.toFixed(2)}x`;

export function formatStartup(figures: StartupFigures): string {
  const bare = medians(figures.bare);
  const ensure = medians(figures.ensure);
  const row = (name: string, m: ProcessSample) => [name, s(m.userS), s(m.sysS), s(m.cpuS), s(m.wallS), mib(m.peakRssMiB)];
  return table(
    ["", "user s", "sys s", "CPU s", "wall s", "peak RSS MiB"],
    [
      row("node -e 0", bare),
      row("no-change ensure", ensure),
      [
        "ratio (median of pairs)",
        x(pairedRatio(figures.ensure, figures.bare, (m) => m.userS)),
        x(pairedRatio(figures.ensure, figures.bare, (m) => m.sysS)),
        x(pairedRatio(figures.ensure, figures.bare, (m) => m.cpuS)),
        x(pairedRatio(figures.ensure, figures.bare, (m) => m.wallS)),
        x(pairedRatio(figures.ensure, figures.bare, (m) => m.peakRssMiB)),
      ],
    ],
  );
}
