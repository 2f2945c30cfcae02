// A no-change ensure with every request held for a fixed delay by a loopback proxy (Genesys login and API, and
// Secrets Manager): its wall time, and how many round trips it made in sequence.
import type { Services } from "../test/support/services.js";
import { median, table, timeProcess } from "./measure.js";
import { sequentialRoundTrips, startDelayingProxy, type RequestSpan } from "./latency-proxy.js";
import { BUNDLE_PATH, ensureQuery } from "./startup.js";

export interface LatencyFigures {
  delayMs: number;
  /** Wall seconds of each run without and with the delay, interleaved. */
  direct: number[];
  delayed: number[];
  requests: number[];
  sequential: number[];
  /** The requests of the last delayed run, in the order they began. */
  lastRun: RequestSpan[];
}

export async function measureLatency(services: Services, root: string, runs: number, delayMs: number): Promise<LatencyFigures> {
  const bundle = `${root}${BUNDLE_PATH}`;
  const query = ensureQuery("bench-latency", "bench/latency");
  const recorder = { spans: [] as RequestSpan[] };
  const proxies = await Promise.all(
    [
      ["Genesys login", services.sim.loginUrl],
      ["Genesys API", services.sim.apiUrl],
      ["Secrets Manager", services.proxy.url],
    ].map(([name, url]) => startDelayingProxy(name!, url!, delayMs, recorder)),
  );
  try {
    const [login, api, aws] = proxies.map((p) => p.url);
    const directEnv = services.shimEnv();
    const delayedEnv = services.shimEnv({
      GENESYS_OAUTH_SHIM_LOGIN_BASE_URL: login,
      GENESYS_OAUTH_SHIM_API_BASE_URL: api,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws,
    });
    const ensure = (env: NodeJS.ProcessEnv) => timeProcess([process.execPath, bundle, "external"], { env, stdin: query, cwd: root });
    await ensure(directEnv); // creates the client: every later run is a no-change ensure
    const figures: LatencyFigures = { delayMs, direct: [], delayed: [], requests: [], sequential: [], lastRun: [] };
    for (let round = -1; round < runs; round++) {
      const direct = await ensure(directEnv);
      recorder.spans = [];
      const delayed = await ensure(delayedEnv);
      if (round < 0) continue;
      figures.direct.push(direct.sample.wallS);
      figures.delayed.push(delayed.sample.wallS);
      figures.requests.push(recorder.spans.length);
      figures.sequential.push(sequentialRoundTrips(recorder.spans));
      figures.lastRun = [...recorder.spans].sort((a, b) => a.startMs - b.startMs);
    }
    return figures;
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
}

export function formatLatency(f: LatencyFigures): string {
  const direct = median(f.direct);
  const delayed = median(f.delayed);
  const t0 = f.lastRun[0]?.startMs ?? 0;
  const timeline = f.lastRun.map((s) => `    ${(s.startMs - t0).toFixed(0).padStart(5)} → ${(s.endMs - t0).toFixed(0).padStart(5)} ms  ${s.label}`).join("\n");
  return [
    table(
      ["", "wall s", "requests", "sequential round trips"],
      [
        ["no-change ensure, direct", direct.toFixed(3), "", ""],
        [`no-change ensure, +${f.delayMs} ms per request`, delayed.toFixed(3), String(median(f.requests)), String(median(f.sequential))],
        ["difference", (delayed - direct).toFixed(3), "", `≈ ${((delayed - direct) / (f.delayMs / 1000)).toFixed(1)} × ${f.delayMs} ms`],
      ],
    ),
    `  the last delayed run's requests (start → end, from the first request):`,
    timeline,
  ].join("\n");
}
