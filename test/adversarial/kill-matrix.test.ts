// SIGKILL the shim at its Nth request, once with the request never reaching the server and once with the server
// having applied it but the answer lost, for every request of create, rotation, drift and delete; then one clean
// run. After it the invariant holds. The rotation_strategy "alternating" scenarios (issue 17) cover its steps: create
// of both clients, a rotation onto the standby (AWSPREVIOUS must stay valid or be unlabelled, never dead), a switch
// of strategy both ways, drift of either client, and the destroy hook removing both clients. A killed run's write lease stops being renewed, so the clean run takes it over
// once it has seen it unchanged for the lease TTL (15 s), as any run would. Killed runs use a deadline of 8 s.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { describe, it } from "node:test";
import { deleteClientAsAdmin } from "../support/inspect.js";
import { inBatches, runShim, startProxiedPath, type ProxiedPath, type ShimRun } from "../support/adversarial.js";
import { assertInvariant, type Strategy } from "../support/invariant.js";
import { adversarialServices, query } from "./setup.js";

const { services, path } = adversarialServices();

type Mode = "not reached" | "response lost";
const MODES: Mode[] = ["not reached", "response lost"];
// Trials mostly wait (for a killed run's lease to end), so four at a time cost little CPU.
const CONCURRENCY = 4;
const KILLED_RUN_ENV = { GENESYS_OAUTH_SHIM_TIMEOUT_SECONDS: "8" };

interface Scenario {
  name: string;
  command: "external" | "delete";
  /** Prepares the state before the run under test; returns that run's stdin. */
  setup(p: ProxiedPath, clientName: string, secretName: string): Promise<string>;
  expectGone: boolean;
  /** The rotation_strategy of the run under test (default in_place). */
  strategy?: Strategy;
}

const ALTERNATING = { rotation_strategy: "alternating" } as const;
const alternating = (c: string, s: string, extra: Record<string, string> = {}) => query(c, s, { ...ALTERNATING, ...extra });

async function ensureOkThrough(p: ProxiedPath, q: Record<string, string>): Promise<Record<string, string>> {
  const run = await runShim("external", JSON.stringify(q), p.env());
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, string>;
}

const SCENARIOS: Scenario[] = [
  { name: "create", command: "external", expectGone: false, setup: async (_p, c, s) => JSON.stringify(query(c, s)) },
  {
    name: "rotation",
    command: "external",
    expectGone: false,
    setup: async (p, c, s) => {
      await ensureOkThrough(p, query(c, s, { rotation_trigger: "1" }));
      return JSON.stringify(query(c, s, { rotation_trigger: "2" }));
    },
  },
  {
    name: "drift",
    command: "external",
    expectGone: false,
    setup: async (p, c, s) => {
      const first = await ensureOkThrough(p, query(c, s));
      await deleteClientAsAdmin(services, first.client_id!);
      return JSON.stringify(query(c, s));
    },
  },
  {
    name: "delete",
    command: "delete",
    expectGone: true,
    setup: async (p, c, s) => {
      const first = await ensureOkThrough(p, query(c, s));
      return JSON.stringify({ client_id: first.client_id!, secret_arn: first.secret_arn!, recovery_window_in_days: "0" });
    },
  },
  {
    // What the modules' destroy hook runs.
    name: "delete by secret name",
    command: "delete",
    expectGone: true,
    setup: async (p, c, s) => {
      await ensureOkThrough(p, query(c, s));
      return JSON.stringify({ secret_name: s, recovery_window_in_days: "0" });
    },
  },
  {
    name: "alternating create",
    command: "external",
    expectGone: false,
    strategy: "alternating",
    setup: async (_p, c, s) => JSON.stringify(alternating(c, s)),
  },
  {
    // Two rotations first: AWSPREVIOUS then labels the standby's credentials, which the run under test regenerates.
    name: "alternating rotation",
    command: "external",
    expectGone: false,
    strategy: "alternating",
    setup: async (p, c, s) => {
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "1" }));
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "2" }));
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "3" }));
      return JSON.stringify(alternating(c, s, { rotation_trigger: "4" }));
    },
  },
  {
    name: "switch in_place to alternating",
    command: "external",
    expectGone: false,
    strategy: "alternating",
    setup: async (p, c, s) => {
      await ensureOkThrough(p, query(c, s, { rotation_trigger: "1" }));
      return JSON.stringify(alternating(c, s, { rotation_trigger: "1" }));
    },
  },
  {
    // After one rotation the current client is slot "b" and AWSPREVIOUS labels slot "a"'s working credentials.
    name: "switch alternating to in_place",
    command: "external",
    expectGone: false,
    strategy: "in_place",
    setup: async (p, c, s) => {
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "1" }));
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "2" }));
      return JSON.stringify(query(c, s, { rotation_trigger: "2" }));
    },
  },
  {
    name: "alternating drift of the current client",
    command: "external",
    expectGone: false,
    strategy: "alternating",
    setup: async (p, c, s) => {
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "1" }));
      const rotated = await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "2" }));
      await deleteClientAsAdmin(services, rotated.client_id!);
      return JSON.stringify(alternating(c, s, { rotation_trigger: "2" }));
    },
  },
  {
    name: "alternating drift of the standby",
    command: "external",
    expectGone: false,
    strategy: "alternating",
    setup: async (p, c, s) => {
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "1" }));
      const rotated = await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "2" }));
      await deleteClientAsAdmin(services, rotated.standby_client_id!);
      return JSON.stringify(alternating(c, s, { rotation_trigger: "2" }));
    },
  },
  {
    name: "alternating delete by secret name",
    command: "delete",
    expectGone: true,
    strategy: "alternating",
    setup: async (p, c, s) => {
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "1" }));
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "2" }));
      return JSON.stringify({ secret_name: s, recovery_window_in_days: "0" });
    },
  },
];

async function trial(
  scenario: Scenario,
  killAt: number | undefined,
  mode: Mode,
  tag: string,
): Promise<{ requests: number; killed: boolean; code: number | null; stderr: string; elapsedMs: number }> {
  const p = await startProxiedPath(services);
  try {
    const clientName = `kill-${tag}`;
    const secretName = `kill/${tag}`;
    const stdin = await scenario.setup(p, clientName, secretName);
    p.reset();
    let child: ChildProcess | undefined;
    const kill = (seq: number, when: Mode) => {
      if (seq !== killAt || when !== mode) return;
      child?.kill("SIGKILL");
      return "drop" as const;
    };
    for (const proxy of p.all) proxy.setHooks({ beforeForward: (r) => kill(r.seq, "not reached"), afterForward: (r) => kill(r.seq, "response lost") });
    const run = await runShim(scenario.command, stdin, p.env(killAt === undefined ? {} : KILLED_RUN_ENV), { onStart: (c) => (child = c) });
    const requests = p.sequence.records.length;
    for (const proxy of p.all) proxy.setHooks(undefined);
    const runs: ShimRun[] = [run];
    if (killAt === undefined) {
      assert.equal(run.code, 0, run.stderr);
    } else {
      const clean = await runShim(scenario.command, stdin, p.env());
      assert.equal(clean.code, 0, `clean run after a kill at request ${killAt} (${mode}) of ${scenario.name}:\n${clean.stderr}`);
      runs.push(clean);
    }
    await assertInvariant(services, {
      clientNames: [clientName],
      secretNames: [secretName],
      expectGone: scenario.expectGone ? [secretName] : [],
      strategies: { [secretName]: scenario.strategy ?? "in_place" },
      runs,
      allowKilledRunLease: true,
    });
    return { requests, killed: run.signal === "SIGKILL", code: run.code, stderr: run.stderr, elapsedMs: run.elapsedMs };
  } finally {
    await p.close();
  }
}

describe("kill matrix", () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: SIGKILL at every request (not reached / response lost), then one clean run`, async () => {
      const started = Date.now();
      const { requests, elapsedMs } = await trial(scenario, undefined, "not reached", `${scenario.name.replaceAll(" ", "-")}-count`);
      assert.ok(requests > 0);
      path(); // the services are up
      const points = Array.from({ length: requests }, (_, i) => i + 1).flatMap((n) => MODES.map((mode) => ({ n, mode })));
      let killed = 0;
      const finishedFirst: string[] = [];
      await inBatches(points, CONCURRENCY, async ({ n, mode }) => {
        const result = await trial(scenario, n, mode, `${scenario.name.replaceAll(" ", "-")}-${n}-${mode === "not reached" ? "a" : "b"}`);
        if (result.killed) {
          killed++;
          return;
        }
        // Not killed: the only acceptable reason is that this run made fewer requests than the kill point (its
        // requests are not all fixed: a lease renewal or a wait for a lagging read can add or save one), and then it
        // must have succeeded like any clean run (the invariant was checked after it either way).
        assert.ok(result.requests < n, `request ${n} (${mode}) of ${scenario.name} was made but the run was not killed there`);
        assert.equal(result.code, 0, `a run that finished before request ${n} of ${scenario.name} failed (it made ${result.requests}):\n${result.stderr}`);
        finishedFirst.push(`${n} (${mode}): the run made ${result.requests}`);
      });
      console.log(
        `# kill matrix ${scenario.name}: ${requests} requests (uninterrupted run ${(elapsedMs / 1000).toFixed(1)} s), ${points.length} kill points, ${killed} runs killed, ${finishedFirst.length} finished before their point${finishedFirst.length ? ` (${finishedFirst.join("; ")})` : ""}, invariant held after each, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
      assert.equal(killed + finishedFirst.length, points.length);
    });
  }

  it("alternating: a rotation killed right after regenerating the standby, then a run with the previous trigger: AWSPREVIOUS is not left on the standby's dead secret", async () => {
    // The regenerate ends the standby's old secret, which AWSPREVIOUS labels (it was current before the last
    // rotation). The next run does not rotate (the trigger went back, as after an aborted apply), so no store moves
    // the label: the run that finds the killed run's lease must check AWSPREVIOUS as it checks AWSCURRENT.
    const p = await startProxiedPath(services);
    try {
      const [c, s] = ["kill-alt-regenerated", "kill/alt-regenerated"];
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "1" }));
      await ensureOkThrough(p, alternating(c, s, { rotation_trigger: "2" }));
      let child: ChildProcess | undefined;
      p.api.setHooks({
        afterForward: (record) => {
          if (record.label !== "POST /api/v2/oauth/clients/{id}/secret") return undefined;
          child?.kill("SIGKILL");
          return "drop" as const;
        },
      });
      const killed = await runShim("external", JSON.stringify(alternating(c, s, { rotation_trigger: "3" })), p.env(KILLED_RUN_ENV), {
        onStart: (started) => (child = started),
      });
      p.api.setHooks(undefined);
      assert.equal(killed.signal, "SIGKILL", killed.stderr);
      const next = await runShim("external", JSON.stringify(alternating(c, s, { rotation_trigger: "2" })), p.env());
      assert.equal(next.code, 0, next.stderr);
      await assertInvariant(services, { clientNames: [c], secretNames: [s], strategies: { [s]: "alternating" }, runs: [killed, next] });
    } finally {
      await p.close();
    }
  });
});
